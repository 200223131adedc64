import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { listSystemsInOperation } from '../../operation/systems-in-operation';
import { beijingYear } from '../../rules/beijing-time';
import { securityAssessmentDue } from '../../rules/security-assessment-due';
import { settleJob } from '../job-outcome';

/** gx.security.list-systems: the systems in operation whose yearly assessment is due (Art. 25). */
export function registerListSystemsForAssessment(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.security.list-systems',
    taskHandler: (job) =>
      settleJob(job, 'list the systems due for assessment', async () => {
        const now = deps.now();
        const systems = [];
        for (const s of await listSystemsInOperation(deps.db)) {
          const due = securityAssessmentDue(s, now);
          if (!due.due) continue;
          systems.push({ projectId: s.projectId, name: s.name, departmentId: s.departmentId, category: s.category, vendorUsername: s.contract?.vendorUsername ?? null, dueReason: due.reason.zh });
        }
        return { systems, systemCount: systems.length, assessmentYear: beijingYear(now) };
      }),
  });
}
