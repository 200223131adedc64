import type { Knex } from 'knex';

/**
 * The one place the modeler reads the embedded engine's log table `engine_records` (read only). The Zeebe
 * 8.3 gateway has no call that lists versions, returns a deployed version's XML or counts running
 * instances, so these figures exist only when the application runs on the embedded engine; against a real
 * Zeebe (ZEEBE_ADDRESS) the service does not call this module and says so on the page.
 */
export interface EngineVersion {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  deployedAt: Date;
}

const PROCESS_CREATED = { record_type: 'EVENT', value_type: 'PROCESS', intent: 'CREATED' };

/** Every deployed version of every process, oldest first, without their XML. */
export async function readEngineVersions(db: Knex, bpmnProcessId?: string): Promise<EngineVersion[]> {
  const query = db('engine_records')
    .where(PROCESS_CREATED)
    .select(
      db.raw(`value::jsonb->>'bpmnProcessId' as bpmn_process_id`),
      db.raw(`(value::jsonb->>'version')::int as version`),
      db.raw(`value::jsonb->>'processDefinitionKey' as process_definition_key`),
      db.raw(`value::jsonb->>'resourceName' as resource_name`),
      db.raw('timestamp::text as timestamp'),
    )
    .orderBy('engine_records.position');
  if (bpmnProcessId) query.whereRaw(`value::jsonb->>'bpmnProcessId' = ?`, [bpmnProcessId]);
  const rows = await query;
  return rows.map((row: any) => ({
    bpmnProcessId: row.bpmn_process_id,
    version: Number(row.version),
    processDefinitionKey: row.process_definition_key,
    resourceName: row.resource_name,
    deployedAt: new Date(Number(row.timestamp)),
  }));
}

/** The XML of one deployed version, or undefined when the engine has no such version. */
export async function readEngineXml(db: Knex, bpmnProcessId: string, version: number): Promise<string | undefined> {
  const row = await db('engine_records')
    .where(PROCESS_CREATED)
    .whereRaw(`value::jsonb->>'bpmnProcessId' = ?`, [bpmnProcessId])
    .whereRaw(`(value::jsonb->>'version')::int = ?`, [version])
    .select(db.raw(`value::jsonb->>'resource' as resource`))
    .first();
  return row?.resource ?? undefined;
}

/**
 * Running instances per process definition key of one process: instances whose process element was
 * activated and has neither completed nor been terminated.
 */
export async function readRunningInstances(db: Knex, bpmnProcessId: string): Promise<Map<string, number>> {
  const rows = await db('engine_records')
    .where({ record_type: 'EVENT', value_type: 'PROCESS_INSTANCE' })
    .whereIn('intent', ['ELEMENT_ACTIVATED', 'ELEMENT_COMPLETED', 'ELEMENT_TERMINATED'])
    // The process element's own records: their key is the instance's key.
    .whereRaw('key = process_instance_key')
    .whereRaw(`value::jsonb->>'bpmnProcessId' = ?`, [bpmnProcessId])
    .select(
      db.raw(`value::jsonb->>'processDefinitionKey' as definition_key`),
      db.raw(`count(*) filter (where intent = 'ELEMENT_ACTIVATED') - count(*) filter (where intent <> 'ELEMENT_ACTIVATED') as running`),
    )
    .groupByRaw(`value::jsonb->>'processDefinitionKey'`);
  return new Map(rows.map((row: any) => [String(row.definition_key), Number(row.running)]));
}
