import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from './deps';
import { registerCheckMaterials } from './acceptance/check-materials';
import { registerGenerateReport } from './acceptance/generate-report';
import { registerLoadContract } from './acceptance/load-contract';
import { registerCheckAdjustmentReason } from './adjustment/check-reason';
import { registerLoadAdjustmentProject } from './adjustment/load-project';
import { registerNotifyConstruction } from './adjustment/notify-construction';
import { registerFileDocument } from './archive/file-document';
import { registerCheckPlanMembership } from './construction/check-plan-membership';
import { registerCheckProcurementBudget } from './construction/check-procurement-budget';
import { registerCheckScheme } from './construction/check-scheme';
import { registerLoadVendorScores } from './construction/load-vendor-scores';
import { registerSummariseReview } from './construction/summarise-review';
import { registerCheckTerm } from './contract/check-term';
import { registerSignContract } from './contract/sign';
import { registerSetProjectStatus } from './project/set-status';

/**
 * Construction, adjustment, acceptance and the project lifecycle (Art. 5, 12–23): project-construction,
 * plan-adjustment, project-acceptance and project-lifecycle.
 */
export function registerConstructionWorkers(client: ZBClient, deps: WorkerDeps): void {
  registerFileDocument(client, deps);
  registerCheckPlanMembership(client, deps);
  registerCheckScheme(client, deps);
  registerSummariseReview(client, deps);
  registerCheckProcurementBudget(client, deps);
  registerLoadVendorScores(client, deps);
  registerCheckTerm(client, deps);
  registerSignContract(client, deps);
  registerLoadAdjustmentProject(client, deps);
  registerCheckAdjustmentReason(client, deps);
  registerNotifyConstruction(client, deps);
  registerLoadContract(client, deps);
  registerCheckMaterials(client, deps);
  registerGenerateReport(client, deps);
  registerSetProjectStatus(client, deps);
}
