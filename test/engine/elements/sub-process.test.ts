import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start, subProcess, type TaskOptions } from '../../helpers/bpmn';
import { elementEvents, elementInstanceKey, elementPath, lifecycle, recordsOf, variablesOf } from '../../helpers/log';
import { activateJob, deployProcess, runInstance } from '../../helpers/zeebe';

describe('embedded sub-process', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;
  /** start -> sub(sub_start -> work (job) -> sub_end) -> end, with the sub-process's io mappings; own id and job type. */
  async function deployWithTask(io: TaskOptions = {}): Promise<{ processId: string; type: string }> {
    const n = ++given;
    const [processId, type] = [`sp_task_${n}`, `sp-work-${n}`];
    const inner = [start('sub_start'), serviceTask('work', type), end('sub_end'), ...chain('sub_start', 'work', 'sub_end')];
    await deployProcess(t.client, processId, bpmnXml(processId, start(), subProcess('sub', inner, io), end(), ...chain('start', 'sub', 'end')));
    return { processId, type };
  }

  describe('given start -> sub-process(start -> end) -> end', () => {
    before(async () =>
      deployProcess(
        t.client,
        'sp_plain',
        bpmnXml('sp_plain', start(), subProcess('sub', [start('sub_start'), end('sub_end'), ...chain('sub_start', 'sub_end')]), end(), ...chain('start', 'sub', 'end')),
      ),
    );

    it('when an instance runs, then the sub-process wraps the lifecycle of its own elements', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'sp_plain');

      const whole = ['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING', 'ELEMENT_COMPLETED'];
      expect(await lifecycle(t.db, processInstanceKey)).to.deep.equal([
        'sp_plain ELEMENT_ACTIVATING',
        'sp_plain ELEMENT_ACTIVATED',
        ...whole.map((i) => `start ${i}`),
        'start-sub SEQUENCE_FLOW_TAKEN',
        'sub ELEMENT_ACTIVATING',
        'sub ELEMENT_ACTIVATED',
        ...whole.map((i) => `sub_start ${i}`),
        'sub_start-sub_end SEQUENCE_FLOW_TAKEN',
        ...whole.map((i) => `sub_end ${i}`),
        'sub ELEMENT_COMPLETING',
        'sub ELEMENT_COMPLETED',
        'sub-end SEQUENCE_FLOW_TAKEN',
        ...whole.map((i) => `end ${i}`),
        'sp_plain ELEMENT_COMPLETING',
        'sp_plain ELEMENT_COMPLETED',
      ]);
    });

    it('when an instance runs, then the elements inside have the sub-process as their flow scope', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'sp_plain');

      const subKey = await elementInstanceKey(t.db, processInstanceKey, 'sub');
      const scopeOf = async (id: string) => (await elementEvents(t.db, processInstanceKey, id))[0].value.flowScopeKey;
      expect(await scopeOf('sub')).to.equal(processInstanceKey);
      expect(await scopeOf('sub_start')).to.equal(subKey);
      expect(await scopeOf('sub_start-sub_end')).to.equal(subKey);
      expect(await scopeOf('sub_end')).to.equal(subKey);
      expect(await scopeOf('end')).to.equal(processInstanceKey);
      const [activating] = await elementEvents(t.db, processInstanceKey, 'sub');
      expect(activating.value.bpmnElementType).to.equal('SUB_PROCESS');
    });
  });

  describe('given a sub-process with a job inside', () => {
    it('when the job is completed, then the sub-process completes, then the process, last', async () => {
      const { processId, type } = await deployWithTask();
      const running = runInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      const { processInstanceKey } = await running;
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sub_start', 'work', 'sub_end', 'sub', 'end']);
      const events = await lifecycle(t.db, processInstanceKey);
      expect(events[events.length - 1]).to.equal(`${processId} ELEMENT_COMPLETED`);
    });

    it('when the job completes with a new variable, then it reaches the process scope', async () => {
      const { processId, type } = await deployWithTask();
      const running = runInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: { verdict: 'ok' } });

      const { processInstanceKey, variables } = await running;
      expect(variables).to.deep.equal({ verdict: 'ok' });
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ verdict: 'ok' });
    });
  });

  describe('given input mappings on the sub-process', () => {
    const io: TaskOptions = { inputs: [['=amount * 2', 'doubled']] };

    it('when it activates, then the inputs are local variables of the sub-process, which the job inside sees', async () => {
      const { processId, type } = await deployWithTask(io);
      const running = runInstance(t.client, processId, { amount: 21 });

      const job = await activateJob(t.client, type);
      expect(job.variables).to.deep.equal({ amount: 21, doubled: 42 });
      const subKey = await elementInstanceKey(t.db, job.processInstanceKey, 'sub');
      expect(await variablesOf(t.db, job.processInstanceKey, subKey)).to.deep.equal({ doubled: 42 });
      await t.client.completeJob({ jobKey: job.key, variables: {} });
      await running;
    });

    it('when the sub-process has ended, then its local variables are not visible in the process', async () => {
      const { processId, type } = await deployWithTask(io);
      const running = runInstance(t.client, processId, { amount: 21 });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      const { processInstanceKey, variables } = await running;
      expect(variables).to.deep.equal({ amount: 21 });
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ amount: 21 });
    });

    it('when the job inside completes with a variable of the same name, then it updates the local one, which does not leave the sub-process', async () => {
      const { processId, type } = await deployWithTask(io);
      const running = runInstance(t.client, processId, { amount: 21 });

      const job = await activateJob(t.client, type);
      await t.client.completeJob({ jobKey: job.key, variables: { doubled: 99, note: 'checked' } });

      const { processInstanceKey, variables } = await running;
      expect(variables).to.deep.equal({ amount: 21, note: 'checked' });
      const subKey = await elementInstanceKey(t.db, processInstanceKey, 'sub');
      const updates = (await recordsOf(t.db, processInstanceKey)).filter((r) => r.valueType === 'VARIABLE' && r.value.name === 'doubled');
      expect(updates.map((r) => [r.intent, r.value.scopeKey, r.value.value])).to.deep.equal([
        ['CREATED', subKey, '42'],
        ['UPDATED', subKey, '99'],
      ]);
    });
  });

  describe('given output mappings on the sub-process', () => {
    const io: TaskOptions = { inputs: [['=amount * 2', 'doubled']], outputs: [['=doubled + 1', 'total']] };

    it('when it completes, then the outputs are written to the process scope and the locals are not', async () => {
      const { processId, type } = await deployWithTask(io);
      const running = runInstance(t.client, processId, { amount: 21 });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      const { processInstanceKey, variables } = await running;
      expect(variables).to.deep.equal({ amount: 21, total: 43 });
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ amount: 21, total: 43 });
    });
  });

  describe('given a sub-process inside a sub-process', () => {
    before(async () => {
      const innermost = [start('in_start'), serviceTask('deep', 'sp-deep'), end('in_end'), ...chain('in_start', 'deep', 'in_end')];
      const outer = [start('out_start'), subProcess('inner', innermost, { inputs: [['=level + 1', 'level']] }), end('out_end'), ...chain('out_start', 'inner', 'out_end')];
      await deployProcess(
        t.client,
        'sp_nested',
        bpmnXml('sp_nested', start(), subProcess('outer', outer, { inputs: [['=1', 'level']] }), end(), ...chain('start', 'outer', 'end')),
      );
    });

    it('when the task inside both runs, then each scope nests in the one around it and the nearest variable wins', async () => {
      const running = runInstance(t.client, 'sp_nested');

      const job = await activateJob(t.client, 'sp-deep');
      expect(job.variables).to.deep.equal({ level: 2 });
      const pik = job.processInstanceKey;
      const outerKey = await elementInstanceKey(t.db, pik, 'outer');
      const innerKey = await elementInstanceKey(t.db, pik, 'inner');
      expect((await elementEvents(t.db, pik, 'inner'))[0].value.flowScopeKey).to.equal(outerKey);
      expect((await elementEvents(t.db, pik, 'deep'))[0].value.flowScopeKey).to.equal(innerKey);
      await t.client.completeJob({ jobKey: job.key, variables: {} });

      const { processInstanceKey, variables } = await running;
      expect(variables).to.deep.equal({});
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'out_start', 'in_start', 'deep', 'in_end', 'inner', 'out_end', 'outer', 'end']);
    });
  });
});
