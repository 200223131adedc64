import { fenOf, isYuan, toYuan as yuan } from './money';
import { fail, pass, type Verdict } from './verdict';

/**
 * Art. 15 (derived, not literal): the procurement plan follows the reviewed scheme, so its budget may not
 * exceed the scheme's reviewed investment estimate. Both are yuan strings and are compared in whole fen.
 */
export function procurementBudget(budget: unknown, reviewedEstimate: unknown): Verdict {
  const budgetFen = isYuan(budget) ? fenOf(budget) : null;
  const estimateFen = isYuan(reviewedEstimate) ? fenOf(reviewedEstimate) : null;
  if (budgetFen === null || budgetFen <= 0n) {
    return fail(15, { zh: '采购方案未写明有效的采购预算（元，至多两位小数）', en: 'The procurement plan states no valid budget (yuan, at most two decimals)' });
  }
  if (estimateFen === null) {
    return fail(15, { zh: '评审通过的方案没有投资概算，无法核对采购预算', en: 'The reviewed scheme has no investment estimate to check the budget against' });
  }
  if (budgetFen > estimateFen) {
    return fail(15, {
      zh: `采购预算${yuan(budgetFen)}元超过评审通过的投资概算${yuan(estimateFen)}元`,
      en: `The procurement budget of ${yuan(budgetFen)} yuan exceeds the reviewed investment estimate of ${yuan(estimateFen)} yuan`,
    });
  }
  return pass(15, { zh: `采购预算${yuan(budgetFen)}元未超过投资概算${yuan(estimateFen)}元`, en: `The procurement budget of ${yuan(budgetFen)} yuan is within the investment estimate of ${yuan(estimateFen)} yuan` });
}
