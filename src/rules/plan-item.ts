/** One project item of a department's annual plan (Art. 2, 3, 7, 8, 25), as the processes carry it. */
export interface PlanItem {
  name: string;
  /** Art. 2 */
  category: 'infrastructure' | 'application' | 'information-resources' | 'security';
  /** Art. 2 */
  kind: 'new' | 'extension' | 'upgrade';
  /** Art. 3 */
  fundingSource: 'regional' | 'central' | 'special';
  /** Yuan, decimal string. */
  estimate: string;
  /** Art. 8: serves a major decision of the Party committee or government. */
  priority: boolean;
  /** Art. 25: database | operating-system | chip. */
  domesticProducts: string[];
}

export const CATEGORIES = ['infrastructure', 'application', 'information-resources', 'security'] as const;
export const KINDS = ['new', 'extension', 'upgrade'] as const;
export const FUNDING_SOURCES = ['regional', 'central', 'special'] as const;
export const DOMESTIC_PRODUCTS = ['database', 'operating-system', 'chip'] as const;
