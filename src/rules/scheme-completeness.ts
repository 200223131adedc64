import { fenOf, isYuan } from './money';
import { fail, pass, type Verdict } from './verdict';
import { hasText } from './has-text';

/** The ten things an annual construction (O&M) scheme covers (Art. 13), as form variables with their names. */
export const SCHEME_SECTIONS = [
  { key: 'constructionContent', zh: '建设和运维内容', en: 'construction and O&M content' },
  { key: 'functionalApplications', zh: '功能应用', en: 'functional applications' },
  { key: 'dataResources', zh: '数据资源', en: 'data resources' },
  { key: 'technicalArchitecture', zh: '技术架构', en: 'technical architecture' },
  { key: 'standards', zh: '标准规范', en: 'standards' },
  { key: 'constructionPeriod', zh: '建设周期', en: 'construction period' },
  { key: 'implementationPath', zh: '实施路径', en: 'implementation path' },
  { key: 'serviceGuarantees', zh: '服务保障', en: 'service guarantees' },
  { key: 'trainingPlan', zh: '培训计划', en: 'training plan' },
  { key: 'investmentEstimate', zh: '投资概算', en: 'investment estimate' },
] as const;

export type SchemeSectionKey = (typeof SCHEME_SECTIONS)[number]['key'];

export interface SchemeCheck {
  verdict: Verdict;
  /** Keys of the sections that are missing, in the article's order. */
  missing: SchemeSectionKey[];
}

/** Art. 13: a scheme is complete when every one of the ten sections is filled (the estimate a positive yuan string). */
export function schemeCompleteness(scheme: Record<string, unknown>): SchemeCheck {
  const missing = SCHEME_SECTIONS.filter((section) => !isFilled(section.key, scheme[section.key])).map((s) => s.key);
  if (missing.length === 0) {
    return { missing, verdict: pass(13, { zh: '年度建设（运维）方案十项内容齐全', en: 'The annual construction (O&M) scheme covers all ten sections' }) };
  }
  const names = SCHEME_SECTIONS.filter((s) => missing.includes(s.key));
  return {
    missing,
    verdict: fail(13, {
      zh: `年度建设（运维）方案缺少：${names.map((s) => s.zh).join('、')}`,
      en: `The annual construction (O&M) scheme lacks: ${names.map((s) => s.en).join(', ')}`,
    }),
  };
}

function isFilled(key: string, value: unknown): boolean {
  if (key === 'investmentEstimate') return isYuan(value) && fenOf(value) > 0n;
  return hasText(value);
}
