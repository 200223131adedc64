import type { Knex } from 'knex';

/** Art. 25: a yearly security test and risk assessment, as reported to the construction unit. */
export interface NewSecurityAssessment {
  projectId: string;
  processInstanceKey: string;
  testDate: string;
  riskLevel: string;
  responsibilities: Array<{ area: string; party: string }>;
  findings: string | null;
  domesticDatabase: boolean;
  domesticOs: boolean;
  domesticChips: boolean;
  reviewedByGroup: string;
  reviewComment: string | null;
  acknowledgementComment: string | null;
  assessedAt: Date;
}

export async function recordSecurityAssessment(db: Knex, a: NewSecurityAssessment): Promise<number> {
  const [row] = await db('security_assessments')
    .insert({
      project_id: a.projectId,
      process_instance_key: a.processInstanceKey,
      test_date: a.testDate,
      risk_level: a.riskLevel,
      responsibilities: JSON.stringify(a.responsibilities),
      findings: a.findings,
      domestic_database: a.domesticDatabase,
      domestic_os: a.domesticOs,
      domestic_chips: a.domesticChips,
      reviewed_by_group: a.reviewedByGroup,
      review_comment: a.reviewComment,
      acknowledgement_comment: a.acknowledgementComment,
      assessed_at: a.assessedAt,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}
