import { fail, pass, type Verdict } from './verdict';

/** The five things acceptance examines (Art. 21), as the examination form's variables ('pass' | 'fail'). */
export const ACCEPTANCE_CRITERIA = [
  { key: 'goalsMet', zh: '建设（运维）内容目标完成', en: 'construction (O&M) goals met' },
  { key: 'resourceUse', zh: '资源利用', en: 'use of resources' },
  { key: 'dataSharing', zh: '数据共享开放', en: 'data sharing and openness' },
  { key: 'standardisation', zh: '标准化建设', en: 'standardisation' },
  { key: 'fundsUse', zh: '资金使用', en: 'use of funds' },
] as const;

export interface AcceptanceExamination {
  projectId: string;
  round: number;
  examinedOn: string;
  results: Record<string, unknown>;
  findings?: string;
}

export interface AcceptanceReport {
  verdict: Verdict;
  /** The report filed in the archive: each criterion's result, the conclusion and the findings. */
  report: {
    projectId: string;
    round: number;
    examinedOn: string;
    criteria: { key: string; name: string; result: 'pass' | 'fail' | 'not-examined' }[];
    passed: boolean;
    conclusion: string;
    findings: string;
  };
}

/** Art. 21: acceptance passes only when all five criteria pass; the report is produced either way. */
export function acceptanceReport(exam: AcceptanceExamination): AcceptanceReport {
  const criteria = ACCEPTANCE_CRITERIA.map((c) => {
    const value = exam.results[c.key];
    const result: 'pass' | 'fail' | 'not-examined' = value === 'pass' || value === 'fail' ? value : 'not-examined';
    return { key: c.key, name: c.zh, result };
  });
  const failing = ACCEPTANCE_CRITERIA.filter((_, i) => criteria[i].result !== 'pass');
  const passed = failing.length === 0;
  const verdict = passed
    ? pass(21, { zh: `第${exam.round}轮验收通过：五项验收内容均符合要求`, en: `Acceptance round ${exam.round} passed: all five criteria are met` })
    : fail(21, {
        zh: `第${exam.round}轮验收未通过，不符合要求：${failing.map((c) => c.zh).join('、')}`,
        en: `Acceptance round ${exam.round} failed on: ${failing.map((c) => c.en).join(', ')}`,
      });
  return {
    verdict,
    report: { projectId: exam.projectId, round: exam.round, examinedOn: exam.examinedOn, criteria, passed, conclusion: verdict.reason.zh, findings: exam.findings ?? '' },
  };
}
