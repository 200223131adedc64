import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { contractTerm } from '../../rules/contract-term';

export const CHECK_TERM = 'gx.contract.check-term';
export const CONTRACT_INVALID = 'CONTRACT_INVALID';

interface DraftVariables {
  contractUserUnit?: string;
  contractConstructionUnit?: string;
  contractImplementingUnit?: string;
  contractStartDate?: string;
  contractEndDate?: string;
  termExceptionRequested?: boolean;
  termExceptionDecision?: string;
  termExceptionReason?: string;
}

/**
 * Art. 16: three parties and a term of at most 36 months, else the BPMN error CONTRACT_INVALID sends the
 * draft back. The Bureau's exception counts only when requested in this draft and granted for it, so a stale
 * grant from an earlier round never excuses a new draft.
 */
export function registerCheckTerm(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<DraftVariables>({
    taskType: CHECK_TERM,
    // Hand-written, not settleJob: a term the article forbids is a BPMN error the diagram catches.
    taskHandler: async (job) => {
      const v = job.variables;
      const exceptionGranted = v.termExceptionRequested === true && v.termExceptionDecision === 'grant';
      const verdict = contractTerm({
        userUnit: v.contractUserUnit,
        constructionUnit: v.contractConstructionUnit,
        implementingUnit: v.contractImplementingUnit,
        startDate: v.contractStartDate,
        endDate: v.contractEndDate,
        termExceptionReason: exceptionGranted ? v.termExceptionReason : null,
      });
      if (!verdict.ok) {
        return job.error({ errorCode: CONTRACT_INVALID, errorMessage: verdict.reason.en, variables: { contractProblem: { ...verdict.reason } } });
      }
      return job.complete({ contractProblem: null, contractReason: verdict.reason, termExceptionApplied: exceptionGranted });
    },
  });
}
