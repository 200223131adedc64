import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from './deps';
import { registerAssignSecurityDuties } from './operation/assign-security-duties';
import { registerFileSecurityReport } from './operation/file-security-report';
import { registerFlagDepartments } from './operation/flag-departments';
import { registerListEvaluationSubjects } from './operation/list-evaluation-subjects';
import { registerListSystemsForAssessment } from './operation/list-systems-for-assessment';
import { registerListSystemsForSupervision } from './operation/list-systems-for-supervision';
import { registerRecordInspection } from './operation/record-inspection';
import { registerStoreEvaluationScores } from './operation/store-evaluation-scores';
import { registerSuspendOverdueContract } from './operation/suspend-overdue-contract';
import { registerValidateEvaluationScores } from './operation/validate-evaluation-scores';

/** Workers of chapters 6–7 (Art. 24–32): security assessment, supervision inspection, dual evaluation. */
export function registerOperationWorkers(client: ZBClient, deps: WorkerDeps): void {
  registerListSystemsForAssessment(client, deps);
  registerAssignSecurityDuties(client, deps);
  registerFileSecurityReport(client, deps);
  registerListSystemsForSupervision(client, deps);
  registerRecordInspection(client, deps);
  registerSuspendOverdueContract(client, deps);
  registerListEvaluationSubjects(client, deps);
  registerValidateEvaluationScores(client, deps);
  registerStoreEvaluationScores(client, deps);
  registerFlagDepartments(client, deps);
}
