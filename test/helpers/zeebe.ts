import type { JSONDoc, Job, ZBClient } from 'zeebe-node';

/**
 * What element tests do through zeebe-node, in one line each. The engine answers a command only after its
 * records are committed, so once one of these resolves the log already holds what it caused.
 */

/** Deploys one BPMN document; the resource name is the process id, so each test's process stays apart. */
export async function deployProcess(client: ZBClient, name: string, xml: string): Promise<void> {
  await client.deployResource({ process: Buffer.from(xml), name: `${name}.bpmn` });
}

/** Deploys a Camunda form and returns its form key. */
export async function deployForm(client: ZBClient, formId: string, components: object[] = []): Promise<string> {
  const form = { id: formId, type: 'default', schemaVersion: 10, components };
  const result = await client.deployResource({ form: Buffer.from(JSON.stringify(form)), name: `${formId}.form` });
  const deployed = (result.deployments as any[]).find((d) => d.form)?.form;
  if (!deployed) throw new Error(`Expected the deployment of form '${formId}' to return form metadata, but it did not`);
  return String(deployed.formKey);
}

/** Starts an instance and returns its key. */
export async function startInstance(client: ZBClient, bpmnProcessId: string, variables: Record<string, unknown> = {}): Promise<string> {
  const created = await client.createProcessInstance({ bpmnProcessId, variables: variables as JSONDoc });
  return String(created.processInstanceKey);
}

/** Starts an instance and waits for its end; returns its key and final variables. */
export function runInstance(
  client: ZBClient,
  bpmnProcessId: string,
  variables: Record<string, unknown> = {},
): Promise<{ processInstanceKey: string; variables: Record<string, unknown> }> {
  const pending = client
    .createProcessInstanceWithResult({ bpmnProcessId, variables: variables as JSONDoc, requestTimeout: 10_000 })
    .then((result) => ({ processInstanceKey: String(result.processInstanceKey), variables: result.variables as Record<string, unknown> }));
  // A test that fails before awaiting its running instance must not leave an unhandled rejection for the next test.
  pending.catch(() => undefined);
  return pending;
}

export interface ActivateOptions {
  /** At most this many jobs (default 1 for activateJob, 32 for activateJobs). */
  max?: number;
  /** How long the gateway may hold the request open waiting for a job. */
  waitMs?: number;
  /** Only these variables, as a worker's fetchVariable. */
  fetchVariable?: string[];
}

/**
 * Activates the one job of a type. zeebe-node's activateJobs never settles when the gateway ends the stream
 * without jobs, so a missing job is turned into a failure here instead of a hanging test.
 */
export async function activateJob(client: ZBClient, type: string, options: ActivateOptions = {}): Promise<Job> {
  const jobs = await activateJobs(client, type, { max: 1, ...options });
  if (jobs.length !== 1) throw new Error(`Expected one job of type '${type}', but got ${jobs.length}`);
  return jobs[0];
}

export async function activateJobs(client: ZBClient, type: string, options: ActivateOptions = {}): Promise<Job[]> {
  const { max = 32, waitMs = 1500, fetchVariable } = options;
  let timer: NodeJS.Timeout | undefined;
  const none = new Promise<Job[]>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Expected a job of type '${type}' to be activatable, but none was within ${waitMs} ms`)), waitMs + 500);
  });
  try {
    return await Promise.race([
      client.activateJobs({ type, worker: 'element-test', maxJobsToActivate: max, timeout: 60_000, requestTimeout: waitMs, fetchVariable }),
      none,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Activates the job of a type and completes it with the given variables; returns the job as activated. */
export async function completeJobOfType(client: ZBClient, type: string, variables: Record<string, unknown> = {}): Promise<Job> {
  const job = await activateJob(client, type);
  await client.completeJob({ jobKey: job.key, variables });
  return job;
}

/** The gRPC error of a call that is expected to fail. */
export async function rejectionOf(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: number; details?: string; message?: string };
    return { code: Number(e.code), message: String(e.details ?? e.message) };
  }
  throw new Error('Expected the call to be rejected, but it succeeded');
}
