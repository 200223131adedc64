import { scoreSummary } from '../planning/notices';
import type { StoredScore } from './evaluation-store';

/**
 * Art. 32: evaluation results are an important basis for procurement. What the Bureau (approving the
 * procurement plan) and the construction unit (recording the chosen implementing unit) are shown: each
 * vendor's latest score. The article asks for the scores to weigh, not for a threshold, so nothing here
 * decides; the people do, with the scores in front of them.
 */
export interface LatestVendorScore {
  vendor: string;
  year: number;
  score: string;
  comment: string | null;
}

/** Each vendor's score of its latest evaluated year, vendors in a stable order (by name). */
export function latestVendorScores(scores: readonly StoredScore[]): LatestVendorScore[] {
  const latest = new Map<string, StoredScore>();
  for (const s of scores) {
    const seen = latest.get(s.subjectId);
    if (!seen || s.year > seen.year) latest.set(s.subjectId, s);
  }
  return [...latest.values()]
    .map((s) => ({ vendor: s.subjectId, year: s.year, score: s.score, comment: s.comment }))
    .sort((a, b) => (a.vendor < b.vendor ? -1 : a.vendor > b.vendor ? 1 : 0));
}

/** The read-only text of the procurement forms: one line per vendor, or a sentence saying there is none. */
export function vendorScoreNotice(latest: readonly LatestVendorScore[]): string {
  if (latest.length === 0) return '无实施单位评价结果（第三十二条）';
  return latest.map((v) => `${v.vendor}：${scoreSummary([v])}`).join('\n');
}
