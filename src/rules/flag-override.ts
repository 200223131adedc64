import { fail, pass, type Verdict } from './verdict';

/**
 * Art. 30 (原则上): a department flagged for not carrying out Digital Guangxi requirements gets no project
 * next year, unless the Bureau records an explicit, reasoned override. Without one, its items are left out
 * of the plan, with the flag's reason.
 */
export interface FlagDecision {
  flagged: boolean;
  flagReason?: string | null;
  /** The Bureau's decision: override | exclude. */
  decision?: string | null;
  overrideReason?: string | null;
}

export function decideFlaggedDepartment(input: FlagDecision): Verdict {
  if (!input.flagged) return pass(30, { zh: '本单位未被标记', en: 'The department is not flagged' });
  const reason = (input.overrideReason ?? '').trim();
  if (input.decision === 'override' && reason.length > 0) {
    return pass(30, { zh: `大数据发展局例外纳入，理由：${reason}`, en: `Included by the Bureau's exception, because: ${reason}` });
  }
  const flagReason = (input.flagReason ?? '').trim() || '未落实数字广西建设要求';
  return fail(30, {
    zh: `本单位被标记（${flagReason}），且无例外纳入理由，其项目不列入年度计划`,
    en: `The department is flagged (${flagReason}) and no override reason was recorded, so its items are left out of the plan`,
  });
}
