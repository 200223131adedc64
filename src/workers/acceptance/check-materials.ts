import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { ACCEPTANCE_DOCUMENTS, acceptanceMaterials } from '../../rules/acceptance-materials';
import { settleJob } from '../job-outcome';

export const CHECK_MATERIALS = 'gx.acceptance.check-materials';

/**
 * Art. 20: all six documents, else the application goes back listing what is missing. Every application,
 * returned or not, is filed with its round (Art. 22, 23).
 */
export function registerCheckMaterials(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<Record<string, unknown>>({
    taskType: CHECK_MATERIALS,
    fetchVariable: ['projectId', 'acceptanceRound', ...ACCEPTANCE_DOCUMENTS.map((d) => d.key)],
    taskHandler: (job) =>
      settleJob(job, 'file the acceptance application', async () => {
        const check = acceptanceMaterials(job.variables);
        const documents = Object.fromEntries(ACCEPTANCE_DOCUMENTS.map((d) => [d.key, job.variables[d.key] ?? null]));
        await fileInArchive(deps.db, {
          projectId: String(job.variables.projectId),
          kind: 'acceptance-application',
          title: check.verdict.ok ? `验收申请（第${job.variables.acceptanceRound}轮）` : `验收申请退回（第${job.variables.acceptanceRound}轮）`,
          content: { round: job.variables.acceptanceRound, documents, missing: check.missing, verdict: check.verdict },
          filedBy: 'vendor',
          processInstanceKey: job.processInstanceKey,
          jobKey: job.key,
          filedAt: deps.now(),
        });
        return { materialsComplete: check.verdict.ok, materialsMissing: check.missing, materialsReason: { ...check.verdict.reason } };
      }),
  });
}
