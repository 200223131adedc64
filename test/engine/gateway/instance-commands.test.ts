import { expect } from 'chai';
import type { ZBClient } from 'zeebe-node';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, exclusiveGateway, flow, serviceTask, start, subProcess } from '../../helpers/bpmn';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { openRawGateway, type RawGateway } from '../../helpers/raw-gateway';
import { readRecords } from '../../helpers/records';

const UNKNOWN_KEY = '2251799813999999';

/** start → sub(inner) → after → end: a sub-process scope between the instance and the inner task. */
const SCOPED = bpmnXml(
  'ic-scoped',
  start(),
  subProcess('sub', [start('sub-start'), serviceTask('inner', 'ic-inner'), end('sub-end'), ...chain('sub-start', 'inner', 'sub-end')]),
  serviceTask('after', 'ic-after'),
  end(),
  ...chain('start', 'sub', 'after', 'end'),
);

const ONE_TASK = bpmnXml('ic-cancel', start(), serviceTask('task', 'ic-cancel'), end(), ...chain('start', 'task', 'end'));

/** An exclusive gateway without a default flow: with no amount, its conditions give null rather than true or false. */
const ROUTED = bpmnXml(
  'ic-routed',
  start(),
  exclusiveGateway('route'),
  serviceTask('big', 'ic-big'),
  serviceTask('small', 'ic-small'),
  end('big-end'),
  end('small-end'),
  flow('start', 'route'),
  flow('route', 'big', '= amount > 100'),
  flow('route', 'small', '= amount <= 100'),
  flow('big', 'big-end'),
  flow('small', 'small-end'),
);

/** The same gateway with conditions that can both be false. */
const STRICT = ROUTED.replace('ic-routed', 'ic-strict').replace('amount &lt;= 100', 'amount &lt; 0');

type Job = Awaited<ReturnType<ZBClient['activateJobs']>>[number];

describe('gateway: instance commands (SetVariables, CancelProcessInstance, ResolveIncident)', () => {
  let t: TestEngine;
  let raw: RawGateway;

  before(async () => {
    t = await startTestEngine();
    raw = openRawGateway(t.embedded.address);
    for (const [xml, name] of [
      [SCOPED, 'ic-scoped.bpmn'],
      [ONE_TASK, 'ic-cancel.bpmn'],
      [ROUTED, 'ic-routed.bpmn'],
      [STRICT, 'ic-strict.bpmn'],
    ]) {
      await t.client.deployResource({ process: Buffer.from(xml), name });
    }
  });
  after(async () => {
    raw.close();
    await t.stop();
  });

  const activate = async (type: string): Promise<Job> => {
    const jobs = await t.client.activateJobs({ type, worker: 'ic', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: 2_000 });
    expect(jobs, `one job of type ${type}`).to.have.length(1);
    return jobs[0];
  };
  const activatableNow = async (type: string) => (await raw.activateJobs({ type, timeout: 60_000, maxJobsToActivate: 10, requestTimeout: -1 })).jobs;
  const elementInstanceKey = async (processInstanceKey: string, elementId: string) => {
    const records = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED', processInstanceKey });
    const record = records.find((r) => r.value.elementId === elementId);
    expect(record, `element ${elementId} was activated`).to.not.equal(undefined);
    return record!.key;
  };
  /** zeebe-node 8.3.2 types SetVariables as void, but it resolves with the gateway's answer, which has the key. */
  const setVariables = async (request: Parameters<ZBClient['setVariables']>[0]) =>
    (await t.client.setVariables(request)) as unknown as { key: string };
  const variableRecords = async (processInstanceKey: string) =>
    (await readRecords(t.db, { valueType: 'VARIABLE', processInstanceKey })).map((r) => ({
      intent: r.intent,
      name: r.value.name,
      value: JSON.parse(r.value.value),
      scopeKey: r.value.scopeKey,
    }));

  describe('SetVariables', () => {
    it('when variables are set local on a sub-process, then the inner task sees them, but they stay in the sub-process', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-scoped', variables: { x: 'root' } });
      const subKey = await elementInstanceKey(processInstanceKey, 'sub');

      const response = await setVariables({ elementInstanceKey: subKey, variables: { x: 'sub', y: 1 }, local: true });

      expect(response.key).to.match(/^\d+$/);
      const written = (await variableRecords(processInstanceKey)).filter((v) => v.scopeKey === subKey);
      expect(written.map(({ intent, name, value }) => [intent, name, value])).to.deep.equal([
        ['CREATED', 'x', 'sub'],
        ['CREATED', 'y', 1],
      ]);
      const inner = await activate('ic-inner');
      expect(inner.variables).to.deep.equal({ x: 'sub', y: 1 });
      await t.client.completeJob({ jobKey: inner.key, variables: {} });
      const after = await activate('ic-after');
      expect(after.processInstanceKey).to.equal(processInstanceKey);
      expect(after.variables).to.deep.equal({ x: 'root' });
      await t.client.completeJob({ jobKey: after.key, variables: {} });
    });

    it('when variables are set without local on a sub-process, then existing names are updated where they live and new names go to the instance', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-scoped', variables: { x: 'root' } });
      const subKey = await elementInstanceKey(processInstanceKey, 'sub');

      await t.client.setVariables({ elementInstanceKey: subKey, variables: { x: 'changed', z: 2 }, local: false });

      const written = (await variableRecords(processInstanceKey)).filter((v) => v.name !== 'x' || v.value !== 'root');
      expect(written).to.deep.equal([
        { intent: 'UPDATED', name: 'x', value: 'changed', scopeKey: processInstanceKey },
        { intent: 'CREATED', name: 'z', value: 2, scopeKey: processInstanceKey },
      ]);
      const inner = await activate('ic-inner');
      await t.client.completeJob({ jobKey: inner.key, variables: {} });
      expect((await activate('ic-after')).variables).to.deep.equal({ x: 'changed', z: 2 });
    });

    it('when SetVariables is accepted, then a VARIABLE_DOCUMENT UPDATED record names the scope and the semantics', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-cancel', variables: {} });

      const { key } = await setVariables({ elementInstanceKey: processInstanceKey, variables: { flag: true }, local: true });

      const [document] = await readRecords(t.db, { valueType: 'VARIABLE_DOCUMENT', intent: 'UPDATED', key });
      expect(document.value).to.deep.include({ scopeKey: processInstanceKey, updateSemantics: 'LOCAL', variables: { flag: true } });
      await t.client.cancelProcessInstance(processInstanceKey);
    });

    it('when the scope is an instance that has already ended, then NOT_FOUND', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-cancel', variables: {} });
      await t.client.cancelProcessInstance(processInstanceKey);

      const details = await expectGrpcError(
        t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { late: true }, local: false }),
        Code.NOT_FOUND,
      );

      expect(details).to.contain(`'${processInstanceKey}'`);
    });

    it('when the scope is unknown, then NOT_FOUND', async () => {
      const details = await expectGrpcError(t.client.setVariables({ elementInstanceKey: UNKNOWN_KEY, variables: { a: 1 }, local: false }), Code.NOT_FOUND);

      expect(details).to.contain(`'${UNKNOWN_KEY}'`);
    });

    it('when the variables are not a JSON object (raw client), then INVALID_ARGUMENT and nothing is written', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-cancel', variables: {} });

      await expectGrpcError(raw.call('SetVariables', { elementInstanceKey: processInstanceKey, variables: '"text"', local: false }), Code.INVALID_ARGUMENT);

      expect(await readRecords(t.db, { valueType: 'VARIABLE_DOCUMENT', processInstanceKey })).to.deep.equal([]);
      await t.client.cancelProcessInstance(processInstanceKey);
    });
  });

  describe('CancelProcessInstance', () => {
    it('when a waiting instance is cancelled, then its job is cancelled and completing it afterwards is NOT_FOUND', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-cancel', variables: {} });
      const job = (await activate('ic-cancel'));
      expect(job.processInstanceKey).to.equal(processInstanceKey);

      await t.client.cancelProcessInstance(processInstanceKey);

      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'CANCELED', key: job.key })).to.have.length(1);
      const terminated = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_TERMINATED', key: processInstanceKey });
      expect(terminated).to.have.length(1);
      const details = await expectGrpcError(t.client.completeJob({ jobKey: job.key, variables: {} }), Code.NOT_FOUND);
      expect(details).to.contain(`Expected to complete job with key '${job.key}'`);
    });

    it('when an instance is cancelled twice, then the second cancel is NOT_FOUND', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-cancel', variables: {} });
      await t.client.cancelProcessInstance(processInstanceKey);

      const details = await expectGrpcError(t.client.cancelProcessInstance(processInstanceKey), Code.NOT_FOUND);

      expect(details).to.contain(`Expected to cancel a process instance with key '${processInstanceKey}'`);
    });

    it('when the key is unknown, then NOT_FOUND', async () => {
      await expectGrpcError(t.client.cancelProcessInstance(UNKNOWN_KEY), Code.NOT_FOUND);
    });

    it('when the key names an element inside an instance rather than the instance, then NOT_FOUND', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-cancel', variables: {} });
      const taskKey = await elementInstanceKey(processInstanceKey, 'task');

      await expectGrpcError(t.client.cancelProcessInstance(taskKey), Code.NOT_FOUND);

      await t.client.cancelProcessInstance(processInstanceKey);
    });
  });

  describe('ResolveIncident', () => {
    const conditionIncidents = (processInstanceKey: string) =>
      readRecords(t.db, { valueType: 'INCIDENT', intent: 'CREATED', processInstanceKey });

    it('when the incident key is unknown, then NOT_FOUND', async () => {
      const details = await expectGrpcError(t.client.resolveIncident({ incidentKey: UNKNOWN_KEY }), Code.NOT_FOUND);

      expect(details).to.contain(`Expected to resolve incident with key '${UNKNOWN_KEY}'`);
    });

    describe('when an exclusive gateway cannot choose a flow, then a CONDITION_ERROR incident on the gateway says why', () => {
      const rows: Array<[when: string, bpmnProcessId: string, variables: Record<string, any>, message: RegExp]> = [
        [
          'a condition reads a missing variable',
          'ic-routed',
          {},
          /Expected result of the expression ' ?amount > 100' to be 'BOOLEAN', but was 'NULL'/,
        ],
        [
          'every condition is false and there is no default flow',
          'ic-strict',
          { amount: 50 },
          /Expected at least one condition to evaluate to true, or to have a default flow/,
        ],
      ];
      for (const [when, bpmnProcessId, variables, message] of rows) {
        it(`when ${when}, then the incident message says ${message.source}`, async () => {
          const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId, variables });

          const incidents = await conditionIncidents(processInstanceKey);

          expect(incidents).to.have.length(1);
          expect(incidents[0].value).to.include({ errorType: 'CONDITION_ERROR', elementId: 'route' });
          expect(incidents[0].value.errorMessage).to.match(message);
          await t.client.cancelProcessInstance(processInstanceKey);
        });
      }
    });

    it('when SetVariables fixes the variable and the incident is resolved, then the instance continues on the right path', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-routed', variables: {} });
      const [incident] = await conditionIncidents(processInstanceKey);

      await t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { amount: 500 }, local: false });
      await t.client.resolveIncident({ incidentKey: incident.key });

      const big = await activate('ic-big');
      expect(big.processInstanceKey).to.equal(processInstanceKey);
      expect(big.variables).to.deep.equal({ amount: 500 });
      expect(await readRecords(t.db, { valueType: 'INCIDENT', intent: 'RESOLVED', key: incident.key })).to.have.length(1);
      await t.client.completeJob({ jobKey: big.key, variables: {} });
      const completed = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', key: processInstanceKey });
      expect(completed, 'the instance ran to its end').to.have.length(1);
    });

    it('when the incident is resolved without fixing its cause, then a new incident is raised', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-routed', variables: {} });
      const [first] = await conditionIncidents(processInstanceKey);

      await t.client.resolveIncident({ incidentKey: first.key });

      const incidents = await conditionIncidents(processInstanceKey);
      expect(incidents).to.have.length(2);
      expect(incidents[1].key).to.not.equal(first.key);
      expect(incidents[1].value.errorType).to.equal('CONDITION_ERROR');
      expect(await activatableNow('ic-big')).to.deep.equal([]);
      expect(await activatableNow('ic-small')).to.deep.equal([]);
      await t.client.cancelProcessInstance(processInstanceKey);
    });

    it('when an incident is resolved twice, then the second is NOT_FOUND', async () => {
      const { processInstanceKey: second } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-routed', variables: {} });
      const [incident] = await conditionIncidents(second);
      await t.client.setVariables({ elementInstanceKey: second, variables: { amount: 5 }, local: false });
      await t.client.resolveIncident({ incidentKey: incident.key });

      await expectGrpcError(t.client.resolveIncident({ incidentKey: incident.key }), Code.NOT_FOUND);

      const small = await activate('ic-small');
      expect(small.processInstanceKey).to.equal(second);
      await t.client.completeJob({ jobKey: small.key, variables: {} });
    });

    it('when an instance with an open incident is cancelled, then the incident is resolved with it', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'ic-routed', variables: {} });
      const [incident] = await conditionIncidents(processInstanceKey);

      await t.client.cancelProcessInstance(processInstanceKey);

      expect(await readRecords(t.db, { valueType: 'INCIDENT', intent: 'RESOLVED', key: incident.key })).to.have.length(1);
      await expectGrpcError(t.client.resolveIncident({ incidentKey: incident.key }), Code.NOT_FOUND);
    });
  });
});
