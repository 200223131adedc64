import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from './deps';
import { registerAllocate } from './budget/allocate';
import { registerStoreAllocations } from './budget/store-allocations';
import { registerAddOutOfPlanItem } from './planning/add-out-of-plan-item';
import { registerAggregate } from './planning/aggregate';
import { registerCheckCompleteness } from './planning/check-completeness';
import { registerOpenRound } from './planning/open-round';
import { registerRecordOutOfPlanRejection } from './planning/record-out-of-plan-rejection';
import { registerRouteToCloudChief } from './planning/route-to-cloud-chief';
import { registerSettleDepartment } from './planning/settle-department';
import { registerWritePlan } from './planning/write-plan';

/** Plan and budget management (Art. 6–11, with the Art. 30 flag and Art. 32 scores as planning uses them). */
export function registerPlanningWorkers(client: ZBClient, deps: WorkerDeps): void {
  registerOpenRound(client, deps);
  registerCheckCompleteness(client, deps);
  registerRouteToCloudChief(client, deps);
  registerSettleDepartment(client, deps);
  registerAggregate(client, deps);
  registerWritePlan(client, deps);
  registerAddOutOfPlanItem(client, deps);
  registerRecordOutOfPlanRejection(client, deps);
  registerAllocate(client, deps);
  registerStoreAllocations(client, deps);
}
