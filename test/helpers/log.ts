import type { Knex } from 'knex';

/**
 * Reads what a process instance left in the engine's log (`engine_records`), so tests assert on the records
 * Zeebe would export rather than on engine internals.
 */
export interface LoggedRecord {
  position: number;
  key: string;
  recordType: string;
  valueType: string;
  intent: string;
  rejectionType: string | null;
  value: Record<string, any>;
}

export interface LoggedIncident {
  key: string;
  errorType: string;
  errorMessage: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string;
}

/** Every record of one process instance, in log order. */
export async function recordsOf(db: Knex, processInstanceKey: string): Promise<LoggedRecord[]> {
  const rows = await db.raw(
    `select position::text as position, key::text as key, record_type, value_type, intent, rejection_type, value
       from engine_records where process_instance_key = ? order by engine_records.position`,
    [processInstanceKey],
  );
  return rows.rows.map((row: any) => ({
    position: Number(row.position),
    key: row.key,
    recordType: row.record_type,
    valueType: row.value_type,
    intent: row.intent,
    rejectionType: row.rejection_type,
    value: JSON.parse(row.value),
  }));
}

async function processInstanceEvents(db: Knex, processInstanceKey: string): Promise<LoggedRecord[]> {
  const records = await recordsOf(db, processInstanceKey);
  return records.filter((r) => r.recordType === 'EVENT' && r.valueType === 'PROCESS_INSTANCE');
}

/** The ids of the flow nodes that completed, in the order they completed (the process itself left out). */
export async function elementPath(db: Knex, processInstanceKey: string): Promise<string[]> {
  const events = await processInstanceEvents(db, processInstanceKey);
  return events
    .filter((r) => r.intent === 'ELEMENT_COMPLETED' && r.value.bpmnElementType !== 'PROCESS')
    .map((r) => r.value.elementId);
}

/** The process-instance intents, optionally of one element (or sequence flow) only. */
export async function intents(db: Knex, processInstanceKey: string, elementId?: string): Promise<string[]> {
  const events = await processInstanceEvents(db, processInstanceKey);
  return events.filter((r) => elementId === undefined || r.value.elementId === elementId).map((r) => r.intent);
}

/** "elementId intent" for every process-instance event, in log order: the whole lifecycle at a glance. */
export async function lifecycle(db: Knex, processInstanceKey: string): Promise<string[]> {
  const events = await processInstanceEvents(db, processInstanceKey);
  return events.map((r) => `${r.value.elementId} ${r.intent}`);
}

/** The process-instance events of one element, with their keys (to tell instances of the same element apart). */
export async function elementEvents(db: Knex, processInstanceKey: string, elementId: string): Promise<LoggedRecord[]> {
  const events = await processInstanceEvents(db, processInstanceKey);
  return events.filter((r) => r.value.elementId === elementId);
}

/** Whether the process instance itself has completed. */
export async function isCompleted(db: Knex, processInstanceKey: string): Promise<boolean> {
  const events = await processInstanceEvents(db, processInstanceKey);
  return events.some((r) => r.intent === 'ELEMENT_COMPLETED' && r.key === processInstanceKey);
}

/** The incidents created for the process instance, in order. */
export async function incidentsOf(db: Knex, processInstanceKey: string): Promise<LoggedIncident[]> {
  const records = await recordsOf(db, processInstanceKey);
  return records
    .filter((r) => r.recordType === 'EVENT' && r.valueType === 'INCIDENT' && r.intent === 'CREATED')
    .map((r) => ({
      key: r.key,
      errorType: r.value.errorType,
      errorMessage: r.value.errorMessage,
      elementId: r.value.elementId,
      elementInstanceKey: r.value.elementInstanceKey,
      jobKey: r.value.jobKey,
    }));
}

/**
 * The variables of one scope (the process instance by default) as the VARIABLE events left them:
 * the last CREATED or UPDATED value of each name.
 */
export async function variablesOf(db: Knex, processInstanceKey: string, scopeKey = processInstanceKey): Promise<Record<string, unknown>> {
  const records = await recordsOf(db, processInstanceKey);
  const variables: Record<string, unknown> = {};
  for (const r of records) {
    if (r.recordType !== 'EVENT' || r.valueType !== 'VARIABLE' || r.value.scopeKey !== scopeKey) continue;
    variables[r.value.name] = JSON.parse(r.value.value);
  }
  return variables;
}

/** The key of the (last) instance of an element, e.g. a sub-process, to read its local variables. */
export async function elementInstanceKey(db: Knex, processInstanceKey: string, elementId: string): Promise<string> {
  const events = await elementEvents(db, processInstanceKey, elementId);
  const activating = events.filter((r) => r.intent === 'ELEMENT_ACTIVATING');
  if (activating.length === 0) throw new Error(`Expected element '${elementId}' to have been activated, but it was not`);
  return activating[activating.length - 1].key;
}
