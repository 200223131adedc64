import path from 'node:path';
import { expect } from 'chai';
import type { ZBClient } from 'zeebe-node';
import { newClient, startTestEngine } from '../../helpers/engine';
import { useTemporaryDirectory } from '../../helpers/temp-directory';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { ManualClock } from '../../../src/engine/clock';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../src/engine/embedded';
import { LogStore } from '../../../src/engine/log/log-store';
import { createInstance } from '../../../src/engine/processing/commands/instance-commands';
import { canonicalState } from '../../../src/engine/state/compare';
import { deserializeState } from '../../../src/engine/state/snapshot';

// A snapshot's parts are made from the live state while they are written (src/engine/state/snapshot.ts), so
// the engine must not process a batch until the write is over. The database has to answer across the event
// loop for a command to be able to slip in: the server does, and so does PGlite in a data directory (on its
// own thread), which is what the engine runs on; in-memory PGlite on the test's thread answers at once.
describe('engine snapshots: commands that arrive while a snapshot is written', function () {
  this.timeout(120_000);
  let embedded: EmbeddedEngine;
  let client: ZBClient;
  let stop: () => Promise<void>;
  // Before the directory's hooks: mocha runs afterEach hooks in the order they are declared, and the engine
  // must stop before its directory is removed.
  afterEach(() => stop());
  const temporary = useTemporaryDirectory('snapshot-while-busy');

  beforeEach(async () => {
    if (process.env.DATABASE_URL) {
      const t = await startTestEngine();
      ({ embedded, client } = t);
      stop = () => t.stop();
    } else {
      embedded = await startEmbeddedEngine({ port: 0, host: '127.0.0.1', clock: new ManualClock(), dataDir: path.join(temporary(), 'data') });
      client = newClient(embedded.address);
      stop = async () => {
        await client.close();
        await embedded.stop();
      };
    }
    const xml = bpmnXml('held', start(), serviceTask('work', 'held-work'), end(), ...chain('start', 'work', 'end'));
    await client.deployResource({ process: Buffer.from(xml), name: 'held.bpmn' });
    await Promise.all(Array.from({ length: 50 }, (_, n) => client.createProcessInstance({ bpmnProcessId: 'held', variables: { n } })));
  });

  it('when a command is submitted as a snapshot begins, then it is processed after the write, and the snapshot holds the state of its position only', async () => {
    const engine = embedded.engine;
    await engine.whenIdle();
    const atSnapshot = canonicalState(engine.currentState);
    const position = engine.currentState.lastPosition;

    let snapshotEnded = false;
    const writing = engine.snapshot().then(() => (snapshotEnded = true));
    // Submitted before the first part is made: processed at once, it would change the state that the
    // parts are still to be taken from.
    const committedDuringWrite = engine
      .submit((rt) => createInstance(rt, { bpmnProcessId: 'held', version: -1, processDefinitionKey: '', variables: { n: -1 }, intent: 'CREATE' }))
      .then(() => !snapshotEnded);
    await writing;

    expect(await committedDuringWrite).to.equal(false);
    const stored = await new LogStore(embedded.db).latestSnapshot();
    expect(stored?.position).to.equal(position);
    expect(canonicalState(deserializeState(stored!.parts))).to.deep.equal(atSnapshot);
    expect(engine.currentState.lastPosition).to.be.greaterThan(position);
  });
});
