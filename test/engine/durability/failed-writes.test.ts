import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { grpcFailure } from '../../helpers/grpc-errors';
import { lastPosition } from '../../helpers/records';
import { verifyLog } from '../../../src/engine/log/verify-log';
import { canonicalState } from '../../../src/engine/state/compare';

// The database refuses some writes on purpose (a trigger that raises), as a full disk or a lost connection
// would: the callers of the refused batch are told, and the engine's state never runs ahead of its log.
const REFUSE_MARKED_RECORDS = [
  `create or replace function refuse_marked() returns trigger language plpgsql as $$
   begin
     if new.value like '%refuse-this-write%' then raise exception 'refused by the test'; end if;
     return new;
   end $$`,
  'create trigger refuse_marked before insert on engine_records for each row execute function refuse_marked()',
];
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
