import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { usersInGroup } from '../../directory/directory';
import { fileInArchive } from '../../projects/archive';
import { failTechnically } from '../job-outcome';
import { DEFAULT_PANEL_SIZE, drawExpertPanel } from '../../rules/expert-panel';

export const CONVENE_PANEL = 'gx.review.convene-panel';

interface PanelVariables {
  departmentId?: string;
  panelSize?: number;
  projectId?: string;
  reviewSubject?: string;
}

/**
 * Draws the review panel (Art. 9, 14) and records it. Too few independent experts is not a business
 * outcome the process can route around: the job fails without retries, so an incident asks the Bureau to
 * fill the pool, and resolving it redraws.
 */
export function registerConvenePanel(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<PanelVariables>({
    taskType: CONVENE_PANEL,
    fetchVariable: ['departmentId', 'panelSize', 'projectId', 'reviewSubject'],
    taskHandler: async (job) => {
      try {
        const { departmentId = null, panelSize = DEFAULT_PANEL_SIZE, projectId, reviewSubject = '专家评审' } = job.variables;
        const experts = await usersInGroup(deps.db, 'expert');
        const pool = experts.map((e) => ({ username: e.username, departmentId: e.departmentId }));
        const draw = drawExpertPanel(pool, departmentId, Number(panelSize), job.key);
        if (!draw.verdict.ok) {
          return job.fail({ errorMessage: `Art. ${draw.verdict.article}: ${draw.verdict.reason.zh} / ${draw.verdict.reason.en}`, retries: 0 });
        }
        const now = deps.now();
        const [row] = await deps.db('review_panels')
          .insert({
            subject: reviewSubject,
            department_id: departmentId,
            project_id: projectId ?? null,
            process_instance_key: job.processInstanceKey,
            experts: JSON.stringify(draw.panel),
            convened_at: now,
          })
          .returning('id');
        const reviewPanelId = typeof row === 'object' ? row.id : row;
        if (projectId) {
          await fileInArchive(deps.db, {
            projectId,
            kind: 'review-panel',
            title: `评审专家组：${reviewSubject}`,
            content: { reviewPanelId, experts: draw.panel, departmentId },
            processInstanceKey: job.processInstanceKey,
            filedAt: now,
          });
        }
        return job.complete({ expertPanel: draw.panel, reviewPanelId });
      } catch (error) {
        return failTechnically(job, 'convene the review panel', error);
      }
    },
  });
}
