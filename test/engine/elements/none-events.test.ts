import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, flow, start } from '../../helpers/bpmn';
import { elementEvents, elementPath, lifecycle, recordsOf } from '../../helpers/log';
import { deployProcess, runInstance } from '../../helpers/zeebe';

describe('none start and end events', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  describe('given a process start -> end', () => {
    before(async () => deployProcess(t.client, 'none_events', bpmnXml('none_events', start(), end(), ...chain('start', 'end'))));

    it('when an instance runs, then the process lifecycle is written in Zeebe order', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'none_events');

      expect(await lifecycle(t.db, processInstanceKey)).to.deep.equal([
        'none_events ELEMENT_ACTIVATING',
        'none_events ELEMENT_ACTIVATED',
        'start ELEMENT_ACTIVATING',
        'start ELEMENT_ACTIVATED',
        'start ELEMENT_COMPLETING',
        'start ELEMENT_COMPLETED',
        'start-end SEQUENCE_FLOW_TAKEN',
        'end ELEMENT_ACTIVATING',
        'end ELEMENT_ACTIVATED',
        'end ELEMENT_COMPLETING',
        'end ELEMENT_COMPLETED',
        'none_events ELEMENT_COMPLETING',
        'none_events ELEMENT_COMPLETED',
      ]);
    });

    it('when an instance runs, then each record names its element type, event type and flow scope', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'none_events');

      const describe = async (elementId: string) => {
        const [activating] = await elementEvents(t.db, processInstanceKey, elementId);
        const { bpmnElementType, bpmnEventType, flowScopeKey, processInstanceKey: pik, bpmnProcessId } = activating.value;
        return { bpmnElementType, bpmnEventType, flowScopeKey, pik, bpmnProcessId };
      };
      expect(await describe('none_events')).to.deep.equal({
        bpmnElementType: 'PROCESS',
        bpmnEventType: 'UNSPECIFIED',
        flowScopeKey: '-1',
        pik: processInstanceKey,
        bpmnProcessId: 'none_events',
      });
      expect(await describe('start')).to.deep.include({ bpmnElementType: 'START_EVENT', bpmnEventType: 'NONE', flowScopeKey: processInstanceKey });
      expect(await describe('end')).to.deep.include({ bpmnElementType: 'END_EVENT', bpmnEventType: 'NONE', flowScopeKey: processInstanceKey });
      expect(await describe('start-end')).to.deep.include({ bpmnElementType: 'SEQUENCE_FLOW', flowScopeKey: processInstanceKey });
    });

    it('when an instance is created with variables, then they are its result when it ends', async () => {
      const { variables } = await runInstance(t.client, 'none_events', { applicant: 'Li Wei', amount: 120000, tags: ['it', 'gx'] });

      expect(variables).to.deep.equal({ applicant: 'Li Wei', amount: 120000, tags: ['it', 'gx'] });
    });

    it('when an instance is created, then its variables are written before the start event activates', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'none_events', { a: 1 });

      const records = await recordsOf(t.db, processInstanceKey);
      const variable = records.findIndex((r) => r.valueType === 'VARIABLE' && r.intent === 'CREATED' && r.value.name === 'a');
      const startActivating = records.findIndex((r) => r.value.elementId === 'start' && r.intent === 'ELEMENT_ACTIVATING');
      expect(variable).to.be.greaterThan(-1);
      expect(variable).to.be.lessThan(startActivating);
      expect(records[variable].value).to.include({ scopeKey: processInstanceKey, value: '1' });
    });
  });

  describe('given a start event with no outgoing flow', () => {
    before(async () => deployProcess(t.client, 'start_only', bpmnXml('start_only', start())));

    it('when an instance runs, then the start event is an implicit end and the process completes', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'start_only');

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start']);
    });
  });

  describe('given a start event that forks into two end events without a gateway', () => {
    before(async () =>
      deployProcess(t.client, 'two_ends', bpmnXml('two_ends', start(), end('end_a'), end('end_b'), flow('start', 'end_a'), flow('start', 'end_b'))),
    );

    it('when an instance runs, then both end events complete and the process completes once after the last', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'two_ends');

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'end_a', 'end_b']);
      const events = await lifecycle(t.db, processInstanceKey);
      expect(events.filter((e) => e === 'two_ends ELEMENT_COMPLETED'), 'process ELEMENT_COMPLETED').to.have.length(1);
      expect(events[events.length - 1], 'the last event').to.equal('two_ends ELEMENT_COMPLETED');
    });
  });
});
