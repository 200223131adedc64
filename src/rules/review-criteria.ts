import { fail, pass, type Verdict } from './verdict';

/** The six things the scheme review looks at (Art. 14), as the variables an expert's score form sets. */
export const REVIEW_CRITERIA = [
  { key: 'policyCompliance', zh: '政策符合性', en: 'policy compliance' },
  { key: 'feasibility', zh: '方案可行性', en: 'feasibility of the scheme' },
  { key: 'dataSharing', zh: '数据资源共享开放', en: 'data sharing and openness' },
  { key: 'securityAssurance', zh: '安全保障', en: 'security safeguards' },
  { key: 'resourceUse', zh: '占用政务网络和云资源的合理性', en: 'reasonable use of government network and cloud resources' },
  { key: 'investmentEstimate', zh: '投资概算', en: 'investment estimate' },
] as const;

export const SCORE_MIN = 0;
export const SCORE_MAX = 100;

export interface ExpertScore {
  expert: string;
  [criterion: string]: unknown;
}

export interface ReviewSummary {
  verdict: Verdict;
  /** Mean score per criterion over the panel, rounded to one decimal; empty when the scores are invalid. */
  averages: Record<string, number>;
  /** Mean of the criterion means. */
  overall: number | null;
}

/** Art. 14: every expert of the panel scores each of the six criteria, 0–100; the panel's means go to the Bureau. */
export function reviewCriteria(panel: string[], scores: ExpertScore[]): ReviewSummary {
  const problems: { zh: string; en: string }[] = [];
  for (const expert of panel) {
    const score = scores.find((s) => s && s.expert === expert);
    if (!score) {
      problems.push({ zh: `专家${expert}未评分`, en: `expert ${expert} has not scored` });
      continue;
    }
    for (const c of REVIEW_CRITERIA) {
      const value = score[c.key];
      if (typeof value !== 'number' || Number.isNaN(value) || value < SCORE_MIN || value > SCORE_MAX) {
        problems.push({ zh: `专家${expert}的“${c.zh}”评分无效`, en: `expert ${expert} gave no valid score for ${c.en}` });
      }
    }
  }
  if (panel.length === 0) problems.push({ zh: '评审专家组为空', en: 'the review panel is empty' });
  if (problems.length > 0) {
    return {
      averages: {},
      overall: null,
      verdict: fail(14, { zh: `方案评审评分不完整：${problems.map((p) => p.zh).join('；')}`, en: `The scheme review scores are incomplete: ${problems.map((p) => p.en).join('; ')}` }),
    };
  }
  const averages: Record<string, number> = {};
  for (const c of REVIEW_CRITERIA) {
    const sum = panel.reduce((total, expert) => total + (scores.find((s) => s.expert === expert)![c.key] as number), 0);
    averages[c.key] = round1(sum / panel.length);
  }
  const overall = round1(Object.values(averages).reduce((a, b) => a + b, 0) / REVIEW_CRITERIA.length);
  return {
    averages,
    overall,
    verdict: pass(14, { zh: `${panel.length}位专家已就六项评审内容评分，综合平均分${overall}`, en: `${panel.length} experts scored the six review criteria; overall mean ${overall}` }),
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
