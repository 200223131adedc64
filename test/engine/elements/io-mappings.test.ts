import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start, type TaskOptions } from '../../helpers/bpmn';
import { incidentsOf, intents, isCompleted, recordsOf, variablesOf } from '../../helpers/log';
import { activateJob, deployProcess, startInstance } from '../../helpers/zeebe';

describe('input and output mappings on tasks', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;
  /** start -> task (job) -> end with the given mappings, under its own process id and job type. */
  async function deployTask(io: TaskOptions): Promise<{ processId: string; type: string }> {
    const n = ++given;
    const [processId, type] = [`io_${n}`, `io-task-${n}`];
    await deployProcess(t.client, processId, bpmnXml(processId, start(), serviceTask('task', type, io), end(), ...chain('start', 'task', 'end')));
    return { processId, type };
  }

  describe('given input mappings, then the job sees what they give', () => {
    type Row = [what: string, inputs: Array<[string, string]>, variables: Record<string, unknown>, jobVariables: Record<string, unknown>];
    const rows: Row[] = [
      [
        'inputs from process variables',
        [['=applicant.name', 'name'], ['=amount * 2', 'budget']],
        { applicant: { name: 'Li' }, amount: 10 },
        { applicant: { name: 'Li' }, amount: 10, name: 'Li', budget: 20 },
      ],
      ['inputs that read earlier inputs', [['=1', 'a'], ['=a + 1', 'b'], ['=b * 10', 'c']], {}, { a: 1, b: 2, c: 20 }],
      ['an input that shadows a process variable', [['=amount + 1', 'amount']], { amount: 1 }, { amount: 2 }],
      ['a nested target', [['=42', 'order.id']], {}, { order: { id: 42 } }],
      ['two nested targets under one name', [['=42', 'order.id'], ['="pen"', 'order.item']], {}, { order: { id: 42, item: 'pen' } }],
      ['a deeper nested target', [['="GX"', 'project.owner.region']], {}, { project: { owner: { region: 'GX' } } }],
      // Zeebe builds one context {order: {id: 42}} from the input mappings; it does not merge with the variable outside.
      ['a nested target over an existing variable (no merge for inputs)', [['=42', 'order.id']], { order: { item: 'pen' } }, { order: { id: 42 } }],
      // Zeebe 8.3: a missing variable is null (with a warning), not a failure.
      ['an input from a missing variable', [['=missing', 'copy']], { other: 1 }, { other: 1, copy: null }],
      ['an input from a missing nested path', [['=request.owner.name', 'who']], { request: {} }, { request: {}, who: null }],
    ];
    for (const [what, inputs, variables, jobVariables] of rows) {
      it(`when the task has ${what}, then the job variables are ${JSON.stringify(jobVariables)}`, async () => {
        const { processId, type } = await deployTask({ inputs });
        const processInstanceKey = await startInstance(t.client, processId, variables);

        const job = await activateJob(t.client, type);
        expect(job.variables).to.deep.equal(jobVariables);
        expect(await incidentsOf(t.db, processInstanceKey)).to.deep.equal([]);
      });
    }
  });

  describe('given input mappings, then they are local variables of the task', () => {
    it('when the task activates, then the inputs are created in the task scope, not the process scope', async () => {
      const { processId, type } = await deployTask({ inputs: [['=amount * 2', 'budget']] });
      const processInstanceKey = await startInstance(t.client, processId, { amount: 10 });

      const job = await activateJob(t.client, type);
      expect(await variablesOf(t.db, processInstanceKey, job.elementInstanceKey)).to.deep.equal({ budget: 20 });
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ amount: 10 });
    });

    it('when the task has completed, then the inputs are gone and the process keeps its own variables', async () => {
      const { processId, type } = await deployTask({ inputs: [['=amount * 2', 'budget'], ['=amount + 1', 'amount']] });
      const processInstanceKey = await startInstance(t.client, processId, { amount: 10 });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ amount: 10 });
    });
  });

  describe('given job variables and output mappings', () => {
    it('when the task has no output mappings, then the job variables are written to the process scope', async () => {
      const { processId, type } = await deployTask({});
      const processInstanceKey = await startInstance(t.client, processId, { request: 1 });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: { approved: true, result: { score: 7 } } });

      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ request: 1, approved: true, result: { score: 7 } });
    });

    it('when the task has output mappings, then only the outputs reach the process scope', async () => {
      const { processId, type } = await deployTask({ outputs: [['=result.score', 'score'], ['=result.score >= 6', 'passed']] });
      const processInstanceKey = await startInstance(t.client, processId, { request: 1 });

      const job = await activateJob(t.client, type);
      await t.client.completeJob({ jobKey: job.key, variables: { result: { score: 7, raw: 'x' } } });

      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ request: 1, score: 7, passed: true });
    });

    it('when an output reads an input, then it sees the local input variable', async () => {
      const { processId, type } = await deployTask({ inputs: [['=amount * 2', 'budget']], outputs: [['=budget + extra', 'total']] });
      const processInstanceKey = await startInstance(t.client, processId, { amount: 10 });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: { extra: 5 } });

      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ amount: 10, total: 25 });
    });

    it('when an output has a nested target and the variable exists, then the output is merged into it', async () => {
      const { processId, type } = await deployTask({ outputs: [['=true', 'order.paid']] });
      const processInstanceKey = await startInstance(t.client, processId, { order: { item: 'pen', id: 3 } });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ order: { item: 'pen', id: 3, paid: true } });
    });

    it('when an output reads a missing variable, then the output is null, not an incident', async () => {
      const { processId, type } = await deployTask({ outputs: [['=nothing.here', 'copy']] });
      const processInstanceKey = await startInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ copy: null });
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
    });
  });

  describe('given an input mapping whose evaluation fails', () => {
    const io: TaskOptions = { inputs: [['=assert(amount, amount > 0)', 'positive']] };

    it('when the task activates, then an IO_MAPPING_ERROR incident holds it before any job is created', async () => {
      const { processId } = await deployTask(io);
      const processInstanceKey = await startInstance(t.client, processId, { amount: -1 });

      const incidents = await incidentsOf(t.db, processInstanceKey);
      expect(incidents).to.have.length(1);
      expect(incidents[0]).to.include({ errorType: 'IO_MAPPING_ERROR', elementId: 'task' });
      expect(incidents[0].errorMessage).to.contain('assert(amount, amount > 0)');
      expect(await intents(t.db, processInstanceKey, 'task')).to.deep.equal(['ELEMENT_ACTIVATING']);
      expect((await recordsOf(t.db, processInstanceKey)).filter((r) => r.valueType === 'JOB')).to.deep.equal([]);
    });

    it('when the variable is fixed and the incident resolved, then the task activates with the mapping applied', async () => {
      const { processId, type } = await deployTask(io);
      const processInstanceKey = await startInstance(t.client, processId, { amount: -1 });
      const [incident] = await incidentsOf(t.db, processInstanceKey);

      await t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { amount: 5 }, local: false });
      await t.client.resolveIncident({ incidentKey: incident.key });

      const job = await activateJob(t.client, type);
      expect(job.variables).to.deep.equal({ amount: 5, positive: 5 });
    });
  });

  describe('given an output mapping whose evaluation fails', () => {
    const io: TaskOptions = { outputs: [['=assert(score, score >= minimum, "score below minimum")', 'accepted']] };

    it('when the job completes, then an IO_MAPPING_ERROR incident holds the task while it is completing', async () => {
      const { processId, type } = await deployTask(io);
      const processInstanceKey = await startInstance(t.client, processId, { minimum: 10 });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: { score: 5 } });

      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'IO_MAPPING_ERROR', elementId: 'task' });
      expect(incident.errorMessage).to.contain('score below minimum');
      expect(await intents(t.db, processInstanceKey, 'task')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING']);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(false);
    });

    it('when the variable is fixed and the incident resolved, then the task completes with the output', async () => {
      const { processId, type } = await deployTask(io);
      const processInstanceKey = await startInstance(t.client, processId, { minimum: 10 });
      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: { score: 5 } });
      const [incident] = await incidentsOf(t.db, processInstanceKey);

      await t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { minimum: 0 }, local: false });
      await t.client.resolveIncident({ incidentKey: incident.key });

      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ minimum: 0, accepted: 5 });
    });
  });
});
