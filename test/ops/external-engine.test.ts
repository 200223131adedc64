import { expect } from 'chai';
import net from 'node:net';
import { freePort, startChild, type Child } from '../helpers/child-engine';
import { newClient } from '../helpers/engine';
import { separateDatabase, type SeparateDatabase } from '../helpers/separate-database';
import { waitFor } from '../helpers/settle';

/**
 * External-engine mode as a department runs it against a real cluster: the engine is another process with
 * a database of its own, and the application is started with ZEEBE_ADDRESS naming its gateway. Whatever the
 * application achieves (processes deployed, workers run, tasks imported, readiness) it can only have done
 * through the gateway's gRPC: afterwards the engine's log is found only in the engine's database, and the
 * application's tables are filled only in the application's.
 */
describe('external-engine mode: the application against an engine in another process, through ZEEBE_ADDRESS only', function () {
  this.timeout(180_000);
  let engineDb: SeparateDatabase;
  let appDb: SeparateDatabase;
  let engine: Child | undefined;
  let app: Child | undefined;

  before(async () => {
    engineDb = await separateDatabase('engine');
    appDb = await separateDatabase('app');
  });

  after(async () => {
    app?.process.kill('SIGKILL');
    engine?.process.kill('SIGKILL');
    await engineDb?.drop();
    await appDb?.drop();
  });

  it('when the application runs with ZEEBE_ADDRESS, then it starts no engine, works through the gateway, and the engine log lives only in the engine\'s database', async () => {
    const gatewayPort = await freePort();
    const unusedEmbeddedPort = await freePort();
    const webPort = await freePort();
    engine = await startChild('src/engine-main.ts', { ...engineDb.env, ZEEBE_PORT: String(gatewayPort), ZEEBE_ADDRESS: '' }, 'Zeebe gateway listening on');
    app = await startChild(
      'src/main.ts',
      { ...appDb.env, ZEEBE_ADDRESS: `127.0.0.1:${gatewayPort}`, ZEEBE_PORT: String(unusedEmbeddedPort), PORT: String(webPort), DEMO: '1' },
      'Application ready',
    );
    expect(app.output()).to.include(`no embedded engine is started; using the Zeebe gateway at 127.0.0.1:${gatewayPort}`);
    expect(await connects(unusedEmbeddedPort), 'an embedded gateway of the application').to.equal(false);

    // The application deployed processes/ to the engine: a client of the engine starts a lifecycle there.
    const client = newClient(`localhost:${gatewayPort}`);
    const started = await client.createProcessInstance({ bpmnProcessId: 'project-lifecycle', variables: { projectId: 'gx-2027-edu-identity', departmentId: 'dept-a' } });
    await client.close();

    const web = `http://127.0.0.1:${webPort}`;
    const login = await fetch(`${web}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'infocenter', password: 'demo' }) });
    expect(login.status, app.output()).to.equal(200);
    const { token } = (await login.json()) as { token: string };
    let listed: Array<{ elementId: string }> = [];
    await waitFor(async () => {
      const answer = (await (await fetch(`${web}/api/tasks`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ elementId: string }> };
      listed = answer.items;
      return listed.some((t) => t.elementId === 'ResearchRequirements');
    }, 60_000).catch(() => {
      throw new Error(`Expected infocenter to see ResearchRequirements, but the list holds ${JSON.stringify(listed)}:\n${app!.output()}`);
    });
    const ready = await fetch(`${web}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ status: 'ready', checks: { database: 'ok', engine: 'ok', migrations: 'ok' } });

    app.process.kill('SIGINT');
    expect(await app.exited, app.output()).to.equal(0);
    engine.process.kill('SIGINT');
    expect(await engine.exited, engine.output()).to.equal(0);

    const engineSide = await tableCounts(engineDb, ['engine_records', 'tasks', 'users']);
    const appSide = await tableCounts(appDb, ['engine_records', 'engine_snapshots', 'tasks', 'users']);
    expect(engineSide.engine_records, 'records in the engine\'s log').to.be.greaterThan(0);
    expect([engineSide.tasks, engineSide.users], 'application rows in the engine\'s database').to.deep.equal([0, 0]);
    expect([appSide.engine_records, appSide.engine_snapshots], 'engine rows in the application\'s database').to.deep.equal([0, 0]);
    expect(appSide.tasks, 'tasks the application imported').to.be.greaterThan(0);
    expect(appSide.users, 'the demo directory').to.be.greaterThan(0);
    const engineLog = engineDb.open();
    const lifecycle = await engineLog('engine_records').where({ key: started.processInstanceKey, value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED' }).first();
    await engineLog.destroy();
    expect(lifecycle, 'the started lifecycle in the engine\'s log').to.not.equal(undefined);
  });
});

async function tableCounts(database: SeparateDatabase, tables: string[]): Promise<Record<string, number>> {
  const db = database.open();
  try {
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = Number((await db(table).count({ n: '*' }).first())!.n);
    return counts;
  } finally {
    await db.destroy();
  }
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
