/**
 * Zeebe keys: the partition id in the top bits ((partitionId << 51) + counter), int64.
 * We run one partition, so every key is 2251799813685248 + n. Carried as decimal strings.
 */
const PARTITION_ID = 1n;
const KEY_BITS = 51n;
export const FIRST_KEY = (PARTITION_ID << KEY_BITS) + 1n;

export class KeyGenerator {
  private next: bigint;

  constructor(lastKey?: string) {
    this.next = lastKey ? BigInt(lastKey) + 1n : FIRST_KEY;
  }

  nextKey(): string {
    const key = this.next;
    this.next += 1n;
    return key.toString();
  }

  /** The last key handed out, for snapshots. */
  lastKey(): string {
    return (this.next - 1n).toString();
  }

  /** Keys are carried in events, so replaying them advances the generator past every key ever used. */
  observe(key: string): void {
    if (!/^\d+$/.test(key)) return;
    const k = BigInt(key);
    if (k >= this.next && (k >> KEY_BITS) === PARTITION_ID) this.next = k + 1n;
  }
}
