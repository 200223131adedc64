import { fetchJson, timeText } from './fetch-json';

interface Verification {
  ok: boolean;
  checkedAt: string;
  records: number;
  operations: number;
  checkpoints: number;
  lastCheckpointAt: string | null;
  firstProblem: { table: string; position: number; expected: string; found: string } | null;
}

/**
 * The tamper-evidence badge: the chain check of records, operations and signed checkpoints. When the check
 * cannot be had (not installed, or refused), the badge says so rather than pretending the log is sound.
 */
export async function showVerification(badge: HTMLElement): Promise<void> {
  try {
    const v = await fetchJson<Verification>(badge.dataset.url!);
    if (v.ok) {
      badge.textContent = `✔ 未被篡改 / Unaltered · ${v.records} records, ${v.operations} operations, ${v.checkpoints} checkpoints · ${timeText(Date.parse(v.checkedAt))}`;
      badge.className = 'verification ok';
    } else {
      const p = v.firstProblem;
      badge.textContent = `✘ 校验失败 / Verification failed${p ? ` at ${p.table} #${p.position}` : ''}`;
      badge.className = 'verification failed';
    }
  } catch {
    badge.textContent = '校验不可用 / verification unavailable';
    badge.className = 'verification unavailable';
  }
}
