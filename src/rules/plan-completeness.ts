import { fenOf, isYuan, toYuan } from './money';
import { CATEGORIES, DOMESTIC_PRODUCTS, FUNDING_SOURCES, KINDS, type PlanItem } from './plan-item';
import { fail, pass, type Reason, type Verdict } from './verdict';
import { hasText } from './has-text';

/**
 * Art. 7: a department's plan must fit national informatisation planning (1) and Digital Guangxi and the
 * unit's business (2), describe eight things (3), and carry at least one well-formed project item.
 * Anything missing goes back to the unit with the list of what is missing.
 */
export interface Requirement extends Reason {
  key: string;
}

export const PLAN_SECTIONS: Requirement[] = [
  { key: 'necessity', zh: '建设必要性', en: 'necessity' },
  { key: 'goals', zh: '建设目标', en: 'goals' },
  { key: 'contentAndScale', zh: '建设内容和规模', en: 'content and scale' },
  { key: 'functions', zh: '功能应用', en: 'functional applications' },
  { key: 'dataResources', zh: '数据资源', en: 'data resources' },
  { key: 'securitySafeguards', zh: '安全保障', en: 'security safeguards' },
  { key: 'operationServices', zh: '运维服务', en: 'O&M services' },
  { key: 'budget', zh: '经费预算', en: 'budget' },
];

export const FIT_STATEMENTS: Requirement[] = [
  { key: 'fitsNationalPlanning', zh: '符合国家信息化数字化建设总体规划的说明', en: 'statement of fit with national informatisation planning' },
  { key: 'fitsDigitalGuangxi', zh: '符合数字广西建设要求并结合本部门业务的说明', en: "statement of fit with Digital Guangxi and the unit's business" },
];

export interface DraftItem {
  name?: unknown;
  category?: unknown;
  kind?: unknown;
  fundingSource?: unknown;
  estimate?: unknown;
  priority?: unknown;
  domesticProducts?: unknown;
}

export type PlanDraft = Record<string, unknown> & { items?: DraftItem[] | null };

export interface CompletenessVerdict extends Verdict {
  missing: Requirement[];
  /** The filled item slots, normalised; only meaningful when ok. */
  items: PlanItem[];
}

export function checkPlanCompleteness(draft: PlanDraft | null | undefined): CompletenessVerdict {
  const given = draft ?? {};
  const missing = [...FIT_STATEMENTS, ...PLAN_SECTIONS].filter((r) => !isFilled(given[r.key]));
  const slots = (Array.isArray(given.items) ? given.items : []).filter((slot) => slot && !isEmptySlot(slot));
  const items: PlanItem[] = [];
  slots.forEach((slot, index) => {
    const problems = itemProblems(slot);
    if (problems.length === 0) items.push(normalise(slot));
    else missing.push({ key: `items[${index + 1}]`, zh: `第${index + 1}个项目：${problems.map((p) => p.zh).join('、')}`, en: `item ${index + 1}: ${problems.map((p) => p.en).join(', ')}` });
  });
  if (slots.length === 0) missing.push({ key: 'items', zh: '至少一个项目', en: 'at least one project item' });
  if (missing.length === 0) {
    return { ...pass(7, { zh: '部门年度计划内容齐全', en: "The department's annual plan is complete" }), missing, items };
  }
  return {
    ...fail(7, {
      zh: `部门年度计划缺少：${missing.map((m) => m.zh).join('；')}`,
      en: `The department's annual plan lacks: ${missing.map((m) => m.en).join('; ')}`,
    }),
    missing,
    items: [],
  };
}

function isFilled(value: unknown): boolean {
  return hasText(value) || value === true;
}

function isEmptySlot(slot: DraftItem): boolean {
  return [slot.name, slot.category, slot.kind, slot.fundingSource, slot.estimate].every((v) => v === null || v === undefined || v === '');
}

/** The problems of one item slot (empty when it is well formed). */
export function itemProblems(slot: DraftItem): Reason[] {
  const problems: Reason[] = [];
  if (!isFilled(slot.name)) problems.push({ zh: '名称', en: 'name' });
  if (!(CATEGORIES as readonly unknown[]).includes(slot.category)) problems.push({ zh: '类别', en: 'category' });
  if (!(KINDS as readonly unknown[]).includes(slot.kind)) problems.push({ zh: '建设性质', en: 'kind' });
  if (!(FUNDING_SOURCES as readonly unknown[]).includes(slot.fundingSource)) problems.push({ zh: '资金来源', en: 'funding source' });
  if (!isYuan(slot.estimate)) problems.push({ zh: '估算金额', en: 'estimate' });
  return problems;
}

/** A well-formed slot as a plan item: trimmed, defaults filled, unknown domestic products dropped. */
export function normalise(slot: DraftItem): PlanItem {
  const products = Array.isArray(slot.domesticProducts) ? slot.domesticProducts : [];
  return {
    name: String(slot.name).trim(),
    category: slot.category as PlanItem['category'],
    kind: slot.kind as PlanItem['kind'],
    fundingSource: slot.fundingSource as PlanItem['fundingSource'],
    estimate: toYuan(fenOf(slot.estimate)),
    priority: slot.priority === true,
    domesticProducts: products.filter((p): p is string => (DOMESTIC_PRODUCTS as readonly unknown[]).includes(p)),
  };
}
