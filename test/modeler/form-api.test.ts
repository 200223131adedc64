import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readOperations } from '../../src/tasklist/operation-log';
import { countRows } from '../helpers/count-rows';
import { startHarness, type Harness } from '../tasklist/harness';

const ROOT = path.resolve(__dirname, '../..');
const FORM = fs.readFileSync(path.join(ROOT, 'forms', 'budget-review.form'), 'utf8');

/** Forms in the modeler's API: refusals change nothing; a saved draft is deployed with the process that uses it. */
describe('modeler: forms through the JSON API', function () {
  this.timeout(60_000);
  let h: Harness;
  let owner: string;
  before(async () => {
    h = await startHarness({ processes: { dir: path.join(ROOT, 'processes'), files: ['budget-arrangement.bpmn'] }, formsDir: path.join(ROOT, 'forms') });
    owner = h.token('owner');
  });
  after(() => h.stop());

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

    const xml = fs.readFileSync(path.join(ROOT, 'processes', 'budget-arrangement.bpmn'), 'utf8').replace('name="财政厅审核"', 'name="财政厅复核"');
    const answer = await h.api('POST', '/api/modeler/deployments', { token: owner, body: { xml } });
    expect(answer.status).to.equal(201);
    expect(answer.body.forms.map((f: any) => [f.formId, f.unchanged])).to.deep.equal([['budget-review', false]]);
    expect((await h.api('GET', '/api/modeler/forms/budget-review', { token: owner })).body).to.deep.include({ source: 'version', json: changed });
    const deployed = (await readOperations(h.t.db)).filter((op) => op.action === 'deployed').map((op) => op.detail?.kind);
    expect(deployed).to.deep.equal(['form', 'bpmn']);
  });
});
