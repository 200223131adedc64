import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { insertContract } from '../../projects/contract-store';
import { findProject, setProjectStatus } from '../../projects/project-record';
import { projectStatusChange } from '../../rules/project-status';
import { failTechnically } from '../job-outcome';

export const SIGN_CONTRACT = 'gx.contract.sign';

interface SignVariables {
  projectId: string;
  contractUserUnit: string;
  contractConstructionUnit: string;
  contractImplementingUnit: string;
  vendorUsername?: string;
  contractStartDate: string;
  contractEndDate: string;
  contractAmount?: number;
  termExceptionApplied?: boolean;
  termExceptionReason?: string;
}

/**
 * Art. 16: records the checked tripartite contract, files it (and the Bureau's term exception, if one was
 * applied) in the archive, and puts the project in construction, all in one transaction. The contract id is
 * derived from the job, so a retried job cannot sign twice.
 */
export function registerSignContract(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<SignVariables>({
    taskType: SIGN_CONTRACT,
    taskHandler: async (job) => {
      const v = job.variables;
      const contractId = `contract-${v.projectId}-${job.key}`;
      try {
        // A retry after a lost acknowledgement finds its own contract and only answers again.
        if (await deps.db('contracts').where({ id: contractId }).first()) return job.complete({ contractId });
        const project = await findProject(deps.db, v.projectId);
        const change = projectStatusChange(project?.status ?? 'unknown', 'in-construction');
        if (!change.ok) return job.fail({ errorMessage: `Art. ${change.article}: ${change.reason.en} (${change.reason.zh})`, retries: 0 });
        const now = deps.now();
        await deps.db.transaction(async (trx) => {
          const termExceptionReason = v.termExceptionApplied ? v.termExceptionReason ?? null : null;
          await insertContract(trx, {
            id: contractId,
            projectId: v.projectId,
            userUnit: v.contractUserUnit,
            constructionUnit: v.contractConstructionUnit,
            implementingUnit: v.contractImplementingUnit,
            vendorUsername: v.vendorUsername ?? null,
            startDate: v.contractStartDate,
            endDate: v.contractEndDate,
            amount: v.contractAmount === undefined || v.contractAmount === null ? null : String(v.contractAmount),
            termExceptionReason,
            signedAt: now,
          });
          if (termExceptionReason) {
            await fileInArchive(trx, {
              projectId: v.projectId,
              kind: 'term-exception-decision',
              title: '合同期限例外决定（原则上不超过三年）',
              content: { contractId, startDate: v.contractStartDate, endDate: v.contractEndDate, reason: termExceptionReason, decidedBy: 'big-data-bureau' },
              filedBy: 'big-data-bureau',
              processInstanceKey: job.processInstanceKey,
              filedAt: now,
            });
          }
          await fileInArchive(trx, {
            projectId: v.projectId,
            kind: 'contract',
            title: '项目采购合同（三方）',
            content: {
              contractId,
              userUnit: v.contractUserUnit,
              constructionUnit: v.contractConstructionUnit,
              implementingUnit: v.contractImplementingUnit,
              startDate: v.contractStartDate,
              endDate: v.contractEndDate,
              amount: v.contractAmount ?? null,
              termExceptionReason,
            },
            processInstanceKey: job.processInstanceKey,
            filedAt: now,
          });
          await setProjectStatus(trx, v.projectId, 'in-construction');
        });
        return job.complete({ contractId });
      } catch (error) {
        return failTechnically(job, 'record the contract', error);
      }
    },
  });
}
