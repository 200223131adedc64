/**
 * Zeebe keys: the partition id in the top bits ((partitionId << 51) + counter), int64.
 * We run one partition, so every key is 2251799813685248 + n. Carried as decimal strings.
 */
const PARTITION_ID = 1n;
const KEY_BITS = 51n;
export const FIRST_KEY = (PARTITION_ID << KEY_BITS) + 1n;

export class KeyGenerator {
  private next: bigint;
  /** The key before next, as text (see observe). */
  private lastText: string;

  constructor(lastKey?: string) {
    this.next = lastKey ? BigInt(lastKey) + 1n : FIRST_KEY;
    this.lastText = (this.next - 1n).toString();
  }

  nextKey(): string {
    const key = this.next.toString();
    this.next += 1n;
    this.lastText = key;
    return key;
  }

  /** The last key handed out, for snapshots. */
  lastKey(): string {
    return (this.next - 1n).toString();
  }

  /** Keys are carried in events, so replaying them advances the generator past every key ever used. */
  observe(key: string): void {
    // Nearly every key observed is one handed out before: decimal texts of the same length compare as their
    // numbers do, so those need no parse (a BigInt parse per record, for every record written or replayed,
    // showed in profiles). A text of that length that is not decimal is ignored either way.
    if (key.length === this.lastText.length && key <= this.lastText) return;
    if (!/^\d+$/.test(key)) return;
    const k = BigInt(key);
    if (k >= this.next && (k >> KEY_BITS) === PARTITION_ID) {
      this.next = k + 1n;
      this.lastText = key;
    }
  }
}
