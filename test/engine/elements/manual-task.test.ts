import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, manualTask, start } from '../../helpers/bpmn';
import { elementEvents, elementPath, intents, recordsOf } from '../../helpers/log';
import { deployProcess, runInstance } from '../../helpers/zeebe';

describe('manual task', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  describe('given start -> manual task -> manual task -> end', () => {
    before(async () =>
      deployProcess(t.client, 'manual', bpmnXml('manual', start(), manualTask('sign'), manualTask('file'), end(), ...chain('start', 'sign', 'file', 'end'))),
    );

    it('when an instance runs, then it passes through both manual tasks without waiting', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'manual');

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sign', 'file', 'end']);
    });

    it('when an instance runs, then a manual task goes through the whole lifecycle as MANUAL_TASK', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'manual');

      expect(await intents(t.db, processInstanceKey, 'sign')).to.deep.equal([
        'ELEMENT_ACTIVATING',
        'ELEMENT_ACTIVATED',
        'ELEMENT_COMPLETING',
        'ELEMENT_COMPLETED',
      ]);
      const [activating] = await elementEvents(t.db, processInstanceKey, 'sign');
      expect(activating.value).to.include({ bpmnElementType: 'MANUAL_TASK', flowScopeKey: processInstanceKey });
    });

    it('when an instance runs, then no job is created and the variables pass unchanged', async () => {
      const { processInstanceKey, variables } = await runInstance(t.client, 'manual', { contract: { term: 12 } });

      const records = await recordsOf(t.db, processInstanceKey);
      expect(records.filter((r) => r.valueType === 'JOB')).to.deep.equal([]);
      expect(variables).to.deep.equal({ contract: { term: 12 } });
    });
  });
});
