import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { recordOutOfPlanDecision } from '../../planning/out-of-plan';
import { beijingYear } from '../../rules/beijing-time';
import { addToApprovedPlan } from '../../planning/plans';
import { itemProblems, normalise } from '../../rules/plan-completeness';
import { NeedsPerson, settleJob } from '../job-outcome';
import { applicationItem, type OutOfPlanVariables } from './out-of-plan-variables';

export const ADD_OUT_OF_PLAN_ITEM = 'gx.planning.add-out-of-plan-item';

/** Art. 10: with the government's consent the item joins this year's approved plan as an approved project. */
export function registerAddOutOfPlanItem(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<OutOfPlanVariables>({
    taskType: ADD_OUT_OF_PLAN_ITEM,
    taskHandler: (job) =>
      settleJob(job, 'add the out-of-plan item to the approved plan', async () => {
        const v = job.variables;
        const slot = applicationItem(v);
        const problems = itemProblems(slot);
        if (problems.length > 0) {
          throw new NeedsPerson(`Art. 10: 申请项目信息不完整：${problems.map((p) => p.zh).join('、')} / the application's item lacks: ${problems.map((p) => p.en).join(', ')}`);
        }
        const now = deps.now();
        const planYear = beijingYear(now);
        const item = { ...normalise(slot), departmentId: v.departmentId };
        const projectId = `P${planYear}-X${job.processInstanceKey}`;
        await addToApprovedPlan(deps.db, { planYear, item, projectId, processInstanceKey: job.processInstanceKey, at: now });
        await recordOutOfPlanDecision(deps.db, {
          departmentId: v.departmentId,
          planYear,
          item,
          orderedBy: v.orderedBy,
          orderReference: v.orderReference ?? null,
          status: 'approved',
          reason: v.governmentComment ?? null,
          projectId,
          processInstanceKey: job.processInstanceKey,
          at: now,
        });
        return { projectId, planYear };
      }),
  });
}
