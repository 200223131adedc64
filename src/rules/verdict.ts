/**
 * What every rule returns: whether the data passes, the article that says so, and why, in both languages
 * (Chinese is authoritative, as in the regulation). Rules are pure: data in, verdict out, no I/O.
 */
export interface Reason {
  zh: string;
  en: string;
}

export interface Verdict {
  ok: boolean;
  article: number;
  reason: Reason;
}

export function pass(article: number, reason: Reason): Verdict {
  return { ok: true, article, reason };
}

export function fail(article: number, reason: Reason): Verdict {
  return { ok: false, article, reason };
}
