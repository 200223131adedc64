import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, start, userTask, type UserTaskOptions } from '../../helpers/bpmn';
import { elementPath, incidentsOf, intents, isCompleted, variablesOf } from '../../helpers/log';
import { activateJobs, deployForm, deployProcess, startInstance } from '../../helpers/zeebe';

const USER_TASK = 'io.camunda.zeebe:userTask';
const H = 'io.camunda.zeebe:';

/** start -> one user task -> end, under its own process id. */
function oneUserTask(processId: string, options: UserTaskOptions = {}): string {
  return bpmnXml(processId, start(), userTask('approve', options), end(), ...chain('start', 'approve', 'end'));
}

describe('user task (Zeebe 8.3: a job of type io.camunda.zeebe:userTask)', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  /** The user-task job of one instance (all user tasks share one job type, so it is picked by instance). */
  async function userTaskJobOf(processInstanceKey: string, fetchVariable?: string[]) {
    const jobs = await activateJobs(t.client, USER_TASK, { fetchVariable });
    const mine = jobs.filter((job) => job.processInstanceKey === processInstanceKey);
    if (mine.length !== 1) throw new Error(`Expected one user-task job for instance ${processInstanceKey}, but got ${mine.length}`);
    return mine[0];
  }

  let given = 0;
  async function deployUserTask(options: UserTaskOptions): Promise<string> {
    const processId = `ut_${++given}`;
    await deployProcess(t.client, processId, oneUserTask(processId, options));
    return processId;
  }

  describe('given a user task without form or assignment', () => {
    it('when an instance starts, then a job of type io.camunda.zeebe:userTask with one retry and no headers waits', async () => {
      const processInstanceKey = await startInstance(t.client, await deployUserTask({}), { request: 'R-1' });

      const job = await userTaskJobOf(processInstanceKey);
      expect(job).to.include({ type: USER_TASK, elementId: 'approve' });
      expect(job.customHeaders).to.deep.equal({});
      expect(job.variables).to.deep.equal({ request: 'R-1' });
      expect(job.retries, 'Zeebe 8.3 gives user-task jobs 1 retry').to.equal(1);
    });

    it('when the job is completed, then the task completes with the variables and the instance ends', async () => {
      const processInstanceKey = await startInstance(t.client, await deployUserTask({}));

      const job = await userTaskJobOf(processInstanceKey);
      await t.client.completeJob({ jobKey: job.key, variables: { approved: true, comment: 'fine' } });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'approve', 'end']);
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ approved: true, comment: 'fine' });
    });
  });

  describe('given form, assignment and schedule attributes, then the job carries the reserved headers', () => {
    type Row = [what: string, options: UserTaskOptions, variables: Record<string, unknown>, headers: Record<string, string>];
    const rows: Row[] = [
      ['a static formKey', { formKey: 'camunda-forms:bpmn:userTaskForm_1' }, {}, { [`${H}formKey`]: 'camunda-forms:bpmn:userTaskForm_1' }],
      ['a static assignee', { assignee: 'alice' }, {}, { [`${H}assignee`]: 'alice' }],
      ['an assignee expression', { assignee: '=owner' }, { owner: 'bob' }, { [`${H}assignee`]: 'bob' }],
      ['an assignee expression on a context', { assignee: '=request.owner' }, { request: { owner: 'carol' } }, { [`${H}assignee`]: 'carol' }],
      ['static candidateGroups', { candidateGroups: 'finance, audit' }, {}, { [`${H}candidateGroups`]: '["finance","audit"]' }],
      ['a candidateGroups expression', { candidateGroups: '=["g1", dept]' }, { dept: 'it' }, { [`${H}candidateGroups`]: '["g1","it"]' }],
      ['static candidateUsers', { candidateUsers: 'alice,bob' }, {}, { [`${H}candidateUsers`]: '["alice","bob"]' }],
      ['a candidateUsers expression', { candidateUsers: '=reviewers' }, { reviewers: ['u1', 'u2'] }, { [`${H}candidateUsers`]: '["u1","u2"]' }],
      ['a static dueDate', { dueDate: '2026-03-01T17:30:15+08:00' }, {}, { [`${H}dueDate`]: '2026-03-01T17:30:15+08:00' }],
      // java.time's ZonedDateTime#toString, which Zeebe uses, leaves out zero seconds.
      ['a static dueDate on the full minute', { dueDate: '2026-03-01T17:00:00+08:00' }, {}, { [`${H}dueDate`]: '2026-03-01T17:00+08:00' }],
      ['a dueDate expression', { dueDate: '=date and time("2026-03-01T09:30:15Z")' }, {}, { [`${H}dueDate`]: '2026-03-01T09:30:15Z' }],
      ['a followUpDate from a variable', { followUpDate: '=remindAt' }, { remindAt: '2026-02-20T09:15:30+08:00' }, { [`${H}followUpDate`]: '2026-02-20T09:15:30+08:00' }],
      [
        'everything together, beside custom headers',
        {
          formKey: 'camunda-forms:bpmn:f',
          assignee: '=owner',
          candidateGroups: 'g1',
          candidateUsers: '=[owner]',
          dueDate: '2026-03-01T17:30:15Z',
          followUpDate: '2026-02-27T17:30:15Z',
          headers: { article: '16' },
        },
        { owner: 'dave' },
        {
          article: '16',
          [`${H}formKey`]: 'camunda-forms:bpmn:f',
          [`${H}assignee`]: 'dave',
          [`${H}candidateGroups`]: '["g1"]',
          [`${H}candidateUsers`]: '["dave"]',
          [`${H}dueDate`]: '2026-03-01T17:30:15Z',
          [`${H}followUpDate`]: '2026-02-27T17:30:15Z',
        },
      ],
    ];
    for (const [what, options, variables, headers] of rows) {
      it(`when the task has ${what}, then the headers are ${JSON.stringify(headers)}`, async () => {
        const processInstanceKey = await startInstance(t.client, await deployUserTask(options), variables);

        const job = await userTaskJobOf(processInstanceKey);
        expect(job.customHeaders).to.deep.equal(headers);
      });
    }
  });

  describe('given a formId', () => {
    it('when a form with that id is deployed, then the formKey header is the key of its latest version', async () => {
      await deployForm(t.client, 'contract-review', [{ type: 'textfield', key: 'comment', label: 'Comment' }]);
      const latestKey = await deployForm(t.client, 'contract-review', [{ type: 'textfield', key: 'remark', label: 'Remark' }]);
      const processInstanceKey = await startInstance(t.client, await deployUserTask({ formId: 'contract-review' }));

      const job = await userTaskJobOf(processInstanceKey);
      expect(job.customHeaders).to.deep.equal({ [`${H}formKey`]: latestKey });
    });

    it('when no form with that id is deployed, then a FORM_NOT_FOUND incident holds the task until the form is deployed', async () => {
      const processInstanceKey = await startInstance(t.client, await deployUserTask({ formId: 'late-form' }));

      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'FORM_NOT_FOUND', elementId: 'approve' });
      expect(incident.errorMessage).to.contain("'late-form'");
      expect(await intents(t.db, processInstanceKey, 'approve')).to.deep.equal(['ELEMENT_ACTIVATING']);

      const formKey = await deployForm(t.client, 'late-form');
      await t.client.resolveIncident({ incidentKey: incident.key });

      const job = await userTaskJobOf(processInstanceKey);
      expect(job.customHeaders).to.deep.equal({ [`${H}formKey`]: formKey });
      await t.client.completeJob({ jobKey: job.key, variables: {} });
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
    });
  });

  describe('given an assignee expression that cannot give a string', () => {
    it('when the task activates, then an EXTRACT_VALUE_ERROR incident holds it until the variable is fixed', async () => {
      const processInstanceKey = await startInstance(t.client, await deployUserTask({ assignee: '=owner' }), { owner: 42 });

      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'approve' });
      expect(incident.errorMessage).to.contain("'owner'");
      expect(await intents(t.db, processInstanceKey, 'approve')).to.deep.equal(['ELEMENT_ACTIVATING']);

      await t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { owner: 'erin' }, local: false });
      await t.client.resolveIncident({ incidentKey: incident.key });

      const job = await userTaskJobOf(processInstanceKey);
      expect(job.customHeaders).to.deep.equal({ [`${H}assignee`]: 'erin' });
    });

    it('when candidateGroups gives a list that holds a number, then an EXTRACT_VALUE_ERROR incident is raised', async () => {
      const processInstanceKey = await startInstance(t.client, await deployUserTask({ candidateGroups: '=["g1", 2]' }));

      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'approve' });
    });
  });

  describe('given a task list that asks for some variables only', () => {
    it('when it activates the job, then only those variables arrive', async () => {
      const processInstanceKey = await startInstance(t.client, await deployUserTask({}), { keep: 1, drop: 2 });

      const job = await userTaskJobOf(processInstanceKey, ['keep']);
      expect(job.variables).to.deep.equal({ keep: 1 });
    });
  });
});
