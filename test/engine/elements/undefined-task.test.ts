import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, task, start } from '../../helpers/bpmn';
import { elementEvents, elementPath, intents, recordsOf } from '../../helpers/log';
import { deployProcess, runInstance } from '../../helpers/zeebe';

describe('undefined task (bpmn:task)', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  describe('given start -> task -> task -> end', () => {
    before(async () =>
      deployProcess(t.client, 'undefined_task', bpmnXml('undefined_task', start(), task('sign'), task('file'), end(), ...chain('start', 'sign', 'file', 'end'))),
    );

    it('when an instance runs, then it passes through both undefined tasks without waiting', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'undefined_task');

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sign', 'file', 'end']);
    });

    it('when an instance runs, then an undefined task goes through the whole lifecycle as TASK', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'undefined_task');

      expect(await intents(t.db, processInstanceKey, 'sign')).to.deep.equal([
        'ELEMENT_ACTIVATING',
        'ELEMENT_ACTIVATED',
        'ELEMENT_COMPLETING',
        'ELEMENT_COMPLETED',
      ]);
      const [activating] = await elementEvents(t.db, processInstanceKey, 'sign');
      expect(activating.value).to.include({ bpmnElementType: 'TASK', flowScopeKey: processInstanceKey });
    });

    it('when an instance runs, then no job is created and the variables pass unchanged', async () => {
      const { processInstanceKey, variables } = await runInstance(t.client, 'undefined_task', { contract: { term: 12 } });

      const records = await recordsOf(t.db, processInstanceKey);
      expect(records.filter((r) => r.valueType === 'JOB')).to.deep.equal([]);
      expect(variables).to.deep.equal({ contract: { term: 12 } });
    });
  });
});
