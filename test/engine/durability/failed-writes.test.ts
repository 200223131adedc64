import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { grpcFailure } from '../../helpers/grpc-errors';
import { lastPosition } from '../../helpers/records';
import { verifyLog } from '../../../src/engine/log/verify-log';
import { canonicalState } from '../../../src/engine/state/compare';
import { REFUSE_MARKED_RECORDS } from '../../helpers/refused-writes';
import { waitFor } from '../../helpers/settle';

// The database refuses some writes on purpose (a trigger that raises), as a full disk or a lost connection
// would: the callers of the refused batch are told, and the engine's state never runs ahead of its log.
const REFUSE_SNAPSHOTS = [
  `create or replace function refuse_snapshot() returns trigger language plpgsql as $$
   begin raise exception 'snapshot refused by the test'; end $$`,
  'create trigger refuse_snapshot before insert on engine_snapshots for each row execute function refuse_snapshot()',
];

describe('engine durability: writes the database refuses', function () {
  this.timeout(60_000);
  let t: TestEngine;

  afterEach(() => t.stop());

  async function deploy(): Promise<void> {
    const xml = bpmnXml('refusable', start(), serviceTask('work', 'refusable-work'), end(), ...chain('start', 'work', 'end'));
    await t.client.deployResource({ process: Buffer.from(xml), name: 'refusable.bpmn' });
  }

  it('when the batch that reaches the snapshot interval is refused, then no snapshot is saved ahead of the log and the state is what the log holds', async () => {
    t = await startTestEngine({ engine: { snapshotInterval: 10 } });
    await deploy();
    await t.client.createProcessInstance({ bpmnProcessId: 'refusable', variables: { n: 1 } });
    for (const statement of REFUSE_MARKED_RECORDS) await t.db.raw(statement);

    const refused = await grpcFailure(t.client.createProcessInstance({ bpmnProcessId: 'refusable', variables: { note: 'refuse-this-write' } }));
    await t.embedded.engine.whenIdle();

    expect(refused.details).to.include('refused by the test');
    const newestSnapshot = (await t.db.raw('select coalesce(max(position), 0)::int as position from engine_snapshots')).rows[0].position;
    expect(newestSnapshot).to.be.at.most(await lastPosition(t.db));
    await t.db.raw('drop trigger refuse_marked on engine_records');
    await t.client.createProcessInstance({ bpmnProcessId: 'refusable', variables: { n: 2 } });
    await t.embedded.engine.whenIdle();
    expect(t.embedded.engine.currentState.lastPosition).to.equal(await lastPosition(t.db));
    expect((await verifyLog(t.db)).ok).to.equal(true);
    const live = canonicalState(t.embedded.engine.currentState);
    await t.restart();
    expect(canonicalState(t.embedded.engine.currentState)).to.deep.equal(live);
  });

  it('when a batch is refused while batches behind it are on their way, then none of those is written either, their callers are told, and the log has no gap', async () => {
    t = await startTestEngine({ engine: { batchSize: 1 } }); // one command per batch
    await deploy();
    const before = t.embedded.engine.currentState.lastPosition;
    await t.client.createProcessInstance({ bpmnProcessId: 'refusable', variables: { note: 'measured' } });
    const perCreate = t.embedded.engine.currentState.lastPosition - before;
    for (const statement of REFUSE_MARKED_RECORDS) await t.db.raw(statement);

    // The table locked (on PGlite the transaction also holds its one connection), so batches pile up on their way.
    const lock = await t.db.transaction();
    await lock.raw('lock table engine_records in share row exclusive mode');
    const start = t.embedded.engine.currentState.lastPosition;
    const processed = (creates: number) => waitFor(async () => t.embedded.engine.currentState.lastPosition >= start + creates * perCreate);
    const create = (note: string) => t.client.createProcessInstance({ bpmnProcessId: 'refusable', variables: { note } });
    const refused = create('refuse-this-write');
    await processed(1);
    const behind = [create('second'), create('third')];
    await processed(3);
    await lock.commit();

    const failure = await grpcFailure(refused);
    expect(failure.details).to.include('refused by the test');
    for (const outcome of await Promise.allSettled(behind)) {
      expect(outcome.status === 'rejected' && String(outcome.reason.message)).to.match(/^14 UNAVAILABLE[\s\S]*an earlier write failed/);
    }
    await t.embedded.engine.whenIdle();
    const notes = (await t.db.raw("select value::json->>'value' as note from engine_records where value_type = 'VARIABLE'")).rows.map((row: { note: string }) => row.note);
    expect(notes).to.deep.equal(['"measured"']);
    expect(t.embedded.engine.currentState.lastPosition).to.equal(await lastPosition(t.db));
    expect((await verifyLog(t.db)).ok).to.equal(true);
    const afterwards = await t.client.createProcessInstance({ bpmnProcessId: 'refusable', variables: { note: 'afterwards' } });
    expect(afterwards.processInstanceKey).to.be.a('string');
    const live = canonicalState(t.embedded.engine.currentState);
    await t.restart();
    expect(canonicalState(t.embedded.engine.currentState)).to.deep.equal(live);
  });

  it('when a snapshot write is refused, then the snapshot call fails with the reason and the next command is still processed and recorded', async () => {
    t = await startTestEngine();
    await deploy();
    for (const statement of REFUSE_SNAPSHOTS) await t.db.raw(statement);

    const failure = await t.embedded.engine.snapshot().then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).to.include('snapshot refused by the test');
    const created = await t.client.createProcessInstance({ bpmnProcessId: 'refusable', variables: {} });
    await t.embedded.engine.whenIdle();

    const rows = (await t.db.raw('select count(*)::int as n from engine_records where process_instance_key = ?', [created.processInstanceKey])).rows;
    expect(rows[0].n).to.be.greaterThan(0);
    await t.db.raw('drop trigger refuse_snapshot on engine_snapshots');
    await t.embedded.engine.snapshot();
    expect((await t.db.raw('select max(position)::int as position from engine_snapshots')).rows[0].position).to.equal(await lastPosition(t.db));
  });
});
