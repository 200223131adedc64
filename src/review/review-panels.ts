import type { Knex } from 'knex';
import { fileInArchive } from '../projects/archive';

/** Expert review panels (Art. 9, Art. 14): who was drawn, for what, and when; never edited afterwards. */
export interface NewReviewPanel {
  jobKey: string;
  subject: string;
  departmentId: string | null;
  projectId: string | null;
  processInstanceKey: string;
  experts: string[];
  convenedAt: Date;
}

export interface StoredReviewPanel {
  id: number;
  experts: string[];
}

/** The panel a job recorded, if an earlier attempt of the same job got that far. */
export async function reviewPanelOfJob(db: Knex, jobKey: string): Promise<StoredReviewPanel | undefined> {
  const row = await db('review_panels').where({ job_key: jobKey }).first('id', 'experts');
  return row ? { id: row.id, experts: parseExperts(row.experts) } : undefined;
}

/**
 * Records the panel and, for a project, files it in the archive, in one transaction. The job's key is
 * unique on the table: a retried job gets the panel its first attempt drew, and nothing is filed twice.
 */
export async function recordReviewPanel(db: Knex, panel: NewReviewPanel): Promise<StoredReviewPanel> {
  return db.transaction(async (trx) => {
    const existing = await trx('review_panels').where({ job_key: panel.jobKey }).first('id', 'experts');
    if (existing) return { id: existing.id, experts: parseExperts(existing.experts) };
    const [row] = await trx('review_panels')
      .insert({
        job_key: panel.jobKey,
        subject: panel.subject,
        department_id: panel.departmentId,
        project_id: panel.projectId,
        process_instance_key: panel.processInstanceKey,
        experts: JSON.stringify(panel.experts),
        convened_at: panel.convenedAt,
      })
      .returning('id');
    const id: number = typeof row === 'object' ? row.id : row;
    if (panel.projectId) {
      await fileInArchive(trx, {
        projectId: panel.projectId,
        kind: 'review-panel',
        title: `评审专家组：${panel.subject}`,
        content: { reviewPanelId: id, experts: panel.experts, departmentId: panel.departmentId },
        processInstanceKey: panel.processInstanceKey,
        filedAt: panel.convenedAt,
      });
    }
    return { id, experts: panel.experts };
  });
}

function parseExperts(value: unknown): string[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as string[];
}
