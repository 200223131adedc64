import type { Knex } from 'knex';
import { fileInArchive } from '../../projects/archive';
import { contractStatus, setContractStatus } from '../../operation/contract-status';
import { nextContractState, type ContractStatus, type ContractTransition, type SupervisionEvent } from '../../rules/supervision-contract-state';

/**
 * Moves a contract along the Art. 29 state machine and files every suspension and resumption in the
 * project archive, so the change is visible wherever contracts or the archive are shown.
 */
export async function applyContractTransition(
  db: Knex,
  at: { projectId: string; contractId: string; processInstanceKey: string; now: Date },
  event: SupervisionEvent,
): Promise<ContractTransition> {
  const current = (await contractStatus(db, at.contractId)) as ContractStatus;
  const transition = nextContractState(current, event);
  if (transition.action === 'suspend' || transition.action === 'resume') {
    const suspended = transition.next === 'suspended';
    await setContractStatus(db, at.contractId, suspended ? 'suspended' : 'active', suspended ? transition.reason.zh : null);
    await fileInArchive(db, {
      projectId: at.projectId,
      kind: suspended ? 'contract-suspension' : 'contract-resumption',
      title: suspended ? '暂缓合同执行' : '恢复合同执行',
      content: { contractId: at.contractId, event, article: 29, reason: transition.reason },
      processInstanceKey: at.processInstanceKey,
      filedAt: at.now,
    });
  }
  return transition;
}
