import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, manualTask, start, task } from '../../helpers/bpmn';
import { elementEvents, elementPath, intents, recordsOf } from '../../helpers/log';
import { deployProcess, runInstance } from '../../helpers/zeebe';

/** Manual tasks and undefined tasks (bpmn:task) do nothing in Zeebe: they pass through at once. */
const kinds: Array<[kind: string, build: (id: string) => string, processId: string, elementType: string]> = [
  ['manual task', manualTask, 'manual', 'MANUAL_TASK'],
  ['undefined task (bpmn:task)', task, 'undefined_task', 'TASK'],
];

describe('pass-through tasks', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  for (const [kind, build, processId, elementType] of kinds) {
    describe(`given start -> ${kind} -> ${kind} -> end`, () => {
      before(async () =>
        deployProcess(t.client, processId, bpmnXml(processId, start(), build('sign'), build('file'), end(), ...chain('start', 'sign', 'file', 'end'))),
      );

      it(`when an instance runs, then it passes through both tasks without waiting`, async () => {
        const { processInstanceKey } = await runInstance(t.client, processId);

        expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sign', 'file', 'end']);
      });

      it(`when an instance runs, then the task goes through the whole lifecycle as ${elementType}`, async () => {
        const { processInstanceKey } = await runInstance(t.client, processId);

        expect(await intents(t.db, processInstanceKey, 'sign')).to.deep.equal([
          'ELEMENT_ACTIVATING',
          'ELEMENT_ACTIVATED',
          'ELEMENT_COMPLETING',
          'ELEMENT_COMPLETED',
        ]);
        const [activating] = await elementEvents(t.db, processInstanceKey, 'sign');
        expect(activating.value).to.include({ bpmnElementType: elementType, flowScopeKey: processInstanceKey });
      });

      it('when an instance runs, then no job is created and the variables pass unchanged', async () => {
        const { processInstanceKey, variables } = await runInstance(t.client, processId, { contract: { term: 12 } });

        const records = await recordsOf(t.db, processInstanceKey);
        expect(records.filter((r) => r.valueType === 'JOB')).to.deep.equal([]);
        expect(variables).to.deep.equal({ contract: { term: 12 } });
      });
    });
  }
});
