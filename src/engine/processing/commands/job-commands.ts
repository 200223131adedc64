import type { ProcessingContext } from '../context';
import type { BpmnRuntime } from '../bpmn/runtime';
import { throwError } from '../bpmn/bpmn-errors';
import type { Job, JobState } from '../../state/types';
import type { LogRecord } from '../../log/record';
import { accept, reject, type CommandOutcome } from './outcome';

/**
 * Job commands from workers. Preconditions follow Zeebe: an unknown (or finished) job is NOT_FOUND; a job in
 * a state that does not allow the command is INVALID_STATE.
 */
function checkJob(
  ctx: ProcessingContext,
  command: LogRecord,
  verb: string,
  allowed: JobState[],
): { job: Job } | { outcome: CommandOutcome } {
  const job = ctx.state.jobs.get(command.key);
  if (!job) {
    return { outcome: reject(ctx, command, 'NOT_FOUND', `Expected to ${verb} job with key '${command.key}', but no such job was found`) };
  }
  if (!allowed.includes(job.state)) {
    return {
      outcome: reject(ctx, command, 'INVALID_STATE', `Expected to ${verb} job with key '${command.key}', but it is in state '${job.state}'`),
    };
  }
  return { job };
}

export function completeJob(rt: BpmnRuntime, jobKey: string, variables: Record<string, unknown>): CommandOutcome {
  const ctx = rt.ctx;
  const command = ctx.command('JOB', 'COMPLETE', jobKey, { variables });
  const checked = checkJob(ctx, command, 'complete', ['ACTIVATABLE', 'ACTIVATED']);
  if ('outcome' in checked) return checked.outcome;
  const job = checked.job;
  ctx.event('JOB', 'COMPLETED', jobKey, { ...job.value, variables });
  const instance = ctx.state.elementInstances.get(job.value.elementInstanceKey);
  if (instance) {
    const element = rt.elementOf(instance);
    rt.complete(instance, () => {
      // With output mappings the job's variables stay local and the mappings decide what leaves the task.
      if (element.outputs.length > 0) rt.variables.setLocal(instance, variables);
      else rt.variables.propagate(instance, variables);
    });
  }
  return accept();
}

export function failJob(
  rt: BpmnRuntime,
  jobKey: string,
  request: { retries: number; errorMessage: string; retryBackOff: number; variables: Record<string, unknown> },
): CommandOutcome {
  const ctx = rt.ctx;
  const command = ctx.command('JOB', 'FAIL', jobKey, request);
  const checked = checkJob(ctx, command, 'fail', ['ACTIVATABLE', 'ACTIVATED']);
  if ('outcome' in checked) return checked.outcome;
  const job = checked.job;
  const instance = ctx.state.elementInstances.get(job.value.elementInstanceKey);
  if (instance && Object.keys(request.variables).length > 0) rt.variables.setLocal(instance, request.variables);
  const retries = Math.max(0, request.retries);
  ctx.event('JOB', 'FAILED', jobKey, {
    ...job.value,
    retries,
    errorMessage: request.errorMessage,
    retryBackoff: request.retryBackOff,
  });
  if (retries === 0 && instance) {
    rt.raiseIncident(instance, { errorType: 'JOB_NO_RETRIES', message: request.errorMessage || 'No more retries left.' }, jobKey);
  } else if (request.retryBackOff <= 0) {
    ctx.jobTypesAvailable.add(job.value.type);
  }
  return accept();
}

export function throwJobError(
  rt: BpmnRuntime,
  jobKey: string,
  request: { errorCode: string; errorMessage: string; variables: Record<string, unknown> },
): CommandOutcome {
  const ctx = rt.ctx;
  const command = ctx.command('JOB', 'THROW_ERROR', jobKey, request);
  const checked = checkJob(ctx, command, 'throw an error for', ['ACTIVATABLE', 'ACTIVATED']);
  if ('outcome' in checked) return checked.outcome;
  const job = checked.job;
  ctx.event('JOB', 'ERROR_THROWN', jobKey, { ...job.value, errorCode: request.errorCode, errorMessage: request.errorMessage });
  const instance = ctx.state.elementInstances.get(job.value.elementInstanceKey);
  if (instance && !throwError(rt, instance, request.errorCode, request.variables)) {
    const detail = request.errorMessage ? ` with message '${request.errorMessage}'` : '';
    rt.raiseIncident(
      instance,
      {
        errorType: 'UNHANDLED_ERROR_EVENT',
        message: `Expected to throw an error event with the code '${request.errorCode}'${detail}, but it was not caught. No error events are available in the scope.`,
      },
      jobKey,
    );
  }
  return accept();
}

export function updateJobRetries(rt: BpmnRuntime, jobKey: string, retries: number): CommandOutcome {
  const ctx = rt.ctx;
  const command = ctx.command('JOB', 'UPDATE_RETRIES', jobKey, { retries });
  if (retries < 1) {
    return reject(
      ctx,
      command,
      'INVALID_ARGUMENT',
      `Expected to update retries for job with key '${jobKey}' with a positive amount of retries, but the amount given was '${retries}'`,
    );
  }
  const job = ctx.state.jobs.get(jobKey);
  if (!job) return reject(ctx, command, 'NOT_FOUND', `Expected to update retries for job with key '${jobKey}', but no such job was found`);
  ctx.event('JOB', 'RETRIES_UPDATED', jobKey, { ...job.value, retries });
  return accept();
}

/** Hands a worker up to max activatable jobs of a type, each with the variables it asked for. */
export function activateJobs(
  rt: BpmnRuntime,
  request: { type: string; worker: string; timeout: number; maxJobsToActivate: number; fetchVariable: string[] },
): CommandOutcome {
  const ctx = rt.ctx;
  const available = ctx.state.activatableJobs.get(request.type);
  if (!available || available.size === 0) return accept([]);
  const jobKeys: string[] = [];
  for (const key of available) {
    if (jobKeys.length >= request.maxJobsToActivate) break;
    jobKeys.push(key);
  }
  const deadline = ctx.now + request.timeout;
  ctx.command('JOB_BATCH', 'ACTIVATE', '-1', { ...request });
  ctx.event('JOB_BATCH', 'ACTIVATED', ctx.nextKey(), {
    type: request.type,
    worker: request.worker,
    timeout: request.timeout,
    deadline,
    maxJobsToActivate: request.maxJobsToActivate,
    jobKeys,
    truncated: false,
    tenantIds: ['<default>'],
  });
  const jobs = jobKeys.map((key) => {
    const job = ctx.state.jobs.get(key)!;
    return { key, value: job.value, variables: fetchVariables(rt, job.value.elementInstanceKey, request.fetchVariable) };
  });
  return accept(jobs);
}

function fetchVariables(rt: BpmnRuntime, scopeKey: string, names: string[]): Record<string, unknown> {
  const visible = rt.state.visibleVariables(scopeKey);
  if (names.length === 0) return visible;
  const picked: Record<string, unknown> = {};
  for (const name of names) if (name in visible) picked[name] = visible[name];
  return picked;
}

/** Activated jobs whose deadline passed go back to the pool; failed jobs whose back-off ended too. */
export function expireJobs(rt: BpmnRuntime, limit: number): void {
  const ctx = rt.ctx;
  for (const key of ctx.state.jobDeadlines.due(ctx.now, limit)) {
    const job = ctx.state.jobs.get(key);
    if (!job || job.state !== 'ACTIVATED') continue;
    ctx.command('JOB', 'TIME_OUT', key, {});
    ctx.event('JOB', 'TIMED_OUT', key, job.value);
    ctx.jobTypesAvailable.add(job.value.type);
  }
  for (const key of ctx.state.jobBackoffs.due(ctx.now, limit)) {
    const job = ctx.state.jobs.get(key);
    if (!job || job.state !== 'FAILED') continue;
    ctx.command('JOB', 'RECUR_AFTER_BACKOFF', key, {});
    ctx.event('JOB', 'RECURRED_AFTER_BACKOFF', key, job.value);
    ctx.jobTypesAvailable.add(job.value.type);
  }
}
