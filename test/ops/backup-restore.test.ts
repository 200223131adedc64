import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Knex } from 'knex';
import { openDatabase } from '../../src/db';
import { ManualClock } from '../../src/engine/clock';
import { startEmbeddedEngine } from '../../src/engine/embedded';
import { restorePglite } from '../../src/ops/pglite-backup';
import { seedDemoData } from '../../src/seed/demo-seed';
import { bpmnXml, chain, end, serviceTask, start, userTask } from '../helpers/bpmn';
import { newClient } from '../helpers/engine';
import { separateDatabase, type SeparateDatabase } from '../helpers/separate-database';
import { waitFor } from '../helpers/settle';

const USER_TASK = 'io.camunda.zeebe:userTask';
const XML = bpmnXml('backup-approval', start(), userTask('Approve', { candidateGroups: 'user-unit' }), serviceTask('Archive', 'backup-archive'), end(), ...chain('start', 'Approve', 'Archive', 'end'));

/**
 * The backup procedure of the README, round-tripped: an instance waits at a user task whose job the task
 * list holds; the database is backed up (PGlite: dumpDataDir, as `npm run backup` does; server: pg_dump),
 * restored into a fresh data directory (or database), and the engine started on the restored copy
 * finishes the instance when the held task is completed. The application's tables come back with it.
 */
describe('backup and restore: a dump restored into a fresh database continues running instances', function () {
  this.timeout(120_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'govit-backup-'));
  const server = process.env.DATABASE_URL;
  let original: SeparateDatabase | undefined;
  let restoredDatabase: string | undefined;

  after(async () => {
    await original?.drop();
    if (restoredDatabase) {
      const admin = openDatabase({ databaseUrl: server });
      await admin.raw(`drop database if exists ${restoredDatabase}`);
      await admin.destroy();
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('when a user task created before the backup is completed on the restored database, then the instance finishes', async () => {
    // Before: the embedded engine and the application share one database, as with `npm start`.
    const pglite = server ? undefined : new PGlite();
    original = server ? await separateDatabase('backup') : undefined;
    const db = pglite ? openDatabase({ pglite }) : original!.open();
    const clock = new ManualClock(Date.parse('2027-03-01T09:00:00+08:00'));
    const before = await startEmbeddedEngine({ port: 0, host: '127.0.0.1', clock, db });
    await seedDemoData(db);
    const client = newClient(before.address);
    await client.deployResource({ process: Buffer.from(XML), name: 'backup-approval.bpmn' });
    const { processInstanceKey } = await client.createProcessInstance({ bpmnProcessId: 'backup-approval', variables: { projectId: 'gx-backup' } });
    const held = await client.activateJobs({ type: USER_TASK, worker: 'tasklist', maxJobsToActivate: 1, timeout: 3_600_000, requestTimeout: 5_000 });
    expect(held.map((job) => job.processInstanceKey)).to.deep.equal([processInstanceKey]);
    await client.close();
    await before.stop();

    // The backup, taken while stopped, and a restore into a place that has never seen this database.
    const dump = path.join(work, server ? 'govit.pgdump' : 'govit-pglite.tar.gz');
    let restored: Knex;
    if (pglite) {
      fs.writeFileSync(dump, Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer()));
      await db.destroy();
      const freshDataDir = path.join(work, 'restored');
      await restorePglite(dump, freshDataDir);
      restored = openDatabase({ dataDir: freshDataDir });
    } else {
      await db.destroy();
      const { url, schema } = original!.server!;
      execFileSync('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dump}`, server!]);
      restoredDatabase = `restore_${process.pid}_${Date.now()}`;
      const admin = openDatabase({ databaseUrl: server });
      await admin.raw(`create database ${restoredDatabase}`);
      await admin.destroy();
      const restoredUrl = url.replace(/\/[^/?]+(\?|$)/, `/${restoredDatabase}$1`);
      execFileSync('pg_restore', ['--no-owner', `--dbname=${restoredUrl.split('?')[0]}`, dump]);
      restored = openDatabase({ databaseUrl: restoredUrl });
    }

    // After: the engine recovers from the restored log; the task list completes the job it held.
    const after = await startEmbeddedEngine({ port: 0, host: '127.0.0.1', clock, db: restored });
    const again = newClient(after.address);
    try {
      again.createWorker({ taskType: 'backup-archive', taskHandler: (job) => job.complete({ archived: true }) });
      await again.completeJob({ jobKey: held[0].key, variables: { approved: true } });
      await waitFor(async () => {
        const ended = await restored('engine_records').where({ key: processInstanceKey, value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED' }).first();
        return ended !== undefined;
      }, 20_000);
      const users = Number((await restored('users').count({ n: '*' }).first())!.n);
      expect(users, 'the demo directory came back with the engine log').to.be.greaterThan(0);
    } finally {
      await again.close();
      await after.stop();
      await restored.destroy();
    }
  });
});
