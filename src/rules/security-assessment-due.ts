import { beijingYear } from './beijing-time';
import type { Reason } from './verdict';

/**
 * Art. 25: the implementing unit tests and assesses the security of every system in operation every year
 * (每年定期). A system is due when it is in operation and has not been assessed in the current year, Beijing
 * time. Counting calendar years rather than 365 days keeps one assessment per yearly round: a report filed
 * on 20 January would otherwise not be "a year old" when the next round starts on 15 January.
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
  const year = beijingYear(now);
  const lastYear = beijingYear(system.lastAssessedAt);
  if (lastYear < year) {
    return { due: true, article: 25, reason: { zh: `最近一次网络安全检测与风险评估在${lastYear}年，${year}年度尚未开展`, en: `the last assessment was in ${lastYear}; none yet in ${year}` } };
  }
  return { due: false, article: 25, reason: { zh: `${year}年度已开展网络安全检测与风险评估`, en: `the system was already assessed in ${year}` } };
}
