import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { canonicalState } from '../../../src/engine/state/compare';
import { PART_CHARS, deserializeState, readSnapshotData, serializeState } from '../../../src/engine/state/snapshot';
import { EngineState } from '../../../src/engine/state/engine-state';

// A snapshot is stored in parts of about PART_CHARS characters (migrations/20261203100000_snapshot_parts.ts),
// so that no single string or database value has to hold the whole state.
const INSTANCES = 1_500;
const NOTE = '政务信息化项目'.repeat(100); // ~700 characters of variable per instance: the state makes many parts

describe('engine snapshots in parts: a state larger than one part is stored and recovered whole', function () {
  this.timeout(120_000);
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    const xml = bpmnXml('held', start(), serviceTask('work', 'held-work'), end(), ...chain('start', 'work', 'end'));
    await t.client.deployResource({ process: Buffer.from(xml), name: 'held.bpmn' });
    for (let from = 0; from < INSTANCES; from += 100) {
      const batch = Array.from({ length: Math.min(100, INSTANCES - from) }, (_, i) => from + i);
      await Promise.all(batch.map((n) => t.client.createProcessInstance({ bpmnProcessId: 'held', variables: { n, note: NOTE } })));
    }
    await t.embedded.engine.whenIdle();
  });

  after(() => t.stop());

  it('when the state is serialized, then it comes out as several parts, none much larger than PART_CHARS, that join back to the same data', () => {
    const state = t.embedded.engine.currentState;
    const parts = [...serializeState(state)];
    expect(parts.length).to.be.greaterThan(1);
    const largestItem = 4_000; // one element instance, job or variable of this process, as JSON
    for (const part of parts) expect(part.length).to.be.below(PART_CHARS + largestItem);
    const joined = readSnapshotData(parts);
    const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));
    expect(joined.elementInstances).to.deep.equal(asJson([...state.elementInstances.values()]));
    expect(joined.jobs).to.deep.equal(asJson([...state.jobs.values()]));
    expect(joined.variables).to.deep.equal(asJson([...state.variables].map(([scope, vars]) => [scope, [...vars]])));
    expect([joined.lastPosition, joined.lastHash, joined.lastKey]).to.deep.equal([state.lastPosition, state.lastHash, state.keys.lastKey()]);
  });

  it('when the engine restarts from the snapshot, then the recovered state equals the live one and every held job is still there', async () => {
    await t.embedded.engine.snapshot();
    const newest = (await t.db.raw('select count(*)::int as parts from engine_snapshots where position = (select max(position) from engine_snapshots)')).rows[0];
    expect(newest.parts).to.be.greaterThan(1);
    const live = canonicalState(t.embedded.engine.currentState);

    await t.restart();

    expect(canonicalState(t.embedded.engine.currentState)).to.deep.equal(live);
    const jobs = await t.client.activateJobs({ type: 'held-work', worker: 'after-restart', maxJobsToActivate: INSTANCES, timeout: 60_000, requestTimeout: -1 });
    expect(jobs.length).to.equal(INSTANCES);
    expect(new Set(jobs.map((job) => (job.variables as { n: number }).n)).size).to.equal(INSTANCES);
    expect(jobs.every((job) => (job.variables as { note: string }).note === NOTE)).to.equal(true);
  });

  it('when the state moves on while its parts are taken, then the next part fails the snapshot instead of mixing two states', () => {
    const copy = deserializeState(serializeState(t.embedded.engine.currentState));
    const parts = serializeState(copy)[Symbol.iterator]();
    expect(parts.next().done).to.equal(false);
    copy.lastPosition += 1;
    expect(() => parts.next()).to.throw(`Expected the state to stay at position ${copy.lastPosition - 1} while its snapshot is made, but it moved to ${copy.lastPosition}`);
  });

  it('when a snapshot was stored as one text (before parts), then it still reads', () => {
    const empty = new EngineState();
    const whole = JSON.stringify({ lastPosition: 7, lastHash: 'h', lastKey: '42', processes: [], jobs: [] });
    expect(readSnapshotData([whole])).to.deep.equal({ ...readSnapshotData(serializeState(empty)), lastPosition: 7, lastHash: 'h', lastKey: '42' });
  });
});
