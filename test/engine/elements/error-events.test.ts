import { expect } from 'chai';
import type { JSONDoc, ZBWorker } from 'zeebe-node';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, errorBoundary, errorEnd, flow, serviceTask, start, subProcess } from '../../helpers/bpmn';
import { elementInstanceKey, elementPath, incidentsOf, intents, isCompleted, recordsOf, variablesOf } from '../../helpers/log';
import { activateJob, deployProcess, runInstance, startInstance } from '../../helpers/zeebe';

describe('error events', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;
  const next = () => ++given;

  /** Activates the job of a type and throws a BPMN error from it. */
  async function throwFrom(type: string, errorCode: string, variables: Record<string, unknown> = {}): Promise<string> {
    const job = await activateJob(t.client, type);
    await t.client.throwError({ jobKey: job.key, errorCode, errorMessage: `thrown ${errorCode}`, variables: variables as JSONDoc });
    return job.key;
  }

  describe('given an error boundary with a code on a service task', () => {
    // start -> review (job) -> done ; boundary 'rejected' (REJECTED) -> handled
    async function deployCaught(): Promise<{ processId: string; type: string }> {
      const n = next();
      const [processId, type] = [`err_caught_${n}`, `err-review-${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          serviceTask('review', type),
          errorBoundary('rejected', 'review', 'REJECTED'),
          end('done'),
          end('handled'),
          ...chain('start', 'review', 'done'),
          flow('rejected', 'handled'),
        ),
      );
      return { processId, type };
    }

    it('when the job throws that code, then the task is terminated and the boundary path is taken', async () => {
      const { processId, type } = await deployCaught();
      const processInstanceKey = await startInstance(t.client, processId);

      await throwFrom(type, 'REJECTED');

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'rejected', 'handled']);
      expect(await intents(t.db, processInstanceKey, 'review')).to.deep.equal([
        'ELEMENT_ACTIVATING',
        'ELEMENT_ACTIVATED',
        'ELEMENT_TERMINATING',
        'ELEMENT_TERMINATED',
      ]);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
      expect(await incidentsOf(t.db, processInstanceKey)).to.deep.equal([]);
    });

    it('when the job throws, then the job records ERROR_THROWN with the code', async () => {
      const { processId, type } = await deployCaught();
      const processInstanceKey = await startInstance(t.client, processId);

      const jobKey = await throwFrom(type, 'REJECTED');

      const jobEvents = (await recordsOf(t.db, processInstanceKey)).filter((r) => r.valueType === 'JOB' && r.recordType === 'EVENT');
      expect(jobEvents.map((r) => [r.key, r.intent])).to.deep.equal([
        [jobKey, 'CREATED'],
        [jobKey, 'ERROR_THROWN'],
      ]);
      expect(jobEvents[1].value).to.include({ errorCode: 'REJECTED', errorMessage: 'thrown REJECTED' });
    });

    it('when the job completes normally, then the boundary is not taken', async () => {
      const { processId, type } = await deployCaught();
      const processInstanceKey = await startInstance(t.client, processId);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'review', 'done']);
    });

    it('when the job throws another code, then nothing catches it and an UNHANDLED_ERROR_EVENT incident is raised on the task', async () => {
      const { processId, type } = await deployCaught();
      const processInstanceKey = await startInstance(t.client, processId);

      const jobKey = await throwFrom(type, 'OTHER');

      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'review', jobKey });
      expect(incident.errorMessage).to.contain("'OTHER'");
      expect(await intents(t.db, processInstanceKey, 'review')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(false);
    });
  });

  describe('given the nearest scope wins', () => {
    // start -> sub( sub_start -> work (job) -> sub_end ) -> done
    // boundaries on 'work' -> task_handler, boundaries on 'sub' -> sub_handler
    async function deployNested(taskCodes: Array<string | undefined>, subCodes: Array<string | undefined>): Promise<{ processId: string; type: string }> {
      const n = next();
      const [processId, type] = [`err_nested_${n}`, `err-work-${n}`];
      const taskBoundaries = taskCodes.map((code, i) => errorBoundary(`on_task_${code ?? 'any'}`, 'work', code) + flow(`on_task_${code ?? 'any'}`, `task_handler_${i}`));
      const taskHandlers = taskCodes.map((_, i) => end(`task_handler_${i}`));
      const inner = [start('sub_start'), serviceTask('work', type), end('sub_end'), ...chain('sub_start', 'work', 'sub_end'), ...taskBoundaries, ...taskHandlers];
      const subBoundaries = subCodes.map((code) => errorBoundary(`on_sub_${code ?? 'any'}`, 'sub', code) + flow(`on_sub_${code ?? 'any'}`, 'sub_handler'));
      await deployProcess(
        t.client,
        processId,
        bpmnXml(processId, start(), subProcess('sub', inner), end('done'), end('sub_handler'), ...chain('start', 'sub', 'done'), ...subBoundaries),
      );
      return { processId, type };
    }

    type Row = [what: string, taskCodes: Array<string | undefined>, subCodes: Array<string | undefined>, thrown: string, caughtBy: string];
    const rows: Row[] = [
      ['the task and the sub-process both catch the code', ['E1'], ['E1'], 'E1', 'on_task_E1'],
      ['only the sub-process catches the code', ['E2'], ['E1'], 'E1', 'on_sub_E1'],
      ['a catch-all on the task and the code on the sub-process', [undefined], ['E1'], 'E1', 'on_task_any'],
      ['the code and a catch-all on the task (the code first)', ['E1', undefined], [], 'E1', 'on_task_E1'],
      ['a catch-all and the code on the task (the catch-all first)', [undefined, 'E1'], [], 'E1', 'on_task_E1'],
      ['a catch-all and another code on the task', [undefined, 'E1'], [], 'E9', 'on_task_any'],
      ['only a catch-all on the sub-process', [], [undefined], 'ANY_CODE', 'on_sub_any'],
    ];
    for (const [what, taskCodes, subCodes, thrown, caughtBy] of rows) {
      it(`when ${what} and the job throws '${thrown}', then '${caughtBy}' catches it`, async () => {
        const { processId, type } = await deployNested(taskCodes, subCodes);
        const processInstanceKey = await startInstance(t.client, processId);

        await throwFrom(type, thrown);

        const path = await elementPath(t.db, processInstanceKey);
        expect(path.filter((id) => id.startsWith('on_'))).to.deep.equal([caughtBy]);
        expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
      });
    }

    it('when the sub-process boundary catches, then the sub-process and the task in it are terminated, inner first', async () => {
      const { processId, type } = await deployNested([], ['E1']);
      const processInstanceKey = await startInstance(t.client, processId);

      await throwFrom(type, 'E1');

      const terminations = (await recordsOf(t.db, processInstanceKey))
        .filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent.startsWith('ELEMENT_TERMINAT'))
        .map((r) => `${r.value.elementId} ${r.intent}`);
      expect(terminations).to.deep.equal(['sub ELEMENT_TERMINATING', 'work ELEMENT_TERMINATING', 'work ELEMENT_TERMINATED', 'sub ELEMENT_TERMINATED']);
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sub_start', 'on_sub_E1', 'sub_handler']);
    });
  });

  describe('given an error end event inside a sub-process', () => {
    // start -> sub( sub_start -> fail (error end FAIL) ) -> done ; boundary on sub (code) -> recovered
    async function deployThrowing(boundaryCode: string): Promise<string> {
      const processId = `err_end_${next()}`;
      const inner = [start('sub_start'), errorEnd('fail', 'FAIL'), ...chain('sub_start', 'fail')];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          subProcess('sub', inner),
          errorBoundary('caught', 'sub', boundaryCode),
          end('done'),
          end('recovered'),
          ...chain('start', 'sub', 'done'),
          flow('caught', 'recovered'),
        ),
      );
      return processId;
    }

    it("when the end event is reached, then the sub-process's boundary catches the error and the instance completes there", async () => {
      const { processInstanceKey } = await runInstance(t.client, await deployThrowing('FAIL'));

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sub_start', 'caught', 'recovered']);
      expect(await intents(t.db, processInstanceKey, 'sub')).to.deep.equal([
        'ELEMENT_ACTIVATING',
        'ELEMENT_ACTIVATED',
        'ELEMENT_TERMINATING',
        'ELEMENT_TERMINATED',
      ]);
      expect(await intents(t.db, processInstanceKey, 'done')).to.deep.equal([]);
    });

    it('when no boundary has its code, then an UNHANDLED_ERROR_EVENT incident is raised while the end event is activating', async () => {
      const processInstanceKey = await startInstance(t.client, await deployThrowing('OTHER'));

      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'fail' });
      expect(incident.errorMessage).to.contain("'FAIL'");
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(false);
      // Zeebe looks for the catch event before it activates the error end event.
      expect(await intents(t.db, processInstanceKey, 'fail')).to.deep.equal(['ELEMENT_ACTIVATING']);
    });
  });

  describe('given error variables', () => {
    // start -> review (job) -> done ; boundary (REJECTED) -> revise (job) -> end_revised
    async function deployWithFollowUp(): Promise<{ processId: string; type: string; followUp: string }> {
      const n = next();
      const [processId, type, followUp] = [`err_vars_${n}`, `err-vars-review-${n}`, `err-vars-revise-${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          serviceTask('review', type),
          errorBoundary('rejected', 'review', 'REJECTED'),
          serviceTask('revise', followUp),
          end('done'),
          end('end_revised'),
          ...chain('start', 'review', 'done'),
          ...chain('rejected', 'revise', 'end_revised'),
        ),
      );
      return { processId, type, followUp };
    }

    it('when ThrowError carries variables, then the task after the boundary sees them and they stay in the process', async () => {
      const { processId, type, followUp } = await deployWithFollowUp();
      const processInstanceKey = await startInstance(t.client, processId, { contract: 'C-9' });

      await throwFrom(type, 'REJECTED', { reason: 'term too long', article: 16 });

      const revise = await activateJob(t.client, followUp);
      expect(revise.variables).to.deep.equal({ contract: 'C-9', reason: 'term too long', article: 16 });
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ contract: 'C-9', reason: 'term too long', article: 16 });
    });

    it('when ThrowError carries variables, then they are merged into the process scope without a local copy on the boundary, as in Zeebe', async () => {
      const { processId, type } = await deployWithFollowUp();
      const processInstanceKey = await startInstance(t.client, processId);

      await throwFrom(type, 'REJECTED', { reason: 'late' });

      const boundaryKey = await elementInstanceKey(t.db, processInstanceKey, 'rejected');
      const scopeName = (key: string) => (key === processInstanceKey ? 'process' : key === boundaryKey ? 'boundary' : key);
      const reasons = (await recordsOf(t.db, processInstanceKey)).filter((r) => r.valueType === 'VARIABLE' && r.value.name === 'reason');
      expect(reasons.map((r) => `${r.intent} in ${scopeName(r.value.scopeKey)}`)).to.deep.equal(['CREATED in process']);
    });

    describe('when a zeebe-node worker answers with job.error({ errorCode, errorMessage, variables })', () => {
      let worker: ZBWorker<any, any, any> | undefined;
      after(async () => worker?.close());

      it('then the process ends on the boundary path with the error variables as its result', async () => {
        const { processId, type, followUp } = await deployWithFollowUp();
        worker = t.client.createWorker({
          taskType: type,
          taskHandler: (job) => job.error({ errorCode: 'REJECTED', errorMessage: 'not within budget', variables: { verdict: 'over budget' } }),
          loglevel: 'NONE',
        });
        const running = runInstance(t.client, processId, { budget: 10 });

        const revise = await activateJob(t.client, followUp, { waitMs: 10_000 });
        await t.client.completeJob({ jobKey: revise.key, variables: {} });

        const { processInstanceKey, variables } = await running;
        expect(variables).to.deep.equal({ budget: 10, verdict: 'over budget' });
        expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'rejected', 'revise', 'end_revised']);
      });
    });
  });
});
