import type { Knex } from 'knex';

/** One row of the engine's log table, with its value parsed. */
export interface LoggedRecord {
  position: number;
  key: string;
  recordType: string;
  valueType: string;
  intent: string;
  value: Record<string, any>;
  rejectionType: string | null;
  rejectionReason: string | null;
}

export interface RecordFilter {
  recordType?: 'EVENT' | 'COMMAND' | 'COMMAND_REJECTION';
  valueType?: string;
  intent?: string;
  key?: string;
  /** Only records whose value has this processInstanceKey. */
  processInstanceKey?: string;
}

/** Reads records of the log table `engine_records` in position order, as the auditors would. */
export async function readRecords(db: Knex, filter: RecordFilter = {}): Promise<LoggedRecord[]> {
  const query = db('engine_records')
    .select(
      db.raw('position::text as position'),
      db.raw('key::text as key'),
      'record_type',
      'value_type',
      'intent',
      'value',
      'rejection_type',
      'rejection_reason',
    )
    // Qualified: the text alias "position" above would otherwise sort as text.
    .orderBy('engine_records.position');
  if (filter.recordType) query.where('record_type', filter.recordType);
  if (filter.valueType) query.where('value_type', filter.valueType);
  if (filter.intent) query.where('intent', filter.intent);
  if (filter.key) query.where('key', filter.key);
  if (filter.processInstanceKey) query.where('process_instance_key', filter.processInstanceKey);
  const rows: any[] = await query;
  return rows.map((row) => ({
    position: Number(row.position),
    key: row.key,
    recordType: row.record_type,
    valueType: row.value_type,
    intent: row.intent,
    value: JSON.parse(row.value),
    rejectionType: row.rejection_type,
    rejectionReason: row.rejection_reason,
  }));
}

/** The highest position written so far (0 for an empty log): lets a test look only at what came after. */
export async function lastPosition(db: Knex): Promise<number> {
  const rows: any[] = await db('engine_records').select(db.raw('coalesce(max(position), 0)::text as position'));
  return Number(rows[0].position);
}
