import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { SCHEME_SECTIONS, schemeCompleteness } from '../../rules/scheme-completeness';
import { settleJob } from '../job-outcome';

export const CHECK_SCHEME = 'gx.construction.check-scheme';

/** Art. 13: the scheme goes on to review only with all ten sections; otherwise back with the missing list. */
export function registerCheckScheme(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<Record<string, unknown>>({
    taskType: CHECK_SCHEME,
    fetchVariable: SCHEME_SECTIONS.map((s) => s.key),
    taskHandler: (job) =>
      settleJob(job, 'check the scheme for completeness', async () => {
        const check = schemeCompleteness(job.variables);
        return { schemeComplete: check.verdict.ok, schemeMissing: check.missing, schemeReason: check.verdict.reason };
      }),
  });
}
