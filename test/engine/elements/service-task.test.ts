import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start, type TaskOptions } from '../../helpers/bpmn';
import { elementInstanceKey, elementPath, incidentsOf, intents, isCompleted, recordsOf, variablesOf } from '../../helpers/log';
import { activateJob, deployProcess, startInstance } from '../../helpers/zeebe';

/** start -> one service task -> end, under its own process id. */
function oneTask(processId: string, type: string, options: TaskOptions = {}): string {
  return bpmnXml(processId, start(), serviceTask('task', type, options), end(), ...chain('start', 'task', 'end'));
}

describe('service task', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  describe('given a service task with a static type', () => {
    let given = 0;
    /** Each test gets its own process and job type, so a failed test leaves no job for the next one. */
    async function deployStatic(): Promise<{ processId: string; type: string }> {
      const processId = `st_static_${++given}`;
      const type = `check-budget-${given}`;
      await deployProcess(t.client, processId, oneTask(processId, type));
      return { processId, type };
    }

    it('when an instance starts, then a job of that type waits, carrying the instance and element it belongs to', async () => {
      const { processId, type } = await deployStatic();
      const processInstanceKey = await startInstance(t.client, processId, { budget: 300 });

      const job = await activateJob(t.client, type);
      expect(job).to.include({ type, processInstanceKey, bpmnProcessId: processId, elementId: 'task', retries: 3 });
      expect(job.elementInstanceKey).to.equal(await elementInstanceKey(t.db, processInstanceKey, 'task'));
      expect(job.variables).to.deep.equal({ budget: 300 });
      expect(job.customHeaders).to.deep.equal({});
      expect(await intents(t.db, processInstanceKey, 'task')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);
    });

    it('when the job is completed, then the task completes and the instance moves on to the end', async () => {
      const { processId, type } = await deployStatic();
      const processInstanceKey = await startInstance(t.client, processId);

      const job = await activateJob(t.client, type);
      await t.client.completeJob({ jobKey: job.key, variables: { withinBudget: true } });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'task', 'end']);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ withinBudget: true });
    });

    it('when the instance starts, then the job is created before the task is ACTIVATED, as in Zeebe', async () => {
      const { processId } = await deployStatic();
      const processInstanceKey = await startInstance(t.client, processId);

      const records = await recordsOf(t.db, processInstanceKey);
      const jobCreated = records.findIndex((r) => r.valueType === 'JOB' && r.intent === 'CREATED');
      const taskActivated = records.findIndex((r) => r.value.elementId === 'task' && r.intent === 'ELEMENT_ACTIVATED');
      expect(jobCreated, 'JOB CREATED position').to.be.greaterThan(-1);
      expect(jobCreated, 'JOB CREATED before task ELEMENT_ACTIVATED').to.be.lessThan(taskActivated);
    });

    it('when the job is completed with variables, then they are written while the task is COMPLETING, as in Zeebe', async () => {
      const { processId, type } = await deployStatic();
      const processInstanceKey = await startInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: { verdict: 'ok' } });

      const records = await recordsOf(t.db, processInstanceKey);
      const at = (predicate: (r: (typeof records)[number]) => boolean) => records.findIndex(predicate);
      const variable = at((r) => r.valueType === 'VARIABLE' && r.value.name === 'verdict');
      const completing = at((r) => r.value.elementId === 'task' && r.intent === 'ELEMENT_COMPLETING');
      const completed = at((r) => r.value.elementId === 'task' && r.intent === 'ELEMENT_COMPLETED');
      expect(variable, 'VARIABLE position').to.be.greaterThan(-1);
      expect(variable, 'VARIABLE after task ELEMENT_COMPLETING').to.be.greaterThan(completing);
      expect(variable, 'VARIABLE before task ELEMENT_COMPLETED').to.be.lessThan(completed);
    });
  });

  describe('given a service task whose type is an expression', () => {
    before(async () => deployProcess(t.client, 'st_expr', oneTask('st_expr', '="review-" + department')));

    const rows: Array<[department: string, type: string]> = [
      ['finance', 'review-finance'],
      ['it', 'review-it'],
    ];
    for (const [department, type] of rows) {
      it(`when department is '${department}', then the job type is '${type}'`, async () => {
        const processInstanceKey = await startInstance(t.client, 'st_expr', { department });

        const job = await activateJob(t.client, type);
        expect(job.processInstanceKey).to.equal(processInstanceKey);
      });
    }

    it('when the expression does not give a string, then an EXTRACT_VALUE_ERROR incident holds the task until the variable is fixed', async () => {
      const processInstanceKey = await startInstance(t.client, 'st_expr', { department: 42 });

      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'task' });
      expect(incident.errorMessage).to.contain('department');
      expect(await intents(t.db, processInstanceKey, 'task')).to.deep.equal(['ELEMENT_ACTIVATING']);

      await t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { department: 'legal' }, local: false });
      await t.client.resolveIncident({ incidentKey: incident.key });

      const job = await activateJob(t.client, 'review-legal');
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      await t.client.completeJob({ jobKey: job.key, variables: {} });
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
    });
  });

  describe('given the retries attribute', () => {
    const rows: Array<[retries: string, variables: Record<string, unknown>, expected: number]> = [
      ['5', {}, 5],
      ['1', {}, 1],
      ['=attempts', { attempts: 2 }, 2],
      ['=attempts + 1', { attempts: 6 }, 7],
    ];
    rows.forEach(([retries, variables, expected], i) => {
      it(`when retries="${retries}" with ${JSON.stringify(variables)}, then the job has retries ${expected}`, async () => {
        const processId = `st_retries_${i}`;
        await deployProcess(t.client, processId, oneTask(processId, `retries-${i}`, { retries }));
        await startInstance(t.client, processId, variables);

        const job = await activateJob(t.client, `retries-${i}`);
        expect(job.retries).to.equal(expected);
      });
    });
  });

  describe('given custom headers', () => {
    it('when the job is activated, then the headers arrive as job.customHeaders', async () => {
      const headers = { article: '16', region: 'gx', 'review.level': 'city', json: '{"a":1}' };
      await deployProcess(t.client, 'st_headers', oneTask('st_headers', 'with-headers', { headers }));
      await startInstance(t.client, 'st_headers');

      const job = await activateJob(t.client, 'with-headers');
      expect(job.customHeaders).to.deep.equal(headers);
    });

    it('when a header has an empty value, then Zeebe leaves it out and only the valid headers arrive', async () => {
      await deployProcess(t.client, 'st_empty_header', oneTask('st_empty_header', 'empty-header', { headers: { kept: 'yes', blank: '' } }));
      await startInstance(t.client, 'st_empty_header');

      const job = await activateJob(t.client, 'empty-header');
      expect(job.customHeaders).to.deep.equal({ kept: 'yes' });
    });

    it('when a header value looks like an expression, then it is passed as static text', async () => {
      await deployProcess(t.client, 'st_expr_header', oneTask('st_expr_header', 'expr-header', { headers: { formula: '=a + b' } }));
      await startInstance(t.client, 'st_expr_header', { a: 1, b: 2 });

      const job = await activateJob(t.client, 'expr-header');
      expect(job.customHeaders).to.deep.equal({ formula: '=a + b' });
    });
  });
});
