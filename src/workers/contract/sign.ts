import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { contractExists, signContract } from '../../projects/contract-store';
import { findProject } from '../../projects/project-record';
import { normalYuan } from '../../rules/money';
import { projectStatusChange } from '../../rules/project-status';
import { NeedsPerson, settleJob, type JobInput } from '../job-outcome';

export const SIGN_CONTRACT = 'gx.contract.sign';

interface SignVariables {
  projectId: string;
  contractUserUnit: string;
  contractConstructionUnit: string;
  contractImplementingUnit: string;
  vendorUsername?: string;
  contractStartDate: string;
  contractEndDate: string;
  /** Yuan as a decimal string ("2750000.00"), as the contract-draft form enters it; anything else is refused. */
  contractAmount?: unknown;
  termExceptionApplied?: boolean;
  termExceptionReason?: string;
}

/**
 * Art. 16: records the checked tripartite contract, files it (and the Bureau's term exception, if one was
 * applied) in the archive, and puts the project in construction, filing that status change (Art. 23), all in
 * one transaction. The contract id is derived from the job, so a retried job cannot sign or file twice.
 */
export function registerSignContract(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<SignVariables>({
    taskType: SIGN_CONTRACT,
    taskHandler: (job) => settleJob(job, 'record the contract', () => signContractOfJob(deps, job)),
  });
}

export async function signContractOfJob(deps: WorkerDeps, job: JobInput<SignVariables>): Promise<Record<string, unknown>> {
  const v = job.variables;
  const contractId = `contract-${v.projectId}-${job.key}`;
  // A retry after a lost acknowledgement finds its own contract and only answers again.
  if (await contractExists(deps.db, contractId)) return { contractId };
  const amount = contractAmountOf(v.contractAmount);
  const project = await findProject(deps.db, v.projectId);
  const change = projectStatusChange(project?.status ?? 'unknown', 'in-construction');
  if (!change.ok) throw new NeedsPerson(`Art. ${change.article}: ${change.reason.en} (${change.reason.zh})`);
  await signContract(
    deps.db,
    {
      id: contractId,
      projectId: v.projectId,
      userUnit: v.contractUserUnit,
      constructionUnit: v.contractConstructionUnit,
      implementingUnit: v.contractImplementingUnit,
      vendorUsername: v.vendorUsername ?? null,
      startDate: v.contractStartDate,
      endDate: v.contractEndDate,
      amount,
      termExceptionReason: v.termExceptionApplied ? v.termExceptionReason ?? null : null,
      signedAt: deps.now(),
    },
    { processInstanceKey: job.processInstanceKey, fromStatus: project!.status, verdict: change },
  );
  return { contractId };
}

/** The amount as the database's decimal string; one that is not yuan with at most two places needs a person. */
function contractAmountOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const amount = normalYuan(value);
  if (amount === null) throw new NeedsPerson(`Expected the contract amount in yuan as a decimal string such as "2750000.00", but got ${JSON.stringify(value)}`);
  return amount;
}
