import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { recordInspection } from '../../operation/inspections';
import { inspectionEvent, isFindingType } from '../../rules/supervision-contract-state';
import { applyContractTransition } from './apply-contract-transition';
import { required, settleJob } from '../job-outcome';

const DEFAULT_RECTIFICATION_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

/**
 * gx.supervision.record-inspection: records an inspection (or re-inspection) and its Art. 29 findings, moves
 * the contract (a re-inspection that still finds problems suspends it, one that passes resumes it), files a
 * major problem's liability in the archive, and sets the rectification deadline for the next round.
 */
export function registerRecordInspection(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.supervision.record-inspection',
    taskHandler: (job) =>
      settleJob(job, 'record the inspection', async () => {
        const v = job.variables as Record<string, unknown>;
        const projectId = required<string>(v, 'projectId');
        const contractId = required<string>(v, 'contractId');
        const findingTypes = (v.findingTypes as unknown[] | null) ?? [];
        const unknown = findingTypes.filter((t) => !isFindingType(t));
        if (unknown.length > 0) throw new Error(`Expected Art. 29 finding types, but got ${JSON.stringify(unknown)}`);
        const round = Number(v.inspectionRound ?? 0) + 1;
        const event = inspectionEvent(findingTypes.length, round > 1);
        const now = deps.now();
        const processInstanceKey = String(job.processInstanceKey);
        const majorProblem = v.majorProblem === true && findingTypes.length > 0;
        const details = (v.findingDetails as string | null) ?? null;
        const inspectionId = await recordInspection(deps.db, {
          projectId,
          contractId,
          processInstanceKey,
          round,
          materials: (v.materials as string | null) ?? null,
          materialsConfirmedTruthful: v.materialsTruthful === true,
          outcome: event,
          majorProblem,
          liabilityNote: majorProblem ? ((v.liabilityNote as string | null) ?? null) : null,
          rectificationMeasures: round > 1 ? ((v.rectificationMeasures as string | null) ?? null) : null,
          findings: (findingTypes as string[]).map((type) => ({ type, details })),
          inspectedAt: now,
        });
        if (majorProblem) {
          await fileInArchive(deps.db, {
            projectId,
            kind: 'contract-liability',
            title: '按合同条款追究责任',
            content: { contractId, inspectionId, article: 29, findingTypes, liabilityNote: v.liabilityNote ?? null },
            processInstanceKey,
            filedAt: now,
          });
        }
        const transition = await applyContractTransition(deps.db, { projectId, contractId, processInstanceKey, now }, event);
        const days = Number(v.rectificationDays ?? DEFAULT_RECTIFICATION_DAYS) || DEFAULT_RECTIFICATION_DAYS;
        return {
          inspectionRound: round,
          inspectionId,
          inspectionOutcome: event,
          contractStatus: transition.next,
          contractReason: transition.reason.zh,
          liabilityRecorded: majorProblem || v.liabilityRecorded === true,
          rectificationPeriod: `P${days}D`,
          rectificationDueDate: new Date(now.getTime() + days * DAY).toISOString(),
        };
      }),
  });
}
