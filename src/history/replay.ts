import { applyRecord } from '../engine/state/apply';
import { EngineState } from '../engine/state/engine-state';
import { compileProcessXml } from '../engine/model/compile';
import type { LogRecord } from '../engine/log/record';
import type { InstanceLog } from './instance-log';

/**
 * Rebuilds an instance's engine state at any position of the log with the engine's own appliers
 * (src/engine/state/apply.ts), never with a second implementation of what a record means.
 *
 * Only the instance's records are applied, on top of its process definitions (whose models the appliers of
 * parallel joins and sequence flows consult). That yields exactly the instance's part of the engine's state,
 * except for what the engine records without an instance key: which worker holds a job's lease (JOB_BATCH
 * records) and the called instance a call activity waits for (the child's own records). The test
 * test/history/replay-equals-live.test.ts compares both ways at every record.
 *
 * Stepping forward continues from the last state built; stepping back starts again from the definitions.
 */
export class InstanceReplay {
  private cursor: EngineState | undefined;
  /** Index of the next record the cursor has not applied. */
  private next = 0;

  private constructor(
    readonly log: InstanceLog,
    private readonly models: Map<string, Awaited<ReturnType<typeof compileProcessXml>>>,
  ) {}

  static async of(log: InstanceLog): Promise<InstanceReplay> {
    const models = new Map<string, Awaited<ReturnType<typeof compileProcessXml>>>();
    for (const [key, definition] of log.definitions) {
      const value = definition.value as { resource: string; bpmnProcessId: string };
      models.set(key, await compileProcessXml(value.resource, value.bpmnProcessId));
    }
    return new InstanceReplay(log, models);
  }

  get records(): LogRecord[] {
    return this.log.records;
  }

  /** The instance's state after every one of its records up to and including `position` was applied. */
  stateAt(position: number): EngineState {
    if (!this.cursor || this.cursor.lastPosition > position || (this.next > 0 && this.records[this.next - 1].position > position)) {
      this.cursor = this.freshState();
      this.next = 0;
    }
    const records = this.records;
    while (this.next < records.length && records[this.next].position <= position) {
      applyRecord(this.cursor, records[this.next], '');
      this.next += 1;
    }
    return this.cursor;
  }

  private freshState(): EngineState {
    const state = new EngineState();
    for (const [key, model] of this.models) state.models.set(key, model);
    for (const definition of this.log.definitions.values()) applyRecord(state, definition, '');
    return state;
  }
}
