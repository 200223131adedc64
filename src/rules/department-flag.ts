import type { Reason } from './verdict';

/**
 * Art. 30: a user unit that did not carry out the Digital Guangxi requirements gets, in principle, no
 * project next year. The Bureau's mark decides; a dual-evaluation score (Art. 31) below the threshold is
 * taken as the same failure, so the planning round sees it too.
 */
export const DEFAULT_SCORE_THRESHOLD = 60;

export interface DepartmentStanding {
  departmentId: string;
  /** The Bureau's judgement; false when it marked the unit as not carrying out the requirements. */
  digitalGuangxiMet: boolean;
  /** The dual-evaluation score of the user unit, when it was evaluated. */
  score?: number | null;
  bureauComment?: string;
}

export interface DepartmentFlag {
  flagged: boolean;
  article: 30;
  reason: Reason;
}

export function departmentFlag(standing: DepartmentStanding, threshold = DEFAULT_SCORE_THRESHOLD): DepartmentFlag {
  const zh: string[] = [];
  const en: string[] = [];
  if (!standing.digitalGuangxiMet) {
    const note = standing.bureauComment ? `：${standing.bureauComment}` : '';
    zh.push(`大数据发展局认定未落实数字广西建设有关要求${note}`);
    en.push(`the Bureau marked the unit as not carrying out the Digital Guangxi requirements${standing.bureauComment ? `: ${standing.bureauComment}` : ''}`);
  }
  const score = standing.score;
  if (typeof score === 'number' && score < threshold) {
    zh.push(`双评估得分${score}低于${threshold}分`);
    en.push(`its dual-evaluation score ${score} is below ${threshold}`);
  }
  if (zh.length === 0) {
    return { flagged: false, article: 30, reason: { zh: '已落实数字广西建设有关要求', en: 'the unit carried out the Digital Guangxi requirements' } };
  }
  return {
    flagged: true,
    article: 30,
    reason: { zh: `${zh.join('；')}，原则上不安排下一年度项目`, en: `${en.join('; ')}, so in principle it gets no project next year` },
  };
}
