import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, flow, manualTask, parallelGateway, serviceTask, start } from '../../helpers/bpmn';
import { elementPath, intents, isCompleted, lifecycle } from '../../helpers/log';
import { activateJob, deployProcess, runInstance, startInstance } from '../../helpers/zeebe';

describe('parallel gateway', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  /** The process completes exactly once, and nothing of it happens after that. */
  async function expectCompletedOnceAndLast(processInstanceKey: string, processId: string): Promise<void> {
    const events = await lifecycle(t.db, processInstanceKey);
    expect(events.filter((e) => e === `${processId} ELEMENT_COMPLETED`), 'process ELEMENT_COMPLETED').to.have.length(1);
    expect(events[events.length - 1]).to.equal(`${processId} ELEMENT_COMPLETED`);
  }

  describe('given a fork into two service tasks and a join', () => {
    // start -> fork -> (review_a | review_b) -> join -> end
    let given = 0;
    /** Each test gets its own process and job types, so a failed test leaves no job for the next one. */
    async function deployForkJoin(): Promise<{ processId: string; typeA: string; typeB: string }> {
      const n = ++given;
      const processId = `and_tasks_${n}`;
      const [typeA, typeB] = [`and-review-a-${n}`, `and-review-b-${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          parallelGateway('fork'),
          serviceTask('review_a', typeA),
          serviceTask('review_b', typeB),
          parallelGateway('join'),
          end(),
          flow('start', 'fork'),
          flow('fork', 'review_a'),
          flow('fork', 'review_b'),
          flow('review_a', 'join'),
          flow('review_b', 'join'),
          flow('join', 'end'),
        ),
      );
      return { processId, typeA, typeB };
    }

    it('when the instance starts, then both branches wait for their jobs at once', async () => {
      const { processId, typeA, typeB } = await deployForkJoin();
      const processInstanceKey = await startInstance(t.client, processId);

      const a = await activateJob(t.client, typeA);
      const b = await activateJob(t.client, typeB);
      expect([a.processInstanceKey, b.processInstanceKey]).to.deep.equal([processInstanceKey, processInstanceKey]);
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'fork']);
    });

    it('when only one branch is done, then the join is not activated and the instance waits', async () => {
      const { processId, typeA } = await deployForkJoin();
      const processInstanceKey = await startInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, typeA)).key, variables: {} });

      expect(await intents(t.db, processInstanceKey, 'review_a-join')).to.deep.equal(['SEQUENCE_FLOW_TAKEN']);
      expect(await intents(t.db, processInstanceKey, 'join')).to.deep.equal([]);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(false);
    });

    it('when both branches are done, then the join fires once and the process completes once, last', async () => {
      const { processId, typeA, typeB } = await deployForkJoin();
      const processInstanceKey = await startInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, typeB)).key, variables: {} });
      await t.client.completeJob({ jobKey: (await activateJob(t.client, typeA)).key, variables: {} });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'fork', 'review_b', 'review_a', 'join', 'end']);
      expect(await intents(t.db, processInstanceKey, 'join')).to.deep.equal([
        'ELEMENT_ACTIVATING',
        'ELEMENT_ACTIVATED',
        'ELEMENT_COMPLETING',
        'ELEMENT_COMPLETED',
      ]);
      await expectCompletedOnceAndLast(processInstanceKey, processId);
    });

    it('when the branches complete with different variables, then both reach the process', async () => {
      const { processId, typeA, typeB } = await deployForkJoin();
      const running = runInstance(t.client, processId, { request: 7 });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, typeA)).key, variables: { legal: 'ok' } });
      await t.client.completeJob({ jobKey: (await activateJob(t.client, typeB)).key, variables: { budget: 'ok' } });

      expect((await running).variables).to.deep.equal({ request: 7, legal: 'ok', budget: 'ok' });
    });
  });

  describe('given a fork into three pass-through branches and a join', () => {
    before(async () =>
      deployProcess(
        t.client,
        'and_three',
        bpmnXml(
          'and_three',
          start(),
          parallelGateway('fork'),
          manualTask('m1'),
          manualTask('m2'),
          manualTask('m3'),
          parallelGateway('join'),
          end(),
          flow('start', 'fork'),
          ...['m1', 'm2', 'm3'].flatMap((m) => [flow('fork', m), flow(m, 'join')]),
          flow('join', 'end'),
        ),
      ),
    );

    it('when an instance runs, then every branch is taken, the join fires once after the last and the end is reached once', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'and_three');

      const path = await elementPath(t.db, processInstanceKey);
      expect(path.slice(0, 2)).to.deep.equal(['start', 'fork']);
      expect(path.slice(2, 5)).to.have.members(['m1', 'm2', 'm3']);
      expect(path.slice(5)).to.deep.equal(['join', 'end']);
      const into = await Promise.all(['m1-join', 'm2-join', 'm3-join'].map((id) => intents(t.db, processInstanceKey, id)));
      expect(into).to.deep.equal([['SEQUENCE_FLOW_TAKEN'], ['SEQUENCE_FLOW_TAKEN'], ['SEQUENCE_FLOW_TAKEN']]);
      await expectCompletedOnceAndLast(processInstanceKey, 'and_three');
    });
    it('when the fork completes, then all its outgoing flows are taken before any branch starts, as in Zeebe', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'and_three');

      const events = await lifecycle(t.db, processInstanceKey);
      const forkCompleted = events.indexOf('fork ELEMENT_COMPLETED');
      expect(events.slice(forkCompleted + 1, forkCompleted + 4)).to.deep.equal([
        'fork-m1 SEQUENCE_FLOW_TAKEN',
        'fork-m2 SEQUENCE_FLOW_TAKEN',
        'fork-m3 SEQUENCE_FLOW_TAKEN',
      ]);
    });
  });

  describe('given a fork where one branch ends at once and the other waits for a job', () => {
    // start -> fork -> end_fast
    //               -> slow (job) -> end_slow
    let given = 0;
    async function deployUneven(): Promise<{ processId: string; type: string }> {
      const n = ++given;
      const [processId, type] = [`and_uneven_${n}`, `and-slow-${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          parallelGateway('fork'),
          end('end_fast'),
          serviceTask('slow', type),
          end('end_slow'),
          flow('start', 'fork'),
          flow('fork', 'end_fast'),
          ...chain('fork', 'slow', 'end_slow'),
        ),
      );
      return { processId, type };
    }

    it('when the fast branch has ended, then the slow branch waits for its job and the process is still active', async () => {
      const { processId, type } = await deployUneven();
      const processInstanceKey = await startInstance(t.client, processId);

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'fork', 'end_fast']);
      expect(await intents(t.db, processInstanceKey, 'slow')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(false);
      expect((await activateJob(t.client, type)).processInstanceKey).to.equal(processInstanceKey);
    });

    it('when the slow branch ends too, then the process completes once, after it', async () => {
      const { processId, type } = await deployUneven();
      const processInstanceKey = await startInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'fork', 'end_fast', 'slow', 'end_slow']);
      await expectCompletedOnceAndLast(processInstanceKey, processId);
    });
  });

  describe('given a parallel gateway with one incoming and one outgoing flow', () => {
    before(async () =>
      deployProcess(t.client, 'and_single', bpmnXml('and_single', start(), parallelGateway('gate'), end(), ...chain('start', 'gate', 'end'))),
    );

    it('when an instance runs, then the gateway passes the token through', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'and_single');

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'gate', 'end']);
    });
  });
});
