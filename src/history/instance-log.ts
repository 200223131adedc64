import type { Knex } from 'knex';
import type { LogRecord } from '../engine/log/record';
import { RECORD_SELECT, recordFromRow } from '../engine/log/log-store';

/**
 * What the log holds about one process instance: its own records in log order, and the PROCESS record of
 * each definition they run on (the deployment that carries the BPMN XML the diagram and the appliers need).
 * Read straight from `engine_records`, the engine's log; nothing here writes.
 */
export interface InstanceLog {
  processInstanceKey: string;
  records: LogRecord[];
  /** PROCESS CREATED events by process definition key. */
  definitions: Map<string, LogRecord>;
}


/** Instance keys are int64 decimals; anything else is refused before it reaches SQL as a bigint. */
export function isInstanceKey(text: string): boolean {
  return /^[0-9]{1,19}$/.test(text);
}

/** The instance's log, or undefined when no record carries that key. */
export async function readInstanceLog(db: Knex, processInstanceKey: string): Promise<InstanceLog | undefined> {
  if (!isInstanceKey(processInstanceKey)) return undefined;
  const rows = await db.raw(`select ${RECORD_SELECT} from engine_records r where r.process_instance_key = ? order by r.position`, [processInstanceKey]);
  const records: LogRecord[] = rows.rows.map(recordFromRow);
  if (records.length === 0) return undefined;
  const definitionKeys = new Set<string>();
  for (const record of records) {
    const key = (record.value as { processDefinitionKey?: string }).processDefinitionKey;
    if (key && key !== '-1') definitionKeys.add(key);
  }
  const definitions = new Map<string, LogRecord>();
  if (definitionKeys.size > 0) {
    const found = await db.raw(
      `select ${RECORD_SELECT} from engine_records r where r.value_type = 'PROCESS' and r.record_type = 'EVENT' and r.key = any(?::bigint[])`,
      [[...definitionKeys]],
    );
    for (const row of found.rows) definitions.set(row.key, recordFromRow(row));
  }
  return { processInstanceKey, records, definitions };
}
