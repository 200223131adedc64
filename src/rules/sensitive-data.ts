/**
 * Art. 26: sensitive data (trade secrets, personal privacy) is handled by the privacy and desensitisation
 * rules. Variables with these names are masked for every role that does not need them, auditors included:
 * only the person working the task sees the values of the fields the task's own form asks them to fill in.
 */
export const ARTICLE = 26;

/** Personal data and business secrets that processes carry, by variable name. */
export const SENSITIVE_VARIABLE_NAMES: readonly string[] = [
  // personal privacy
  'idNumber',
  'idCardNumber',
  'contactPhone',
  'phone',
  'mobile',
  'email',
  'contactEmail',
  'homeAddress',
  'bankAccount',
  'salary',
  'personalInfo',
  // operation-readiness (Art. 27): the people of the operation organisation and how to reach them
  'serviceContact',
  'operationTeam',
  // trade secrets of vendors
  'bidPrice',
  'quotation',
  'tenderPrice',
  'costBreakdown',
  'unitPrices',
  'vendorBankAccount',
  'bidAmount',
  'contractAmount',
  // the vendor's business documents handed to the inspectors (Art. 28)
  'materials',
  // security findings that would help an attacker until they are fixed (Art. 24–25)
  'vulnerabilityDetails',
  'securityFindings',
  'securityRiskAssessment',
  'credentials',
  'password',
  // open findings of a running system and who is liable, until rectified (Art. 29)
  'findingDetails',
  'rectificationMeasures',
  'liabilityNote',
];

const SENSITIVE = new Set(SENSITIVE_VARIABLE_NAMES.map((name) => name.toLowerCase()));

export function isSensitiveVariable(name: string): boolean {
  return SENSITIVE.has(name.toLowerCase());
}

/**
 * The masked form of a value: long identifiers keep their first three and last four characters (enough to
 * tell two apart), short texts their first character; numbers, lists and objects show nothing.
 */
export function maskValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value !== 'string') return '******';
  const chars = [...value];
  if (chars.length >= 11) return `${chars.slice(0, 3).join('')}****${chars.slice(-4).join('')}`;
  return `${chars[0]}${'*'.repeat(Math.max(2, chars.length - 1))}`;
}

export interface ShownVariable {
  name: string;
  /** The value as text: JSON for anything but a string, or its masked form. */
  value: string;
  masked: boolean;
}

/**
 * The variables as a viewer may see them. `revealed` holds the names the viewer needs in clear: the input
 * fields of the task's form, when the viewer may work the task. Everything else sensitive is masked.
 */
export function showVariables(variables: Record<string, unknown>, revealed: ReadonlySet<string>): ShownVariable[] {
  return Object.keys(variables)
    .sort()
    .map((name) => {
      const value = variables[name];
      if (isSensitiveVariable(name) && !revealed.has(name)) return { name, value: maskValue(value), masked: true };
      return { name, value: typeof value === 'string' ? value : JSON.stringify(value), masked: false };
    });
}
