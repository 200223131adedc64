import type { Reason } from './verdict';

/**
 * Art. 30: a user unit that did not carry out the Digital Guangxi requirements gets, in principle, no
 * project next year. The article names that judgement only, and the Bureau makes it: a dual-evaluation score
 * (Art. 31) is shown to the Bureau as a hint and quoted in the reason, but never flags a unit by itself.
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

/** What the Bureau is shown of a unit's score when it marks the unit; null when the unit was not scored. */
export function scoreHint(score: number | null | undefined, threshold = DEFAULT_SCORE_THRESHOLD): Reason | null {
  if (typeof score !== 'number') return null;
  if (score < threshold) {
    return { zh: `双评估得分${score}，低于${threshold}分，供认定参考`, en: `its dual-evaluation score ${score} is below ${threshold}, for the Bureau's judgement` };
  }
  return { zh: `双评估得分${score}，供认定参考`, en: `its dual-evaluation score is ${score}, for the Bureau's judgement` };
}

export function departmentFlag(standing: DepartmentStanding, threshold = DEFAULT_SCORE_THRESHOLD): DepartmentFlag {
  const hint = scoreHint(standing.score, threshold);
  const zhHint = hint ? `（${hint.zh}）` : '';
  const enHint = hint ? ` (${hint.en})` : '';
  if (standing.digitalGuangxiMet) {
    return {
      flagged: false,
      article: 30,
      reason: { zh: `大数据发展局认定已落实数字广西建设有关要求${zhHint}`, en: `the Bureau judged that the unit carried out the Digital Guangxi requirements${enHint}` },
    };
  }
  const comment = standing.bureauComment?.trim();
  return {
    flagged: true,
    article: 30,
    reason: {
      zh: `大数据发展局认定未落实数字广西建设有关要求${comment ? `：${comment}` : ''}${zhHint}，原则上不安排下一年度项目`,
      en: `the Bureau marked the unit as not carrying out the Digital Guangxi requirements${comment ? `: ${comment}` : ''}${enHint}, so in principle it gets no project next year`,
    },
  };
}
