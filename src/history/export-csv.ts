import type { AuditExport } from './audit-export';

const COLUMNS = ['source', 'position', 'time', 'actor', 'type', 'intent_or_action', 'process_instance_key', 'element_id', 'key', 'masked', 'value', 'hash'];

/**
 * The same export as a table for a spreadsheet: records and operations in time order (records before
 * operations at the same millisecond, each chain in its own order), values masked as in the JSON. It is for
 * reading; the JSON export is the one that verifies.
 */
export function exportToCsv(doc: AuditExport): string {
  const rows: Array<{ time: number; order: number; cells: unknown[] }> = [];
  for (const r of doc.records) {
    const value = r.value as Record<string, unknown>;
    rows.push({
      time: r.timestamp,
      order: 0,
      cells: ['record', r.position, new Date(r.timestamp).toISOString(), '', r.valueType, `${r.recordType} ${r.intent}`, r.processInstanceKey ?? '', value?.elementId ?? '', r.key, r.masked, JSON.stringify(r.value), r.hash],
    });
  }
  for (const o of doc.operations) {
    rows.push({
      time: Date.parse(o.at),
      order: 1,
      cells: ['operation', o.position, o.at, o.username, 'OPERATION', o.action, o.processInstanceKey ?? '', '', o.taskId ?? '', false, JSON.stringify(o.detail), o.hash],
    });
  }
  rows.sort((a, b) => a.time - b.time || a.order - b.order || Number(a.cells[1]) - Number(b.cells[1]));
  return [COLUMNS, ...rows.map((row) => row.cells)].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * RFC 4180 quoting; a text that a spreadsheet would run as a formula (= + - @ at the start) gets a leading
 * apostrophe, so an exported value cannot execute on the auditor's machine.
 */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
