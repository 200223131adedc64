// When each process instance ended, as seen by the worker of its last task, keyed by processInstanceKey.
// The end may be seen before the createProcessInstance answer reaches the bench, so both orders work.
export class InstanceEnds {
  private readonly endedAt = new Map<string, number>();
  private readonly waiting = new Map<string, (endedAt: number) => void>();

  record(processInstanceKey: string, at: number): void {
    const waiter = this.waiting.get(processInstanceKey);
    if (waiter) {
      this.waiting.delete(processInstanceKey);
      waiter(at);
    } else {
      this.endedAt.set(processInstanceKey, at);
    }
  }

  whenEnded(processInstanceKey: string): Promise<number> {
    const at = this.endedAt.get(processInstanceKey);
    if (at !== undefined) {
      this.endedAt.delete(processInstanceKey);
      return Promise.resolve(at);
    }
    return new Promise((resolve) => this.waiting.set(processInstanceKey, resolve));
  }

  /** Between scenarios: ends nobody waits for any more (instances that never ended keep nothing alive). */
  clear(): void {
    this.endedAt.clear();
    this.waiting.clear();
  }
}
