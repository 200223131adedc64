import type { Reason } from './verdict';

/**
 * Art. 29 as a state machine over the contract: findings must be rectified; when they are not rectified in
 * time, or a re-inspection still finds them, the contract's execution is suspended until a later
 * inspection passes, which resumes it. An ended contract is no longer changed.
 */
export type ContractStatus = 'active' | 'suspended' | 'ended';
export type SupervisionEvent = 'passed' | 'findings' | 'still-non-compliant' | 'overdue';
export type ContractAction = 'none' | 'rectify' | 'suspend' | 'stay-suspended' | 'resume';

export interface ContractTransition {
  next: ContractStatus;
  action: ContractAction;
  article: 29;
  reason: Reason;
}

/** The five kinds of finding Art. 29 lists. */
export const FINDING_TYPES = [
  'scheme-changed',
  'not-connected-data-sharing',
  'not-connected-integrated-platform',
  'inadequate-security',
  'other-non-compliance',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export function isFindingType(value: unknown): value is FindingType {
  return typeof value === 'string' && (FINDING_TYPES as readonly string[]).includes(value);
}

/** What an inspection found: nothing, findings for the first time, or findings still there on a re-inspection. */
export function inspectionEvent(findingCount: number, reinspection: boolean): SupervisionEvent {
  if (findingCount === 0) return 'passed';
  return reinspection ? 'still-non-compliant' : 'findings';
}

export function nextContractState(current: ContractStatus, event: SupervisionEvent): ContractTransition {
  const t = (next: ContractStatus, action: ContractAction, zh: string, en: string): ContractTransition => ({ next, action, article: 29, reason: { zh, en } });
  if (current === 'ended') return t('ended', 'none', '合同已终止，不再变更', 'the contract has ended and is not changed');
  switch (event) {
    case 'passed':
      return current === 'suspended'
        ? t('active', 'resume', '整改已落实，检查合格，恢复合同执行', 'the inspection passed, so the suspended contract resumes')
        : t('active', 'none', '监督检查合格', 'the inspection passed');
    case 'findings':
      return t(current, 'rectify', '监督检查发现问题，项目实施单位应限期整改', 'the inspection found problems: the implementing unit must rectify them by the deadline');
    case 'still-non-compliant':
    case 'overdue': {
      const why = event === 'overdue' ? { zh: '逾期未整改', en: 'the findings were not rectified by the deadline' } : { zh: '整改后仍不符合要求', en: 'the re-inspection still found problems' };
      return current === 'suspended'
        ? t('suspended', 'stay-suspended', `${why.zh}，合同继续暂缓执行，直至整改落实`, `${why.en}: the contract stays suspended until they are rectified`)
        : t('suspended', 'suspend', `${why.zh}，暂缓合同执行，直至整改落实`, `${why.en}: the contract is suspended until they are rectified`);
    }
  }
}
