import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { contractStatus } from '../../operation/contract-status';
import { inspectionOfJob, recordInspection, type StoredInspection } from '../../operation/inspections';
import { inspectionEvent, isFindingType, nextContractState, type ContractStatus, type SupervisionEvent } from '../../rules/supervision-contract-state';
import { applyContractTransition } from './apply-contract-transition';
import { required, settleJob, type JobInput } from '../job-outcome';

const DEFAULT_RECTIFICATION_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

/**
 * gx.supervision.record-inspection: records an inspection (or re-inspection) and its Art. 29 findings, moves
 * the contract (a re-inspection that still finds problems suspends it, one that passes resumes it), files a
 * major problem's liability in the archive, and sets the rectification deadline for the next round. All of
 * it is one transaction keyed by the job, so a retried job answers from what its first attempt stored.
 */
export async function recordInspectionOfJob(deps: WorkerDeps, job: JobInput): Promise<Record<string, unknown>> {
  const v = job.variables;
  const projectId = required<string>(v, 'projectId');
  const contractId = required<string>(v, 'contractId');
  const findingTypes = (v.findingTypes as unknown[] | null) ?? [];
  const unknown = findingTypes.filter((t) => !isFindingType(t));
  if (unknown.length > 0) throw new Error(`Expected Art. 29 finding types, but got ${JSON.stringify(unknown)}`);
  const majorProblem = v.majorProblem === true && findingTypes.length > 0;
  const answer = (stored: StoredInspection) => {
    const transition = nextContractState(stored.contractStatusBefore as ContractStatus, stored.outcome as SupervisionEvent);
    const days = Number(v.rectificationDays ?? DEFAULT_RECTIFICATION_DAYS) || DEFAULT_RECTIFICATION_DAYS;
    return {
      inspectionRound: stored.round,
      inspectionId: stored.id,
      inspectionOutcome: stored.outcome,
      contractStatus: transition.next,
      contractReason: transition.reason.zh,
      liabilityRecorded: majorProblem || v.liabilityRecorded === true,
      rectificationPeriod: `P${days}D`,
      rectificationDueDate: new Date(stored.inspectedAt.getTime() + days * DAY).toISOString(),
    };
  };
  const earlier = await inspectionOfJob(deps.db, job.key);
  if (earlier) return answer(earlier);

  const round = Number(v.inspectionRound ?? 0) + 1;
  const event = inspectionEvent(findingTypes.length, round > 1);
  const now = deps.now();
  const processInstanceKey = String(job.processInstanceKey);
  const details = (v.findingDetails as string | null) ?? null;
  const contractStatusBefore = await contractStatus(deps.db, contractId);
  const inspectionId = await recordInspection(
    deps.db,
    {
      jobKey: job.key,
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
      contractStatusBefore,
      findings: (findingTypes as string[]).map((type) => ({ type, details })),
      inspectedAt: now,
    },
    async (trx, id) => {
      if (majorProblem) {
        await fileInArchive(trx, {
          projectId,
          kind: 'contract-liability',
          title: '按合同条款追究责任',
          content: { contractId, inspectionId: id, article: 29, findingTypes, liabilityNote: v.liabilityNote ?? null },
          processInstanceKey,
          filedAt: now,
        });
      }
      await applyContractTransition(trx, { projectId, contractId, processInstanceKey, now }, event);
    },
  );
  return answer({ id: inspectionId, round, outcome: event, contractStatusBefore, inspectedAt: now });
}

export function registerRecordInspection(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.supervision.record-inspection',
    taskHandler: (job) => settleJob(job, 'record the inspection', () => recordInspectionOfJob(deps, job)),
  });
}
