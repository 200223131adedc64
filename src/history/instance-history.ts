import type { Knex } from 'knex';
import { readInstanceLog } from './instance-log';
import { readInstanceOperations } from './instance-operations';
import { elementStats, summarise, type ElementStats, type InstanceSummary } from './instance-summary';
import type { HistoryReader } from './masking';
import { InstanceReplay } from './replay';
import { replayFrame, type ReplayFrame } from './replay-frame';
import { buildTimeline, type TimelineEntry } from './timeline';
import { variableHistory, type VariableChange } from './variable-history';

/** Everything the instance page draws before any replay step: the diagram, its badges and the timeline. */
export interface InstanceHistory {
  summary: InstanceSummary;
  /** The BPMN XML of the instance's process version, from its deployment record in the log. */
  diagramXml: string;
  /** By element id (sequence flows too: how often taken). */
  elements: Record<string, ElementStats>;
  timeline: TimelineEntry[];
  /** The positions the replay can step to: the instance's events and rejections, in order. */
  steps: number[];
}

const CACHED_REPLAYS = 16;

/**
 * The auditors' use cases over one instance. Replays are kept for the few instances being looked at, so
 * stepping through one does not read its log again: a replay is reloaded only when asked for a position past
 * the records it holds (the instance has moved on).
 */
export class InstanceHistories {
  private readonly replays = new Map<string, InstanceReplay>();

  constructor(private readonly db: Knex) {}

  async instance(key: string, reader: HistoryReader): Promise<InstanceHistory | undefined> {
    const replay = await this.load(key);
    if (!replay) return undefined;
    const { records, definitions } = replay.log;
    const summary = summarise(key, records);
    const operations = await readInstanceOperations(this.db, key, summary.bpmnProcessId);
    const timeline = buildTimeline(records, operations, reader);
    const definition = definitions.get(summary.processDefinitionKey);
    return {
      summary,
      diagramXml: String((definition?.value as { resource?: string } | undefined)?.resource ?? ''),
      elements: elementStats(records),
      timeline,
      steps: timeline.flatMap((entry) => (entry.kind === 'record' ? [entry.position] : [])),
    };
  }

  async frame(key: string, position: number, reader: HistoryReader): Promise<ReplayFrame | undefined> {
    let replay = this.replays.get(key);
    const last = replay?.records[replay.records.length - 1]?.position ?? 0;
    if (!replay || position > last) replay = await this.load(key);
    return replay && replayFrame(replay, position, reader);
  }

  async variables(key: string, reader: HistoryReader, name?: string): Promise<VariableChange[] | undefined> {
    const history = await this.instance(key, reader);
    return history && variableHistory(history.timeline, name);
  }

  private async load(key: string): Promise<InstanceReplay | undefined> {
    const log = await readInstanceLog(this.db, key);
    if (!log) return undefined;
    const replay = await InstanceReplay.of(log);
    this.replays.delete(key);
    this.replays.set(key, replay);
    if (this.replays.size > CACHED_REPLAYS) this.replays.delete(this.replays.keys().next().value!);
    return replay;
  }
}
