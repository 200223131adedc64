import type { Reason } from './verdict';

/**
 * Art. 25: the implementing unit tests and assesses the security of every system in operation once a year.
 * A system is due when it is in operation and has no assessment, or its last one is a year old or older.
 */
export interface AssessmentDue {
  due: boolean;
  article: 25;
  reason: Reason;
}

export interface SystemAssessmentState {
  status: string;
  lastAssessedAt: Date | null;
}

export function securityAssessmentDue(system: SystemAssessmentState, now: Date): AssessmentDue {
  if (system.status !== 'in-operation') {
    return { due: false, article: 25, reason: { zh: '系统未进入运行阶段，不需年度安全检测', en: `the system is not in operation (status ${system.status}), so no yearly assessment is due` } };
  }
  if (!system.lastAssessedAt) {
    return { due: true, article: 25, reason: { zh: '运行中的系统尚无网络安全检测与风险评估记录', en: 'the system is in operation and has never been assessed' } };
  }
  const yearAfter = new Date(system.lastAssessedAt);
  yearAfter.setUTCFullYear(yearAfter.getUTCFullYear() + 1);
  if (now.getTime() >= yearAfter.getTime()) {
    return { due: true, article: 25, reason: { zh: '距上次网络安全检测与风险评估已满一年', en: 'the last assessment is a year old or older' } };
  }
  return { due: false, article: 25, reason: { zh: '本年度已开展网络安全检测与风险评估', en: 'the system was assessed less than a year ago' } };
}
