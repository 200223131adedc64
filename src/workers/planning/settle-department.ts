import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import type { DepartmentContext } from '../../planning/round-context';
import { decideFlaggedDepartment } from '../../rules/flag-override';
import type { DepartmentPlan } from '../../rules/plan-aggregation';
import type { PlanItem } from '../../rules/plan-item';
import { settleJob } from '../job-outcome';

export const SETTLE_DEPARTMENT = 'gx.planning.settle-department';

interface Variables {
  departmentId: string;
  departments: DepartmentContext[];
  planItems: PlanItem[];
  flagDecision?: string | null;
  overrideReason?: string | null;
}

/**
 * Art. 30: the department's approved plan enters the regional plan unless the department is flagged and
 * the Bureau recorded no override reason; then its items are left out, with the reason. The result,
 * `departmentPlan`, is what the multi-instance collects for aggregation (Art. 8).
 */
export function registerSettleDepartment(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<Variables>({
    taskType: SETTLE_DEPARTMENT,
    fetchVariable: ['departmentId', 'departments', 'planItems', 'flagDecision', 'overrideReason'],
    taskHandler: (job) =>
      settleJob(job, "settle the department's place in the plan", async () => {
        const { departmentId, departments, planItems, flagDecision = null, overrideReason = null } = job.variables;
        const department = departments.find((d) => d.id === departmentId);
        if (!department) throw new Error(`department ${departmentId} is not among the round's departments`);
        const verdict = decideFlaggedDepartment({ flagged: department.flagged, flagReason: department.flagReason, decision: flagDecision, overrideReason });
        const departmentPlan: DepartmentPlan = {
          departmentId,
          departmentName: department.name,
          included: verdict.ok,
          exclusionReason: verdict.ok ? null : verdict.reason,
          flagged: department.flagged,
          flagReason: department.flagReason,
          overrideReason: department.flagged && verdict.ok ? (overrideReason ?? '').trim() : null,
          scores: department.scores,
          items: planItems ?? [],
        };
        return { departmentIncluded: verdict.ok, flagVerdict: verdict, departmentPlan };
      }),
  });
}
