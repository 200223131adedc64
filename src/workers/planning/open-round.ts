import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { beijingYear } from '../../rules/beijing-time';
import { loadRoundContext } from '../../planning/round-context';
import { settleJob } from '../job-outcome';

export const OPEN_ROUND = 'gx.planning.open-round';

/**
 * Art. 6: opens next year's planning round: the plan year, every department of the directory, and what
 * the reviewers must see of each: its Art. 30 flag and its Art. 32 evaluation scores.
 */
export function registerOpenRound(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<{ planYear?: number }>({
    taskType: OPEN_ROUND,
    fetchVariable: ['planYear'],
    taskHandler: (job) =>
      settleJob(job, 'open the planning round', async () => {
        const planYear = Number(job.variables.planYear ?? beijingYear(deps.now()) + 1);
        const departments = await loadRoundContext(deps.db, planYear);
        return { planYear, departmentIds: departments.map((d) => d.id), departments };
      }),
  });
}
