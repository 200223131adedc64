import type { Knex } from 'knex';
import type { InstanceState } from './instance-summary';

/** What an auditor can search instances by (every filter optional; all given must hold). */
export interface InstanceQuery {
  bpmnProcessId?: string;
  version?: number;
  state?: InstanceState;
  departmentId?: string;
  projectId?: string;
  /** Started at or after / before this instant (ms). */
  startedFrom?: number;
  startedTo?: number;
  /** A variable that had this value at some moment, in any scope of the instance. */
  variable?: { name: string; value: unknown };
  page: number;
  pageSize: number;
}

export interface FoundInstance {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  state: InstanceState;
  startedAt: number;
  endedAt: number | null;
  departmentId: string | null;
  projectId: string | null;
  openIncidents: number;
}

export interface SearchResult {
  items: FoundInstance[];
  total: number;
  /** Instances matching every filter but the state, by state. */
  counts: Record<InstanceState, number>;
}

/**
 * Searches the log itself (no projection to keep in step): each instance is its lifecycle rows (the records
 * whose key is the instance key, read through the partial index of migration 20261202300000), its open
 * incidents, and the last process-scope value of departmentId and projectId.
 */
export async function searchInstances(db: Knex, query: InstanceQuery): Promise<SearchResult> {
  const { sql, bindings } = instancesSql(query);
  const state = query.state ? [query.state] : [];
  const filtered = `select * from (${sql}) i where true ${query.state ? 'and i.state = ?' : ''}`;
  const [rows, counts] = await Promise.all([
    db.raw(`${filtered} order by i.started_at::bigint desc, i.key::bigint desc limit ? offset ?`, [...bindings, ...state, query.pageSize, (query.page - 1) * query.pageSize]),
    db.raw(`select i.state, count(*)::int as n from (${sql}) i group by i.state`, bindings),
  ]);
  const byState: Record<InstanceState, number> = { active: 0, completed: 0, terminated: 0, incident: 0 };
  for (const row of counts.rows) byState[row.state as InstanceState] = row.n;
  return {
    items: rows.rows.map(toFound),
    total: query.state ? byState[query.state] : Object.values(byState).reduce((a, b) => a + b, 0),
    counts: byState,
  };
}

/** The last value a process-scope variable of that name had, as JSON text. */
function lastVariable(name: string): string {
  return `(select v.value::jsonb->>'value' from engine_records v
     where v.process_instance_key = p.process_instance_key and v.value_type = 'VARIABLE' and v.record_type = 'EVENT'
       and v.value::jsonb->>'name' = '${name}' and v.value::jsonb->>'scopeKey' = p.process_instance_key::text
     order by v.position desc limit 1)`;
}

function instancesSql(query: InstanceQuery): { sql: string; bindings: Knex.Value[] } {
  const where: string[] = [];
  const bindings: Knex.Value[] = [];
  if (query.bpmnProcessId) {
    where.push(`p.value::jsonb->>'bpmnProcessId' = ?`);
    bindings.push(query.bpmnProcessId);
  }
  if (query.version !== undefined) {
    where.push(`(p.value::jsonb->>'version')::int = ?`);
    bindings.push(query.version);
  }
  if (query.startedFrom !== undefined) {
    where.push('p.timestamp >= ?');
    bindings.push(query.startedFrom);
  }
  if (query.startedTo !== undefined) {
    where.push('p.timestamp < ?');
    bindings.push(query.startedTo);
  }
  if (query.variable) {
    where.push(`exists (select 1 from engine_records v where v.process_instance_key = p.process_instance_key
      and v.value_type = 'VARIABLE' and v.record_type = 'EVENT' and v.value::jsonb->>'name' = ? and (v.value::jsonb->>'value')::jsonb = ?::jsonb)`);
    bindings.push(query.variable.name, JSON.stringify(query.variable.value));
  }
  const outer: string[] = [];
  if (query.departmentId !== undefined) {
    outer.push('x.department_json = ?');
    bindings.push(JSON.stringify(query.departmentId));
  }
  if (query.projectId !== undefined) {
    outer.push('x.project_json = ?');
    bindings.push(JSON.stringify(query.projectId));
  }
  const sql = `select x.*,
      case when x.end_intent = 'ELEMENT_COMPLETED' then 'completed' when x.end_intent = 'ELEMENT_TERMINATED' then 'terminated'
           when x.open_incidents > 0 then 'incident' else 'active' end as state
    from (
      select p.process_instance_key::text as key, p.value::jsonb->>'bpmnProcessId' as bpmn_process_id,
        (p.value::jsonb->>'version')::int as version, p.timestamp::text as started_at,
        e.intent as end_intent, e.timestamp::text as ended_at,
        (select count(*)::int from engine_records c
          where c.process_instance_key = p.process_instance_key and c.value_type = 'INCIDENT' and c.record_type = 'EVENT' and c.intent = 'CREATED'
            and not exists (select 1 from engine_records s where s.process_instance_key = c.process_instance_key and s.key = c.key
                              and s.value_type = 'INCIDENT' and s.record_type = 'EVENT' and s.intent = 'RESOLVED')) as open_incidents,
        ${lastVariable('departmentId')} as department_json,
        ${lastVariable('projectId')} as project_json
      from engine_records p
      left join engine_records e on e.process_instance_key = p.process_instance_key and e.key = p.process_instance_key
        and e.value_type = 'PROCESS_INSTANCE' and e.record_type = 'EVENT' and e.intent in ('ELEMENT_COMPLETED', 'ELEMENT_TERMINATED')
      where p.value_type = 'PROCESS_INSTANCE' and p.record_type = 'EVENT' and p.intent = 'ELEMENT_ACTIVATING' and p.key = p.process_instance_key
        ${where.map((w) => `and ${w}`).join(' ')}
    ) x
    where true ${outer.map((w) => `and ${w}`).join(' ')}`;
  return { sql, bindings };
}

/** A variable's JSON text as shown in a column: a string as itself, anything else as its JSON. */
function asText(json: string | null): string | null {
  if (json === null) return null;
  const value = JSON.parse(json);
  return typeof value === 'string' ? value : json;
}

function toFound(row: any): FoundInstance {
  return {
    processInstanceKey: row.key,
    bpmnProcessId: row.bpmn_process_id,
    version: row.version,
    state: row.state,
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    departmentId: asText(row.department_json),
    projectId: asText(row.project_json),
    openIncidents: row.open_incidents,
  };
}
