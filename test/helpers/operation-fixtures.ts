import type { Knex } from 'knex';
import { readRecords } from './records';
import type { Scenario, UserTask } from './scenario';

/**
 * Givens for the operation chapter (Art. 24–32): systems in operation and their contracts, written straight
 * into the shared tables, so these tests do not depend on the planning or construction processes.
 */
export async function givenSystemInOperation(
  db: Knex,
  system: { id: string; departmentId?: string; category?: string; name?: string },
): Promise<void> {
  await db('projects').insert({
    id: system.id,
    name: system.name ?? `${system.id} 政务信息系统`,
    department_id: system.departmentId ?? 'dept-a',
    category: system.category ?? 'application',
    kind: 'new',
    funding_source: 'regional',
    plan_year: 2025,
    status: 'in-operation',
    estimate: '1200000.00',
  });
}

export async function givenContract(
  db: Knex,
  contract: { id: string; projectId: string; implementingUnit?: string; status?: string; startDate?: string; endDate?: string },
): Promise<void> {
  await db('contracts').insert({
    id: contract.id,
    project_id: contract.projectId,
    user_unit: 'dept-a',
    construction_unit: '自治区信息中心',
    implementing_unit: contract.implementingUnit ?? '广西数智科技有限公司',
    vendor_username: 'vendor',
    start_date: contract.startDate ?? '2025-01-01',
    end_date: contract.endDate ?? '2027-12-31',
    amount: '1100000.00',
    status: contract.status ?? 'active',
    signed_at: new Date('2025-01-01T00:00:00Z'),
  });
}

/** Instances of a process started so far (by a timer or a client), oldest first. */
export async function instancesOf(s: Scenario, bpmnProcessId: string): Promise<string[]> {
  const created = await readRecords(s.t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED' });
  return created.filter((r) => r.value.bpmnElementType === 'PROCESS' && r.value.bpmnProcessId === bpmnProcessId).map((r) => r.key);
}

/**
 * The open user task of a multi-instance element (or of an element inside a multi-instance sub-process)
 * for one item, found by a local variable of its instance (e.g. projectId), as a clerk finds "the task for my system".
 */
export async function userTaskFor(s: Scenario, elementId: string, processInstanceKey: string, name: string, value: unknown): Promise<UserTask> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const jobs = await readRecords(s.t.db, { valueType: 'JOB', processInstanceKey });
    const closed = new Set(jobs.filter((r) => ['COMPLETED', 'CANCELED', 'ERROR_THROWN'].includes(r.intent)).map((r) => r.key));
    for (const job of jobs) {
      if (job.intent !== 'CREATED' || job.value.elementId !== elementId || closed.has(job.key)) continue;
      const [element] = await readRecords(s.t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED', key: String(job.value.elementInstanceKey) });
      // A multi-instance task holds the item itself; a task inside a multi-instance sub-process finds it one scope up.
      const scopes = [String(job.value.elementInstanceKey), String(element?.value.flowScopeKey)];
      const variables = await readRecords(s.t.db, { valueType: 'VARIABLE', processInstanceKey });
      const held = variables.filter((v) => scopes.includes(String(v.value.scopeKey)) && v.value.name === name).pop();
      if (held && JSON.parse(held.value.value) === value) return toTask(job);
    }
    if (Date.now() > deadline) throw new Error(`Expected an open user task '${elementId}' with ${name} = ${JSON.stringify(value)}, but there is none`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function toTask(job: { key: string; value: Record<string, any> }): UserTask {
  const headers: Record<string, string> = job.value.customHeaders ?? {};
  return {
    jobKey: job.key,
    elementId: job.value.elementId,
    processInstanceKey: String(job.value.processInstanceKey),
    bpmnProcessId: job.value.bpmnProcessId,
    candidateGroups: JSON.parse(headers['io.camunda.zeebe:candidateGroups'] ?? '[]'),
    candidateUsers: JSON.parse(headers['io.camunda.zeebe:candidateUsers'] ?? '[]'),
    assignee: headers['io.camunda.zeebe:assignee'],
    formKey: headers['io.camunda.zeebe:formKey'],
    dueDate: headers['io.camunda.zeebe:dueDate'],
  };
}

/** Whether `steps` occur in `path` in this order, other elements allowed between them. */
export function followsInOrder(path: string[], steps: string[]): boolean {
  let next = 0;
  for (const element of path) if (element === steps[next]) next++;
  return next === steps.length;
}
