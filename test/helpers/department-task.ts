import type { Scenario, UserTask } from './scenario';
import { readRecords } from './records';
import { waitFor } from './settle';

/**
 * The open user task of one department inside a multi-instance department sub-process: `s.userTask` finds
 * a task by element id, and here each department has one. The department is the `departmentId` variable
 * held by the task's nearest enclosing scope, as the task list scopes it.
 */
export async function departmentTask(s: Scenario, elementId: string, processInstanceKey: string, departmentId: string): Promise<UserTask> {
  let found: UserTask | undefined;
  await waitFor(async () => {
    const db = s.t.db;
    const jobs = await readRecords(db, { valueType: 'JOB', processInstanceKey });
    const closed = new Set(jobs.filter((r) => r.recordType === 'EVENT' && ['COMPLETED', 'CANCELED', 'ERROR_THROWN'].includes(r.intent)).map((r) => r.key));
    const open = jobs.filter((r) => r.intent === 'CREATED' && r.value.elementId === elementId && !closed.has(r.key));
    if (open.length === 0) return false;
    const activations = await readRecords(db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING', processInstanceKey });
    const flowScope = new Map(activations.map((r) => [r.key, String(r.value.flowScopeKey)]));
    const variables = await readRecords(db, { valueType: 'VARIABLE', processInstanceKey });
    const departmentOf = new Map(variables.filter((r) => r.value.name === 'departmentId').map((r) => [String(r.value.scopeKey), JSON.parse(r.value.value)]));
    for (const job of open) {
      let scope: string | undefined = String(job.value.elementInstanceKey);
      while (scope && !departmentOf.has(scope)) scope = flowScope.get(scope);
      if (scope && departmentOf.get(scope) === departmentId) {
        const task = await s.userTask(elementId, processInstanceKey);
        const headers: Record<string, string> = job.value.customHeaders ?? {};
        found = {
          ...task,
          jobKey: job.key,
          assignee: headers['io.camunda.zeebe:assignee'],
          candidateGroups: headers['io.camunda.zeebe:candidateGroups'] ? JSON.parse(headers['io.camunda.zeebe:candidateGroups']) : [],
        };
        return true;
      }
    }
    return false;
  }).catch(() => {
    throw new Error(`Expected an open user task '${elementId}' of department ${departmentId}, but there is none`);
  });
  return found!;
}

/** Element ids completed inside one department's instance of a multi-instance sub-process, in order. */
export async function departmentPath(s: Scenario, processInstanceKey: string, departmentId: string): Promise<string[]> {
  const db = s.t.db;
  const variables = await readRecords(db, { valueType: 'VARIABLE', processInstanceKey });
  const scope = variables.find((r) => r.value.name === 'departmentId' && JSON.parse(r.value.value) === departmentId)?.value.scopeKey;
  if (scope === undefined) return [];
  const completed = await readRecords(db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', processInstanceKey });
  return completed.filter((r) => String(r.value.flowScopeKey) === String(scope)).map((r) => r.value.elementId);
}

/** The variables a user task sees (its own scope outward, the nearest scope winning), as the task list shows them. */
export async function taskVariables(s: Scenario, processInstanceKey: string, jobKey: string): Promise<Record<string, unknown>> {
  const db = s.t.db;
  const [job] = await readRecords(db, { valueType: 'JOB', intent: 'CREATED', key: jobKey });
  const activations = await readRecords(db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING', processInstanceKey });
  const flowScope = new Map(activations.map((r) => [r.key, String(r.value.flowScopeKey)]));
  const variables = await readRecords(db, { valueType: 'VARIABLE', processInstanceKey });
  const result: Record<string, unknown> = {};
  let scope: string | undefined = String(job.value.elementInstanceKey);
  while (scope && scope !== '-1') {
    for (const r of variables) {
      if (String(r.value.scopeKey) === scope && !(r.value.name in result)) {
        const latest = variables.filter((v) => String(v.value.scopeKey) === scope && v.value.name === r.value.name).pop()!;
        result[r.value.name] = JSON.parse(latest.value.value);
      }
    }
    scope = flowScope.get(scope);
  }
  return result;
}

/** The vendorUsername a user task sees: the task list shows a task that carries one only to that vendor user. */
export async function vendorOfTask(s: Scenario, task: UserTask): Promise<unknown> {
  const variables = await taskVariables(s, task.processInstanceKey, task.jobKey);
  return 'vendorUsername' in variables ? variables.vendorUsername : 'absent';
}
