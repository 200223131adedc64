import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readOperations } from '../../src/tasklist/operation-log';
import { countRows } from '../helpers/count-rows';
import { PageClient } from '../web/page-client';
import { startHarness, type Harness } from '../tasklist/harness';

const PROCESSES = path.resolve(__dirname, '../../processes');
const BUDGET = fs.readFileSync(path.join(PROCESSES, 'budget-arrangement.bpmn'), 'utf8');
const FORM = fs.readFileSync(path.resolve(__dirname, '../../forms/budget-review.form'), 'utf8');

/**
 * The modeler's JSON API (/api/modeler): who may use it, what it refuses and that a refusal changes
 * nothing, and what a save and a deploy record; for diagrams and for forms (one harness for both: it is
 * what costs the time).
 */
describe('modeler: JSON API', function () {
  this.timeout(60_000);
  let h: Harness;
  let owner: string;
  before(async () => {
    h = await startHarness({ processes: { dir: PROCESSES, files: ['budget-arrangement.bpmn'] }, formsDir: path.resolve(__dirname, '../../forms') });
    owner = h.token('owner');
  });
  after(() => h.stop());

  /** What a refusal must leave as it was: drafts, deployments, the engine's processes, the operation log. */
  async function footprint() {
    const log = await readOperations(h.t.db);
    return {
      drafts: await countRows(h.t.db('modeler_drafts')),
      deployments: await countRows(h.t.db('modeler_deployments')),
      engineProcesses: await countRows(h.t.db('engine_records').where({ value_type: 'PROCESS', intent: 'CREATED', record_type: 'EVENT' })),
      operations: log.filter((op) => op.action !== 'refused').length,
      refusals: log.filter((op) => op.action === 'refused').length,
    };
  }

  const post = (route: string, xml: string, token = owner) => h.api('POST', `/api/modeler${route}`, { token, body: { xml } });

  const BAD_INPUTS: Array<{ when: string; xml: () => string; status: number; error: string; says: RegExp }> = [
    { when: 'the upload is not XML', xml: () => 'name,estimate\nsmart campus,2500000', status: 400, error: 'not-xml', says: /Expected a BPMN XML document/ },
    { when: 'the upload is XML but not BPMN', xml: () => '<?xml version="1.0"?><project><name>x</name></project>', status: 400, error: 'not-bpmn', says: /Expected a BPMN 2\.0 XML document/ },
    {
      when: 'the diagram has a DOCTYPE (an XXE attempt)',
      xml: () => BUDGET.replace('<bpmn:definitions', '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bpmn:definitions').replace('name="财政厅审核"', 'name="&xxe;"'),
      status: 400,
      error: 'doctype',
      says: /without a DOCTYPE/,
    },
    { when: 'the diagram is over 4 MB', xml: () => BUDGET.replace('</bpmn:definitions>', `<!-- ${'x'.repeat(4 * 1024 * 1024)} --></bpmn:definitions>`), status: 413, error: 'too-large', says: /at most 4 MB/ },
    {
      when: 'the diagram has no executable process',
      xml: () => BUDGET.replace('isExecutable="true"', 'isExecutable="false"'),
      status: 400,
      error: 'not-bpmn',
      says: /executable process/,
    },
  ];

  for (const bad of BAD_INPUTS) {
    for (const route of ['/drafts', '/deployments']) {
      it(`when ${bad.when} and it is posted to ${route}, then ${bad.status} says why and nothing changes but a 'refused' entry`, async () => {
        const before = await footprint();
        const answer = await post(route, bad.xml());
        expect(answer.status).to.equal(bad.status);
        expect(answer.body.error).to.equal(bad.error);
        expect(answer.body.message).to.match(bad.says);
        expect(await footprint()).to.deep.equal({ ...before, refusals: before.refusals + 1 });
      });
    }
  }

  it('when a deploy has lint errors, then 422 lists each (rule, element) and nothing is deployed', async () => {
    const broken = BUDGET.replace('<bpmn:userTask id="FinanceBudgetReview" name="财政厅审核">', '<bpmn:userTask id="FinanceBudgetReview">');
    const before = await footprint();
    const answer = await post('/deployments', broken);
    expect(answer.status).to.equal(422);
    expect(answer.body.error).to.equal('lint');
    expect(answer.body.problems).to.deep.include({ rule: 'label-required', elementId: 'FinanceBudgetReview', message: 'Element is missing label/name', category: 'error' });
    expect(await footprint()).to.deep.equal({ ...before, refusals: before.refusals + 1 });
  });

  it('when a draft has lint errors, then it is saved (work in progress) and the errors that will block its deploy are returned', async () => {
    const broken = BUDGET.replace('<bpmn:userTask id="Confirm" name="确认资金预算">', '<bpmn:userTask id="Confirm">');
    const answer = await post('/drafts', broken);
    expect(answer.status).to.equal(200);
    expect(answer.body.problems.filter((p: any) => p.category === 'error').map((p: any) => p.elementId)).to.deep.equal(['Confirm']);
    const draft = await h.api('GET', '/api/modeler/processes/budget-arrangement/xml?source=draft', { token: owner });
    expect(draft.body.xml).to.equal(broken);
    const saved = (await readOperations(h.t.db)).filter((op) => op.action === 'draft-saved').at(-1);
    expect(saved).to.deep.include({ username: 'owner' });
    expect(saved?.detail).to.deep.include({ kind: 'bpmn', bpmnProcessId: 'budget-arrangement' });
  });

  it('when the owner deploys a change, then it is version 2 with who deployed it, the draft is gone, and each version counts its running instances', async () => {
    await h.start('budget-arrangement', { budgetYear: 2027 });
    const changed = BUDGET.replace('name="财政厅审核"', 'name="财政厅复核"');
    const answer = await post('/deployments', changed);
    expect(answer.status).to.equal(201);
    expect(answer.body).to.deep.include({ ok: true, bpmnProcessId: 'budget-arrangement', version: 2, resourceName: 'budget-arrangement.bpmn', unchanged: false });
    const versions = (await h.api('GET', '/api/modeler/processes/budget-arrangement/versions', { token: owner })).body;
    expect(versions.engineFigures).to.equal(true);
    expect(versions.versions.map((v: any) => [v.version, v.deployedBy, v.running])).to.deep.equal([
      [2, 'owner', 0],
      [1, null, 1],
    ]);
    expect((await h.api('GET', '/api/modeler/processes/budget-arrangement/xml?source=draft', { token: owner })).status).to.equal(404);
    expect((await h.api('GET', '/api/modeler/processes/budget-arrangement/xml?source=2', { token: owner })).body.xml).to.equal(changed);
    const deployed = (await readOperations(h.t.db)).filter((op) => op.action === 'deployed');
    expect(deployed.at(-1)?.detail).to.deep.include({ kind: 'bpmn', bpmnProcessId: 'budget-arrangement', version: 2, resourceName: 'budget-arrangement.bpmn' });
  });

  it('when the same diagram is deployed again, then the engine keeps its version and the answer says it is unchanged', async () => {
    const latest = (await h.api('GET', '/api/modeler/processes/budget-arrangement/xml', { token: owner })).body;
    const answer = await post('/deployments', latest.xml);
    expect(answer.status).to.equal(201);
    expect(answer.body).to.deep.include({ version: latest.version, unchanged: true });
  });

  it('when a clerk or an auditor calls the modeler API, then 403 says who may; without a token, 401', async () => {
    for (const username of ['clerk-a', 'auditor', 'bureau']) {
      const answer = await h.api('GET', '/api/modeler/processes', { token: h.token(username) });
      expect(answer.status).to.equal(403);
      expect(answer.body.message).to.include('process-owner');
    }
    const before = await footprint();
    expect((await post('/deployments', BUDGET, h.token('clerk-a'))).status).to.equal(403);
    expect(await footprint()).to.deep.equal(before);
    expect((await h.api('GET', '/api/modeler/processes')).status).to.equal(401);
  });

  it('when the modeler page posts without its CSRF header, then 403 and nothing is saved; with it, the draft is saved', async () => {
    const browser = new PageClient(h.url);
    await browser.signIn('owner');
    const editor = await browser.get('/modeler/processes/budget-arrangement');
    expect(editor.status).to.equal(200);
    const csrf = /data-csrf="([^"]+)"/.exec(editor.html)![1];
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const send = (headers: Record<string, string>) =>
      fetch(`${h.url}/modeler/api/drafts`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ xml: BUDGET }) });
    const before = await countRows(h.t.db('modeler_drafts'));
    expect((await send({})).status).to.equal(403);
    expect(await countRows(h.t.db('modeler_drafts'))).to.equal(before);
    expect((await send({ 'x-csrf-token': csrf })).status).to.equal(200);
  });

  it('when a modeler page is served, then only its style-src allows inline styles (bpmn-js sets them); scripts and every other page stay strict', async () => {
    const browser = new PageClient(h.url);
    await browser.signIn('owner');
    const editor = (await browser.get('/modeler/processes/budget-arrangement')).headers.get('content-security-policy') ?? '';
    expect(editor).to.include("style-src 'self' 'unsafe-inline'");
    expect(editor).to.include("script-src 'self';");
    const tasks = (await browser.get('/tasks')).headers.get('content-security-policy') ?? '';
    expect(tasks).to.include("style-src 'self'");
    expect(tasks).not.to.include('unsafe-inline');
  });

  it('when the list is asked for, then processes from the engine and from processes/ are listed with their latest version', async () => {
    const { items } = (await h.api('GET', '/api/modeler/processes', { token: owner })).body;
    const budget = items.find((p: any) => p.bpmnProcessId === 'budget-arrangement');
    expect(budget).to.deep.include({ name: '年度资金预算安排', fileName: 'budget-arrangement.bpmn' });
    expect(budget.latestVersion).to.be.at.least(2);
    expect(items.find((p: any) => p.bpmnProcessId === 'annual-planning')).to.deep.include({ latestVersion: null, fileName: 'annual-planning.bpmn' });
  });

  /** Forms: refusals change nothing; a saved draft is deployed with the process that uses it. */
  describe('forms', () => {
    for (const [when, json, says] of [
      ['the form is not JSON', '{"id": "budget-review", components: [', /Expected a Camunda Form in JSON/],
      ['the form has no id', JSON.stringify({ components: [] }), /'id'/],
      ['the form has no components', JSON.stringify({ id: 'budget-review' }), /'components'/],
    ] as const) {
      it(`when ${when}, then 400 says why and neither a draft nor a deployment is written`, async () => {
        const before = [await countRows(h.t.db('modeler_drafts')), await countRows(h.t.db('modeler_deployments'))];
        for (const route of ['/api/modeler/form-drafts', '/api/modeler/form-deployments']) {
          const answer = await h.api('POST', route, { token: owner, body: { json } });
          expect(answer.status).to.equal(400);
          expect(answer.body).to.deep.include({ error: 'not-form' });
          expect(answer.body.message).to.match(says);
        }
        expect([await countRows(h.t.db('modeler_drafts')), await countRows(h.t.db('modeler_deployments'))]).to.deep.equal(before);
      });
    }

    it('when a form draft is saved and then a process that uses it is deployed, then the form is deployed first and both are logged', async () => {
      const changed = FORM.replace('"components": [', '"components": [{ "type": "text", "text": "请在五个工作日内审核", "id": "Field_note" },');
      expect((await h.api('POST', '/api/modeler/form-drafts', { token: owner, body: { json: changed } })).status).to.equal(200);
      expect((await h.api('GET', '/api/modeler/forms/budget-review', { token: owner })).body).to.deep.include({ source: 'draft', json: changed });

      const xml = BUDGET.replace('name="财政厅审核"', 'name="财政厅核定"');
      const answer = await h.api('POST', '/api/modeler/deployments', { token: owner, body: { xml } });
      expect(answer.status).to.equal(201);
      expect(answer.body.forms.map((f: any) => [f.formId, f.unchanged])).to.deep.equal([['budget-review', false]]);
      expect((await h.api('GET', '/api/modeler/forms/budget-review', { token: owner })).body).to.deep.include({ source: 'version', json: changed });
      const deployed = (await readOperations(h.t.db)).filter((op) => op.action === 'deployed').map((op) => [op.detail?.kind, op.detail?.formId ?? op.detail?.bpmnProcessId]);
      expect(deployed.slice(-2)).to.deep.equal([['form', 'budget-review'], ['bpmn', 'budget-arrangement']]);
    });
  });
});
