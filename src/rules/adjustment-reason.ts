import { fail, pass, type Verdict } from './verdict';

/** The only three grounds on which an annual construction (O&M) scheme may be adjusted (Art. 18). */
export const ADJUSTMENT_REASONS = [
  { value: 'technical-optimisation', zh: '对原项目技术方案进行优化完善', en: 'optimising the technical scheme of the project' },
  { value: 'deployment-requirement', zh: '根据国家和自治区党委、政府的部署要求确需改变建设内容', en: 'a change of content required by national or regional deployment' },
  { value: 'schedule-adjustment', zh: '在原方案框架下适当调整建设进度', en: 'adjusting the schedule within the approved scheme' },
] as const;

export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number]['value'];

/** Reasons that change what is built, so the scheme itself goes back for revision. */
export const SCHEME_CHANGING_REASONS: readonly AdjustmentReason[] = ['technical-optimisation', 'deployment-requirement'];

/** Art. 18: an adjustment application is admissible only on one of the three grounds. */
export function adjustmentReason(reason: unknown): Verdict {
  const ground = ADJUSTMENT_REASONS.find((r) => r.value === reason);
  if (!ground) {
    return fail(18, {
      zh: `调整理由“${String(reason ?? '')}”不属于第十八条规定的三种情形，申请被驳回`,
      en: `The adjustment reason '${String(reason ?? '')}' is not one of the three grounds of Art. 18, so the application is rejected`,
    });
  }
  return pass(18, { zh: `调整理由：${ground.zh}`, en: `Adjustment reason: ${ground.en}` });
}
