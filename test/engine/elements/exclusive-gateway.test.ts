import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, exclusiveGateway, flow, parallelGateway, manualTask, start } from '../../helpers/bpmn';
import { elementEvents, elementPath, incidentsOf, intents, isCompleted, lifecycle } from '../../helpers/log';
import { deployProcess, runInstance, startInstance } from '../../helpers/zeebe';

describe('exclusive gateway', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  describe('given conditions on two flows and a default flow (the default written first)', () => {
    // The default flow comes first in the document: it must still be taken only when no condition holds.
    before(async () =>
      deployProcess(
        t.client,
        'xor_route',
        bpmnXml(
          'xor_route',
          start(),
          exclusiveGateway('route', 'to_small'),
          end('large'),
          end('medium'),
          end('small'),
          flow('start', 'route'),
          flow('route', 'small', undefined, 'to_small'),
          flow('route', 'large', '=amount > 1000000', 'to_large'),
          flow('route', 'medium', '=amount > 100000', 'to_medium'),
        ),
      ),
    );

    const rows: Array<[amount: number, path: string[]]> = [
      [5000000, ['start', 'route', 'large']], // both conditions hold: the first in document order wins
      [500000, ['start', 'route', 'medium']],
      [100000, ['start', 'route', 'small']], // boundary: not greater than 100000
      [0, ['start', 'route', 'small']],
    ];
    for (const [amount, path] of rows) {
      it(`when amount is ${amount}, then the path is ${path.join(' -> ')}`, async () => {
        const { processInstanceKey } = await runInstance(t.client, 'xor_route', { amount });

        expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(path);
      });
    }

    it('when a flow is chosen, then only that one SEQUENCE_FLOW_TAKEN leaves the gateway', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'xor_route', { amount: 500000 });

      const taken = ['to_small', 'to_large', 'to_medium'];
      const counts = await Promise.all(taken.map(async (id) => (await intents(t.db, processInstanceKey, id)).length));
      expect(counts).to.deep.equal([0, 0, 1]);
    });

    it('when a condition reads a missing variable, then it is a CONDITION_ERROR (null is not false), even with a default flow', async () => {
      const processInstanceKey = await startInstance(t.client, 'xor_route', {});

      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'CONDITION_ERROR', elementId: 'route' });
      expect(incident.errorMessage).to.contain('amount > 1000000');
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(false);
    });
  });

  describe('given conditions without a default flow', () => {
    before(async () =>
      deployProcess(
        t.client,
        'xor_no_default',
        bpmnXml(
          'xor_no_default',
          start(),
          exclusiveGateway('decide'),
          end('approved'),
          end('rejected'),
          flow('start', 'decide'),
          flow('decide', 'approved', '=score >= 60', 'to_approved'),
          flow('decide', 'rejected', '=score < 30', 'to_rejected'),
        ),
      ),
    );

    it('when no condition holds, then a CONDITION_ERROR incident is created while the gateway is still activating', async () => {
      const processInstanceKey = await startInstance(t.client, 'xor_no_default', { score: 45 });

      const incidents = await incidentsOf(t.db, processInstanceKey);
      expect(incidents).to.have.length(1);
      expect(incidents[0]).to.include({
        errorType: 'CONDITION_ERROR',
        errorMessage: 'Expected at least one condition to evaluate to true, or to have a default flow',
        elementId: 'decide',
      });
      const [activating] = await elementEvents(t.db, processInstanceKey, 'decide');
      expect(incidents[0].elementInstanceKey).to.equal(activating.key);
      // Zeebe chooses the flow on activation, so the gateway waits in ELEMENT_ACTIVATING.
      expect(await intents(t.db, processInstanceKey, 'decide')).to.deep.equal(['ELEMENT_ACTIVATING']);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(false);
    });

    it('when the variable is fixed with SetVariables and the incident resolved, then the gateway takes the now true flow', async () => {
      const processInstanceKey = await startInstance(t.client, 'xor_no_default', { score: 45 });
      const [incident] = await incidentsOf(t.db, processInstanceKey);

      await t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { score: 20 }, local: false });
      await t.client.resolveIncident({ incidentKey: incident.key });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'decide', 'rejected']);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(true);
      expect(await intents(t.db, processInstanceKey, 'decide')).to.deep.equal([
        'ELEMENT_ACTIVATING',
        'ELEMENT_ACTIVATED',
        'ELEMENT_COMPLETING',
        'ELEMENT_COMPLETED',
      ]);
    });

    it('when the incident is resolved without fixing anything, then a new incident is created and the instance still waits', async () => {
      const processInstanceKey = await startInstance(t.client, 'xor_no_default', { score: 45 });
      const [first] = await incidentsOf(t.db, processInstanceKey);

      await t.client.resolveIncident({ incidentKey: first.key });

      const incidents = await incidentsOf(t.db, processInstanceKey);
      expect(incidents.map((i) => i.errorType)).to.deep.equal(['CONDITION_ERROR', 'CONDITION_ERROR']);
      expect(incidents[1].key).to.not.equal(first.key);
      expect(await isCompleted(t.db, processInstanceKey), 'process completed').to.equal(false);
    });
  });

  describe('given a gateway with a single unconditioned outgoing flow', () => {
    before(async () =>
      deployProcess(t.client, 'xor_single', bpmnXml('xor_single', start(), exclusiveGateway('pass'), end(), ...chain('start', 'pass', 'end'))),
    );

    it('when an instance runs, then the gateway just passes the token on', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'xor_single');

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'pass', 'end']);
    });
  });

  describe('given an exclusive gateway that merges two parallel branches', () => {
    before(async () =>
      deployProcess(
        t.client,
        'xor_merge',
        bpmnXml(
          'xor_merge',
          start(),
          parallelGateway('fork'),
          manualTask('left'),
          manualTask('right'),
          exclusiveGateway('merge'),
          manualTask('after'),
          end(),
          flow('start', 'fork'),
          flow('fork', 'left'),
          flow('fork', 'right'),
          flow('left', 'merge'),
          flow('right', 'merge'),
          ...chain('merge', 'after', 'end'),
        ),
      ),
    );

    it('when both branches arrive, then each token passes on its own (the gateway does not join) and the process completes once', async () => {
      const { processInstanceKey } = await runInstance(t.client, 'xor_merge');

      const path = await elementPath(t.db, processInstanceKey);
      expect(path.filter((id) => id === 'merge')).to.have.length(2);
      expect(path.filter((id) => id === 'after')).to.have.length(2);
      expect(path.filter((id) => id === 'end')).to.have.length(2);
      const events = await lifecycle(t.db, processInstanceKey);
      expect(events.filter((e) => e === 'xor_merge ELEMENT_COMPLETED'), 'process ELEMENT_COMPLETED').to.have.length(1);
      expect(events[events.length - 1], 'the last event').to.equal('xor_merge ELEMENT_COMPLETED');
    });
  });
});
