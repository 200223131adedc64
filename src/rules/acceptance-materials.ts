import { fail, pass, type Verdict } from './verdict';
import { hasText } from './has-text';

/** The six documents that accompany an acceptance application (Art. 20), as the form's variables. */
export const ACCEPTANCE_DOCUMENTS = [
  { key: 'implementationSummary', zh: '项目实施总结报告', en: 'implementation summary' },
  { key: 'financialReport', zh: '财务报告', en: 'financial report' },
  { key: 'auditReport', zh: '审计报告', en: 'audit report' },
  { key: 'technicalDocumentation', zh: '技术文档', en: 'technical documentation' },
  { key: 'securityRiskAssessment', zh: '安全风险评估报告', en: 'security risk assessment report' },
  { key: 'userConfirmation', zh: '用户单位确认书', en: "user unit's confirmation" },
] as const;

export interface MaterialsCheck {
  verdict: Verdict;
  missing: string[];
}

/** Art. 20: the application is complete only with all six documents; otherwise it goes back listing the gaps. */
export function acceptanceMaterials(application: Record<string, unknown>): MaterialsCheck {
  const absent = ACCEPTANCE_DOCUMENTS.filter((d) => !hasText(application[d.key]));
  if (absent.length === 0) {
    return { missing: [], verdict: pass(20, { zh: '验收申请材料六项齐全', en: 'All six acceptance documents are present' }) };
  }
  return {
    missing: absent.map((d) => d.key),
    verdict: fail(20, {
      zh: `验收申请退回，缺少：${absent.map((d) => d.zh).join('、')}`,
      en: `The acceptance application is returned; missing: ${absent.map((d) => d.en).join(', ')}`,
    }),
  };
}
