import type { Knex } from 'knex';
import type { EvaluationScore } from '../rules/evaluation-scores';

/** Art. 31–32: who is evaluated in a year, and where scores, the report and Art. 30 flags are kept. */
export interface EvaluationSubject {
  id: string;
  name: string;
}

/** Vendors are identified by the implementing unit named in their contracts (the same text procurement sees). */
export async function vendorsUnderContract(db: Knex, year: number): Promise<EvaluationSubject[]> {
  const rows = await db('contracts')
    .distinct('implementing_unit')
    .where('start_date', '<=', `${year}-12-31`)
    .andWhere('end_date', '>=', `${year}-01-01`)
    .orderBy('implementing_unit');
  return rows.map((r: any) => ({ id: r.implementing_unit, name: r.implementing_unit }));
}

/** One stored Art. 31 score as the readers of Art. 32 (planning, procurement) see it; the score as a decimal string. */
export interface StoredScore {
  subjectId: string;
  year: number;
  score: string;
  comment: string | null;
}

/**
 * Art. 32: the scores of one kind of subject from evaluations of years before `beforeYear`, newest year
 * first, so that a reader takes a subject's first rows as its latest.
 */
export async function scoresBefore(db: Knex, subjectType: 'vendor' | 'department', beforeYear: number): Promise<StoredScore[]> {
  const rows = await db('evaluation_scores')
    .where({ subject_type: subjectType })
    .andWhere('year', '<', beforeYear)
    .orderBy([{ column: 'year', order: 'desc' }, { column: 'id' }]);
  return rows.map((r: any) => ({ subjectId: r.subject_id, year: Number(r.year), score: String(r.score), comment: r.comment ?? null }));
}

export async function storeEvaluationScores(db: Knex, year: number, scores: EvaluationScore[], processInstanceKey: string): Promise<void> {
  await db.transaction(async (trx) => {
    for (const s of scores) {
      await trx('evaluation_scores')
        .insert({ year, subject_type: s.subjectType, subject_id: s.subjectId, score: s.score, comment: s.comment, process_instance_key: processInstanceKey })
        .onConflict(['year', 'subject_type', 'subject_id'])
        .merge();
    }
  });
}

/** Art. 31: the report sent to the government; a retried job (same key) gets the report its first attempt stored. */
export async function storeEvaluationReport(db: Knex, report: { jobKey: string; year: number; summary: string; processInstanceKey: string; reportedAt: Date }): Promise<number> {
  await db('evaluation_reports')
    .insert({ job_key: report.jobKey, year: report.year, summary: report.summary, process_instance_key: report.processInstanceKey, reported_at: report.reportedAt })
    .onConflict('job_key')
    .ignore();
  const row = await db('evaluation_reports').where({ job_key: report.jobKey }).first('id');
  return row.id;
}

/**
 * Art. 30: flags the units a job found, all at once. The job's key is unique per department on the table, so
 * a retried job adds nothing and the planning round sees each reason once.
 */
export async function flagDepartments(
  db: Knex,
  input: { jobKey: string; planYear: number; flags: Array<{ departmentId: string; reason: string }>; flaggedBy: string; flaggedAt: Date },
): Promise<void> {
  if (input.flags.length === 0) return;
  await db('department_flags')
    .insert(input.flags.map((f) => ({
      job_key: input.jobKey,
      department_id: f.departmentId,
      plan_year: input.planYear,
      reason: f.reason,
      flagged_by: input.flaggedBy,
      flagged_at: input.flaggedAt,
    })))
    .onConflict(['job_key', 'department_id'])
    .ignore();
}
