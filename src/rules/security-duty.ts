import { fail, pass, type Verdict } from './verdict';

/**
 * Art. 24 splits security duties three ways: the Bureau for the shared e-government infrastructure
 * (extranet, government cloud, data sharing and open data platforms), the user unit for its own systems and
 * their use of data, the implementing unit (vendor) for security while building and operating.
 */
export type SecurityArea = 'shared-infrastructure' | 'system-and-data-use' | 'build-and-operation';
export type SecurityParty = 'big-data-bureau' | 'user-unit' | 'vendor';

export interface DutyAssignment extends Verdict {
  party?: SecurityParty;
}

const HOLDERS: Record<SecurityArea, { party: SecurityParty; zh: string; en: string }> = {
  'shared-infrastructure': { party: 'big-data-bureau', zh: '电子政务公共基础设施的安全防护由自治区大数据发展局负责', en: 'the Bureau protects the shared e-government infrastructure' },
  'system-and-data-use': { party: 'user-unit', zh: '本部门政务信息系统和政务数据资源使用过程的安全管理由用户单位负责', en: 'the user unit manages the security of its own systems and their use of data' },
  'build-and-operation': { party: 'vendor', zh: '项目建设运维过程中的安全管理由项目实施单位负责', en: 'the implementing unit manages security while it builds and operates the system' },
};

export const SECURITY_AREAS = Object.keys(HOLDERS) as SecurityArea[];

/** Who answers for one area of security (a kind of finding names its area). */
export function securityDutyHolder(area: string): DutyAssignment {
  const holder = HOLDERS[area as SecurityArea];
  if (!holder) {
    return fail(24, { zh: `未知的安全职责范围“${area}”`, en: `Expected a security area (${SECURITY_AREAS.join(', ')}), but got '${area}'` });
  }
  return { ...pass(24, { zh: holder.zh, en: holder.en }), party: holder.party };
}

/**
 * Who reviews the security management of a system in operation: infrastructure projects are the shared
 * e-government infrastructure, which the Bureau protects; every other system is its user unit's.
 */
export function systemSecurityReviewer(category: string): DutyAssignment {
  return securityDutyHolder(category === 'infrastructure' ? 'shared-infrastructure' : 'system-and-data-use');
}
