import { fail, pass, type Verdict } from './verdict';

export const MAX_TERM_MONTHS = 36;

/** The parts of a drafted contract that Art. 16 speaks of. Dates are ISO calendar dates (YYYY-MM-DD). */
export interface ContractDraft {
  userUnit?: string | null;
  constructionUnit?: string | null;
  implementingUnit?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  /** The Bureau's recorded reason for allowing a longer term (原则上); only a non-blank reason counts. */
  termExceptionReason?: string | null;
}

/**
 * Art. 16: the user unit, the construction unit and the implementing unit sign one tripartite contract, whose
 * term is 原则上 at most three years: the end date is no later than the start date plus 36 months. A longer
 * term passes only with the Bureau's explicit, reasoned exception; nothing excuses a missing party.
 */
export function contractTerm(draft: ContractDraft): Verdict {
  const parties = [
    { value: draft.userUnit, zh: '用户单位', en: 'user unit' },
    { value: draft.constructionUnit, zh: '项目建设单位', en: 'construction unit' },
    { value: draft.implementingUnit, zh: '项目实施单位', en: 'implementing unit' },
  ];
  const absent = parties.filter((p) => !p.value || !p.value.trim());
  if (absent.length > 0) {
    return fail(16, {
      zh: `合同须由三方签订，缺少：${absent.map((p) => p.zh).join('、')}`,
      en: `The contract needs all three parties, but lacks the ${absent.map((p) => p.en).join(', ')}`,
    });
  }
  const names = new Set(parties.map((p) => p.value!.trim()));
  if (names.size < 3) {
    return fail(16, { zh: '合同须由三个不同的单位签订', en: 'The contract needs three distinct parties, but two of them are the same' });
  }
  const start = parseDate(draft.startDate);
  const end = parseDate(draft.endDate);
  if (!start || !end || end <= start) {
    return fail(16, { zh: '合同须写明有效的起止日期，且结束日期晚于开始日期', en: 'The contract needs a valid start and end date, with the end after the start' });
  }
  const limit = addMonths(start, MAX_TERM_MONTHS);
  if (end > limit) {
    const reason = draft.termExceptionReason?.trim();
    if (reason) {
      return pass(16, {
        zh: `合同期限超过三年，经自治区大数据发展局例外批准：${reason}`,
        en: `The term exceeds three years, allowed by the Bureau's recorded exception: ${reason}`,
      });
    }
    return fail(16, {
      zh: `合同期限原则上不超过三年（${MAX_TERM_MONTHS}个月），结束日期${draft.endDate}晚于${iso(limit)}`,
      en: `The contract term may in principle not exceed ${MAX_TERM_MONTHS} months, but it ends on ${draft.endDate}, after ${iso(limit)}`,
    });
  }
  return pass(16, { zh: '三方合同，期限不超过三年', en: 'A tripartite contract with a term of at most three years' });
}

function parseDate(text: string | null | undefined): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text ?? '');
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 ? date : null;
}

/** Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
function addMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}
