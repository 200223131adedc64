import type { Knex } from 'knex';
import { scoresBefore } from '../evaluation/evaluation-store';
import { flagNotice, scoreSummary } from './notices';

/**
 * What the Bureau knows about each department when a planning round opens: its Art. 30 flag for the plan
 * year and its Art. 32 evaluation scores from earlier years (written by dual-evaluation).
 */
export interface DepartmentContext {
  id: string;
  name: string;
  nameEn: string;
  flagged: boolean;
  flagReason: string | null;
  scores: { year: number; score: string; comment: string | null }[];
  /** What the forms show of the flag and the scores. */
  flagNotice: string;
  scoreSummary: string;
}

export async function loadRoundContext(db: Knex, planYear: number): Promise<DepartmentContext[]> {
  const departments = await db('departments').select('id', 'name', 'name_en').orderBy('id');
  const flags = await db('department_flags').where({ plan_year: planYear }).orderBy('id');
  const scores = await scoresBefore(db, 'department', planYear);
  return departments.map((d: any) => {
    const own = flags.filter((f: any) => f.department_id === d.id);
    const flagReason = own.length > 0 ? own.map((f: any) => f.reason).join('；') : null;
    const departmentScores = scores
      .filter((s) => s.subjectId === d.id)
      .slice(0, 3)
      .map((s) => ({ year: s.year, score: s.score, comment: s.comment }));
    return {
      id: d.id,
      name: d.name,
      nameEn: d.name_en,
      flagged: own.length > 0,
      flagReason,
      scores: departmentScores,
      flagNotice: flagNotice(own.length > 0, flagReason),
      scoreSummary: scoreSummary(departmentScores),
    };
  });
}
