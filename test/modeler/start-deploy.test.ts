import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { deployFolders } from '../../src/deploy-folders';
import { heldBackAtStart } from '../../src/modeler/deployments';
import { ModelerService } from '../../src/modeler/modeler-service';
import { readEngineVersions } from '../../src/modeler/engine-log';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const OWNER = { username: 'owner', displayName: '流程管理员', departmentId: null, groups: ['process-owner'] };

/**
 * A restart must not undo what a process owner deployed: the file is held back, and the start says so.
 * And against a real Zeebe (no engine log to read), the versions are the modeler's own, without counts.
 */
describe('modeler: deploying the folders at start, and versions without the engine log', function () {
  this.timeout(90_000);
  let t: TestEngine;
  let root: string;
  before(async () => {
    t = await startTestEngine();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'modeler-start-'));
    fs.mkdirSync(path.join(root, 'processes'));
    fs.copyFileSync(path.resolve(__dirname, '../../processes/budget-arrangement.bpmn'), path.join(root, 'processes', 'budget-arrangement.bpmn'));
  });
  after(async () => {
    await t?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('when the modeler deployed version 2 and the application starts again, then the file is not deployed over it and the reason is reported', async () => {
    expect(await deployFolders(t.client, root, await heldBackAtStart(t.db))).to.deep.equal(['processes/budget-arrangement.bpmn']);
    const modeler = new ModelerService({ db: t.db, client: t.client, now: () => new Date(t.clock.now()), processesDir: path.join(root, 'processes'), formsDir: path.join(root, 'forms'), engineLog: true });
    const xml = fs.readFileSync(path.join(root, 'processes', 'budget-arrangement.bpmn'), 'utf8').replace('name="财政厅审核"', 'name="财政厅复核"');
    expect(await modeler.deploy(OWNER, xml)).to.deep.include({ ok: true, version: 2 });

    const reports: string[] = [];
    expect(await deployFolders(t.client, root, await heldBackAtStart(t.db), (m) => reports.push(m))).to.deep.equal([]);
    expect(reports).to.have.length(1);
    expect(reports[0]).to.match(/^processes\/budget-arrangement\.bpmn not deployed: the modeler deployed version 2 \(owner, /);
    expect((await readEngineVersions(t.db, 'budget-arrangement')).map((v) => v.version)).to.deep.equal([1, 2]);
  });

  it('when the engine log is not readable (a real Zeebe), then only the deployments made from the modeler are listed, running instances are null, and their XML still opens', async () => {
    const external = new ModelerService({ db: t.db, client: t.client, now: () => new Date(t.clock.now()), processesDir: path.join(root, 'processes'), formsDir: path.join(root, 'forms'), engineLog: false });
    const versions = await external.versions('budget-arrangement');
    expect(versions.engineFigures).to.equal(false);
    expect(versions.versions.map((v) => [v.version, v.deployedBy, v.running])).to.deep.equal([[2, 'owner', null]]);
    expect(await external.open('budget-arrangement', 2)).to.deep.include({ source: 'version', version: 2 });
    expect(await external.open('budget-arrangement', 1)).to.equal(undefined);
    expect((await external.listProcesses()).find((p) => p.bpmnProcessId === 'budget-arrangement')?.latestVersion).to.equal(2);
  });
});
