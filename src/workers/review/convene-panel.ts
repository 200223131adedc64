import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { usersInGroup } from '../../directory/directory';
import { recordReviewPanel, reviewPanelOfJob } from '../../review/review-panels';
import { NeedsPerson, settleJob, type JobInput } from '../job-outcome';
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
 * fill the pool, and resolving it redraws. A retried job gets the panel its first attempt recorded.
 */
export async function convenePanel(deps: WorkerDeps, job: JobInput<PanelVariables>): Promise<Record<string, unknown>> {
  const { departmentId = null, panelSize = DEFAULT_PANEL_SIZE, projectId, reviewSubject = '专家评审' } = job.variables;
  // A retry answers with the panel its first attempt drew, even if the pool has changed since.
  const earlier = await reviewPanelOfJob(deps.db, job.key);
  if (earlier) return { expertPanel: earlier.experts, reviewPanelId: earlier.id };
  const experts = await usersInGroup(deps.db, 'expert');
  const pool = experts.map((e) => ({ username: e.username, departmentId: e.departmentId }));
  const draw = drawExpertPanel(pool, departmentId, Number(panelSize), job.key);
  if (!draw.verdict.ok) throw new NeedsPerson(`Art. ${draw.verdict.article}: ${draw.verdict.reason.zh} / ${draw.verdict.reason.en}`);
  const panel = await recordReviewPanel(deps.db, {
    jobKey: job.key,
    subject: reviewSubject,
    departmentId,
    projectId: projectId ?? null,
    processInstanceKey: job.processInstanceKey,
    experts: draw.panel,
    convenedAt: deps.now(),
  });
  return { expertPanel: panel.experts, reviewPanelId: panel.id };
}

export function registerConvenePanel(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<PanelVariables>({
    taskType: CONVENE_PANEL,
    fetchVariable: ['departmentId', 'panelSize', 'projectId', 'reviewSubject'],
    taskHandler: (job) => settleJob(job, 'convene the review panel', () => convenePanel(deps, job)),
  });
}
