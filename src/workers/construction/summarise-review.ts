import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { reviewCriteria, type ExpertScore } from '../../rules/review-criteria';
import { settleJob } from '../job-outcome';

export const SUMMARISE_REVIEW = 'gx.construction.summarise-review';

interface ReviewVariables {
  projectId: string;
  expertPanel: string[];
  expertScores: ExpertScore[];
  reviewPanelId?: number;
}

/** Art. 14: checks that every expert scored the six criteria, files the scores and hands the means to the Bureau. */
export function registerSummariseReview(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<ReviewVariables>({
    taskType: SUMMARISE_REVIEW,
    fetchVariable: ['projectId', 'expertPanel', 'expertScores', 'reviewPanelId'],
    taskHandler: (job) =>
      settleJob(job, 'file the review scores', async () => {
        const { projectId, expertPanel = [], expertScores = [], reviewPanelId } = job.variables;
        const summary = reviewCriteria(expertPanel, expertScores);
        await fileInArchive(deps.db, {
          projectId,
          kind: 'review-scores',
          title: '年度建设（运维）方案专家评分',
          content: { reviewPanelId, scores: expertScores, averages: summary.averages, overall: summary.overall, verdict: summary.verdict },
          processInstanceKey: job.processInstanceKey,
          jobKey: job.key,
          filedAt: deps.now(),
        });
        return {
          reviewScoresValid: summary.verdict.ok,
          reviewAverages: summary.averages,
          reviewOverall: summary.overall,
          reviewReason: summary.verdict.reason,
        };
      }),
  });
}
