/**
 * Keys ordered by a due time (job deadlines, retry back-offs, message expiry): a binary min-heap with lazy
 * deletion, so that finding what is due costs O(log n) instead of a scan over every job.
 * It is derived from state and rebuilt on recovery, never persisted.
 */
export class DueIndex {
  private readonly dueByKey = new Map<string, number>();
  private heap: Array<[number, string]> = [];

  set(key: string, due: number): void {
    this.dueByKey.set(key, due);
    this.push([due, key]);
  }

  delete(key: string): void {
    this.dueByKey.delete(key);
    if (this.heap.length > 1024 && this.heap.length > this.dueByKey.size * 4) this.compact();
  }

  get size(): number {
    return this.dueByKey.size;
  }

  /** The earliest due time, or undefined when nothing is waiting. */
  nextDue(): number | undefined {
    this.dropStale();
    return this.heap[0]?.[0];
  }

  /** Keys due at or before now, earliest first, at most limit of them; they stay indexed until deleted. */
  due(now: number, limit: number): string[] {
    const result: string[] = [];
    const seen = new Set<string>();
    const kept: Array<[number, string]> = [];
    while (result.length < limit) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top[0] > now) break;
      this.pop();
      if (!seen.has(top[1])) {
        seen.add(top[1]);
        result.push(top[1]);
      }
      kept.push(top);
    }
    for (const entry of kept) this.push(entry);
    return result;
  }

  private dropStale(): void {
    while (this.heap.length > 0) {
      const [due, key] = this.heap[0];
      if (this.dueByKey.get(key) === due) return;
      this.pop();
    }
  }

  private compact(): void {
    this.heap = [];
    for (const [key, due] of this.dueByKey) this.push([due, key]);
  }

  private push(entry: [number, string]): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent][0] <= heap[i][0]) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left][0] < heap[smallest][0]) smallest = left;
      if (right < heap.length && heap[right][0] < heap[smallest][0]) smallest = right;
      if (smallest === i) return;
      [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
      i = smallest;
    }
  }
}
