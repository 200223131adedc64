import type { DraftItem } from '../../rules/plan-completeness';

/** The variables of an out-of-plan application (forms/out-of-plan-application.form and the decisions). */
export interface OutOfPlanVariables {
  departmentId: string;
  itemName?: string;
  itemCategory?: string;
  itemKind?: string;
  itemFundingSource?: string;
  itemEstimate?: string;
  itemPriority?: boolean;
  itemDomesticProducts?: string[];
  orderedBy: string;
  orderReference?: string;
  bureauDecision?: string;
  bureauComment?: string;
  governmentDecision?: string;
  governmentComment?: string;
}

export function applicationItem(v: OutOfPlanVariables): DraftItem {
  return {
    name: v.itemName,
    category: v.itemCategory,
    kind: v.itemKind,
    fundingSource: v.itemFundingSource,
    estimate: v.itemEstimate,
    priority: v.itemPriority,
    domesticProducts: v.itemDomesticProducts,
  };
}
