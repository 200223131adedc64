import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, flow, parallelGateway, serviceTask, start, subProcess, terminateEnd } from '../../helpers/bpmn';
import { elementPath, intents, isCompleted, lifecycle, recordsOf } from '../../helpers/log';
import { activateJob, activateJobs, deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';

const NOT_FOUND = 5;
const TERMINATED = ['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_TERMINATING', 'ELEMENT_TERMINATED'];

describe('terminate end event', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;

  /** The process completes exactly once, and nothing of it happens after that. */
  async function expectCompletedOnceAndLast(processInstanceKey: string, processId: string): Promise<void> {
    const events = await lifecycle(t.db, processInstanceKey);
    expect(events.filter((e) => e === `${processId} ELEMENT_COMPLETED`), 'process ELEMENT_COMPLETED').to.have.length(1);
    expect(events.filter((e) => e.startsWith(`${processId} ELEMENT_TERMINAT`)), 'process terminated').to.have.length(0);
    expect(events[events.length - 1]).to.equal(`${processId} ELEMENT_COMPLETED`);
  }

  async function jobIntents(processInstanceKey: string): Promise<string[]> {
    return (await recordsOf(t.db, processInstanceKey)).filter((r) => r.valueType === 'JOB' && r.recordType === 'EVENT').map((r) => `${r.value.elementId} ${r.intent}`);
  }

  describe('given a fork where one branch ends in a terminate end event and the other waits at a service task', () => {
    // start -> fork -> (quick -> kill) | (slow -> end)
    async function deployRace(): Promise<{ processId: string; quick: string; slow: string }> {
      const n = ++given;
      const [processId, quick, slow] = [`te_race_${n}`, `te-quick-${n}`, `te-slow-${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          parallelGateway('fork'),
          serviceTask('quick', quick),
          terminateEnd('kill'),
          serviceTask('slow', slow),
          end(),
          ...chain('start', 'fork', 'quick', 'kill'),
          ...chain('fork', 'slow', 'end'),
        ),
      );
      return { processId, quick, slow };
    }

    it('when the terminating branch reaches its end, then the waiting task is terminated, its job CANCELED, and the process completes once', async () => {
      const { processId, quick, slow } = await deployRace();
      const processInstanceKey = await startInstance(t.client, processId);
      const slowJob = await activateJob(t.client, slow);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, quick)).key, variables: {} });

      expect(await intents(t.db, processInstanceKey, 'slow')).to.deep.equal(TERMINATED);
      expect(await jobIntents(processInstanceKey)).to.include('slow CANCELED');
      expect(await intents(t.db, processInstanceKey, 'kill')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING', 'ELEMENT_COMPLETED']);
      expect(await intents(t.db, processInstanceKey, 'end')).to.deep.equal([]);
      await expectCompletedOnceAndLast(processInstanceKey, processId);

      expect((await rejectionOf(t.client.completeJob({ jobKey: slowJob.key, variables: {} }))).code, 'completing the cancelled job').to.equal(NOT_FOUND);
    });

    it('when the terminate end event is reached, then it completes before the other element instances are terminated, as in Zeebe', async () => {
      const { processId, quick } = await deployRace();
      const processInstanceKey = await startInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, quick)).key, variables: {} });

      const events = await lifecycle(t.db, processInstanceKey);
      const killCompleted = events.indexOf('kill ELEMENT_COMPLETED');
      const slowTerminating = events.indexOf('slow ELEMENT_TERMINATING');
      expect(killCompleted, 'kill ELEMENT_COMPLETED').to.be.greaterThan(-1);
      expect(killCompleted, 'kill ELEMENT_COMPLETED before slow ELEMENT_TERMINATING').to.be.lessThan(slowTerminating);
    });
  });

  describe('given a fork straight into a terminate end event beside a service task', () => {
    it('when the instance starts, then the service task is terminated at once and no job of it stays activatable', async () => {
      const n = ++given;
      const [processId, type] = [`te_direct_${n}`, `te-direct-${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(processId, start(), parallelGateway('fork'), terminateEnd('kill'), serviceTask('task', type), end(), ...chain('start', 'fork', 'kill'), ...chain('fork', 'task', 'end')),
      );
      const processInstanceKey = await startInstance(t.client, processId);

      // Whether the task got as far as ACTIVATED depends on the order the branches are processed in; it must end terminated.
      const taskIntents = await intents(t.db, processInstanceKey, 'task');
      expect(taskIntents).to.not.include('ELEMENT_COMPLETED');
      if (taskIntents.length > 0) expect(taskIntents.slice(-2)).to.deep.equal(['ELEMENT_TERMINATING', 'ELEMENT_TERMINATED']);
      await expectCompletedOnceAndLast(processInstanceKey, processId);
      expect(await activateJobs(t.client, type, { waitMs: 200 }).catch(() => [])).to.have.length(0);
    });
  });

  describe('given a fork and join where a third branch ends in a terminate end event', () => {
    it('when one branch already waits at the join, then the join is never activated and the process completes once', async () => {
      const n = ++given;
      const [processId, a, b, c] = [`te_join_${n}`, `te-a-${n}`, `te-b-${n}`, `te-c-${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          parallelGateway('fork'),
          serviceTask('a', a),
          serviceTask('b', b),
          serviceTask('c', c),
          parallelGateway('join'),
          end(),
          terminateEnd('kill'),
          ...chain('start', 'fork', 'a', 'join', 'end'),
          ...chain('fork', 'b', 'join'),
          ...chain('fork', 'c', 'kill'),
        ),
      );
      const processInstanceKey = await startInstance(t.client, processId);
      await t.client.completeJob({ jobKey: (await activateJob(t.client, a)).key, variables: {} });

      await t.client.completeJob({ jobKey: (await activateJob(t.client, c)).key, variables: {} });

      expect(await intents(t.db, processInstanceKey, 'b')).to.deep.equal(TERMINATED);
      expect(await intents(t.db, processInstanceKey, 'join')).to.deep.equal([]);
      expect(await intents(t.db, processInstanceKey, 'end')).to.deep.equal([]);
      await expectCompletedOnceAndLast(processInstanceKey, processId);
    });
  });

  describe('given a terminate end event inside an embedded sub-process', () => {
    // start -> sub(sub_start -> fork -> (inner_a -> sub_kill) | (inner_b -> sub_end)) -> after -> end
    it('when it is reached, then only the sub-process ends (completed, not terminated) and the process continues after it', async () => {
      const n = ++given;
      const [processId, innerA, innerB, after] = [`te_sub_${n}`, `te-inner-a-${n}`, `te-inner-b-${n}`, `te-after-${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          subProcess('sub', [
            start('sub_start'),
            parallelGateway('fork'),
            serviceTask('inner_a', innerA),
            terminateEnd('sub_kill'),
            serviceTask('inner_b', innerB),
            end('sub_end'),
            ...chain('sub_start', 'fork', 'inner_a', 'sub_kill'),
            ...chain('fork', 'inner_b', 'sub_end'),
          ]),
          serviceTask('after', after),
          end(),
          ...chain('start', 'sub', 'after', 'end'),
        ),
      );
      const processInstanceKey = await startInstance(t.client, processId);
      await t.client.completeJob({ jobKey: (await activateJob(t.client, innerA)).key, variables: {} });

      expect(await intents(t.db, processInstanceKey, 'inner_b')).to.deep.equal(TERMINATED);
      expect(await intents(t.db, processInstanceKey, 'sub')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING', 'ELEMENT_COMPLETED']);
      expect(await isCompleted(t.db, processInstanceKey), 'process still running at after').to.equal(false);
      expect(await intents(t.db, processInstanceKey, 'after')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, after)).key, variables: {} });
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sub_start', 'fork', 'inner_a', 'sub_kill', 'sub', 'after', 'end']);
      await expectCompletedOnceAndLast(processInstanceKey, processId);
    });
  });

  describe('given start -> terminate end event', () => {
    it('when an instance runs, then the process completes normally', async () => {
      const processId = `te_alone_${++given}`;
      await deployProcess(t.client, processId, bpmnXml(processId, start(), terminateEnd('kill'), flow('start', 'kill')));
      const processInstanceKey = await startInstance(t.client, processId);

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'kill']);
      await expectCompletedOnceAndLast(processInstanceKey, processId);
    });
  });
});
