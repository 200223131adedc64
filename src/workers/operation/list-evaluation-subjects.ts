import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { listDepartments } from '../../directory/directory';
import { vendorsUnderContract } from '../../evaluation/evaluation-store';
import { beijingYear } from '../../rules/beijing-time';
import { settleJob } from '../job-outcome';

/**
 * gx.evaluation.list-subjects: who the dual evaluation covers (Art. 31): every vendor with a contract running
 * in the evaluated year and every user unit. The round runs early in a year, evaluates the year before, and
 * its flags apply to the plan drawn up in that year's June round, i.e. the next plan year (Art. 30, 32).
 */
export function registerListEvaluationSubjects(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.evaluation.list-subjects',
    taskHandler: (job) =>
      settleJob(job, 'list the evaluation subjects', async () => {
        const v = job.variables as Record<string, unknown>;
        const year = beijingYear(deps.now());
        const evaluationYear = Number(v.evaluationYear ?? year - 1);
        const planYear = Number(v.planYear ?? year + 1);
        const vendors = await vendorsUnderContract(deps.db, evaluationYear);
        const departments = (await listDepartments(deps.db)).map((d) => ({ id: d.id, name: d.name }));
        return { evaluationYear, planYear, vendors, departments };
      }),
  });
}
