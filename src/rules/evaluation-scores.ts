import { fail, pass, type Verdict } from './verdict';

/**
 * Art. 31–32: the third-party dual evaluation scores every vendor and every user unit from 0 to 100 with a
 * comment; the scores feed next year's planning and procurement, so each subject is scored exactly once.
 */
export type SubjectType = 'vendor' | 'department';

export interface EvaluationScore {
  subjectType: SubjectType;
  subjectId: string;
  score: number;
  comment: string;
}

export interface EvaluationSubjects {
  vendors: string[];
  departments: string[];
}

export function validateEvaluationScores(scores: unknown[], subjects: EvaluationSubjects): Verdict {
  const problemsZh: string[] = [];
  const problemsEn: string[] = [];
  const seen = new Set<string>();
  for (const raw of scores) {
    const entry = (raw ?? {}) as Partial<EvaluationScore>;
    const label = `${entry.subjectType}:${entry.subjectId}`;
    if (entry.subjectType !== 'vendor' && entry.subjectType !== 'department') {
      problemsZh.push(`评估对象类型“${entry.subjectType}”无效`);
      problemsEn.push(`subject type '${entry.subjectType}' is neither vendor nor department`);
      continue;
    }
    if (typeof entry.score !== 'number' || !Number.isFinite(entry.score) || entry.score < 0 || entry.score > 100) {
      problemsZh.push(`${label} 的得分须在0至100之间`);
      problemsEn.push(`${label} has score ${JSON.stringify(entry.score)}, expected 0 to 100`);
    }
    if (typeof entry.comment !== 'string' || entry.comment.trim() === '') {
      problemsZh.push(`${label} 缺少评价意见`);
      problemsEn.push(`${label} has no comment`);
    }
    if (seen.has(label)) {
      problemsZh.push(`${label} 重复评分`);
      problemsEn.push(`${label} is scored twice`);
    }
    seen.add(label);
  }
  const expected = [...subjects.vendors.map((v) => `vendor:${v}`), ...subjects.departments.map((d) => `department:${d}`)];
  for (const label of expected) {
    if (!seen.has(label)) {
      problemsZh.push(`${label} 未评分`);
      problemsEn.push(`${label} is not scored`);
    }
  }
  if (problemsZh.length > 0) {
    return fail(31, { zh: `双评估评分不完整：${problemsZh.join('；')}`, en: `Expected a score of 0 to 100 with a comment for every subject, but ${problemsEn.join('; ')}` });
  }
  return pass(31, { zh: '每个项目实施单位和用户单位均已评分并附评价意见', en: 'every vendor and user unit has a score of 0 to 100 with a comment' });
}
