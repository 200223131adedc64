/**
 * Art. 26: sensitive data (trade secrets, personal privacy) is handled by the privacy and desensitisation
 * rules. Variables with these names are masked for every viewer except one who may work the task (its
 * assignee, candidate users and candidate group members; never auditors) and whose form shows the variable
 * as a field, to fill in or only to read: the Bureau inspecting the vendor's materials reads them, the vendor
 * rectifying reads the findings, everyone else sees them masked.
 */
export const ARTICLE = 26;

/**
 * Personal data and business secrets that the processes of processes/ carry, by variable name. Only names a
 * diagram or form uses are listed (a test keeps it so): a name nothing carries protects nothing.
 */
export const SENSITIVE_VARIABLE_NAMES: readonly string[] = [
  // operation-readiness (Art. 27): the people of the operation organisation and how to reach them
  'serviceContact',
  'operationTeam',
  // trade secrets of vendors: bids and contract sums (Art. 15–16)
  'bidAmount',
  'contractAmount',
  // the vendor's business documents handed to the inspectors (Art. 28)
  'materials',
  // security findings that would help an attacker until they are fixed (Art. 20, 25)
  'securityRiskAssessment',
  'findings',
  // open findings of a running system and who is liable, until rectified (Art. 29)
  'findingDetails',
  'rectificationMeasures',
  'liabilityNote',
  // the user unit's account of the service it gets (Art. 28): may describe a running system's weaknesses
  'userComment',
  // independent review (Art. 9, 14): an expert must not see the scores of the experts before them
  'expertScores',
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
 * The variables as a viewer may see them. `revealed` holds the names the viewer needs in clear: the fields of
 * the task's form, when the viewer may work the task. Everything else sensitive is masked.
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

/** A value as the viewer may see it: itself, or its masked form when it is sensitive and not revealed. */
export function shownValue(name: string, value: unknown, revealed: ReadonlySet<string>): unknown {
  return isSensitiveVariable(name) && !revealed.has(name) ? maskValue(value) : value;
}
