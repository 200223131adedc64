import { expect } from 'chai';
import type { JSONDoc } from 'zeebe-node';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, flow, messageStart, serviceTask, start } from '../../helpers/bpmn';
import { elementPath, isCompleted, recordsOf, variablesOf } from '../../helpers/log';
import { readRecords, type LoggedRecord } from '../../helpers/records';
import { advanceClock, settle } from '../../helpers/settle';
import { activateJobs, deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';

const HOUR = 3_600_000;
const FAILED_PRECONDITION = 9;

/** Message start events at process level: one instance per message, keyed instances one at a time, per version. */
describe('message events: message start events', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;
  const next = () => ++given;

  async function publish(name: string, correlationKey = '', variables: Record<string, unknown> = {}, timeToLive = 0): Promise<string> {
    const response = await t.client.publishMessage({ name, correlationKey, variables: variables as JSONDoc, timeToLive });
    await settle(t);
    return String(response.key);
  }

  /** Deploys one process and returns its definition key and version. */
  async function deploy(processId: string, xml: string): Promise<{ key: string; version: number }> {
    const result = await t.client.deployResource({ process: Buffer.from(xml), name: `${processId}.bpmn` });
    const process = (result.deployments as any[]).find((d) => d.process)!.process;
    return { key: String(process.processDefinitionKey), version: Number(process.version) };
  }

  /** The keys of the instances of a process, in the order they were created. */
  async function instancesOf(bpmnProcessId: string): Promise<string[]> {
    const records = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE_CREATION', intent: 'CREATED', recordType: 'EVENT' });
    return records.filter((r) => r.value.bpmnProcessId === bpmnProcessId).map((r) => r.key);
  }

  async function startSubscriptionEvents(bpmnProcessId: string, intent?: string): Promise<LoggedRecord[]> {
    const records = await readRecords(t.db, { valueType: 'MESSAGE_START_EVENT_SUBSCRIPTION', recordType: 'EVENT', intent });
    return records.filter((r) => r.value.bpmnProcessId === bpmnProcessId);
  }

  /** on_order (message start) -> handle (job of `type`) -> end. */
  function keyedProcess(processId: string, name: string, type: string): string {
    return bpmnXml(processId, messageStart('on_order', name), serviceTask('handle', type), end(), ...chain('on_order', 'handle', 'end'));
  }

  /** Completes the job of one instance among the activatable jobs of a type. */
  async function completeJobOf(type: string, processInstanceKey: string): Promise<void> {
    const jobs = await activateJobs(t.client, type);
    const job = jobs.find((j) => String(j.processInstanceKey) === processInstanceKey);
    if (!job) throw new Error(`Expected a job of type '${type}' for instance ${processInstanceKey}, but found none`);
    await t.client.completeJob({ jobKey: job.key, variables: {} });
    // Give the other activated jobs back, so a later activation sees them again.
    for (const other of jobs.filter((j) => j !== job)) await t.client.failJob({ jobKey: other.key, retries: 3, errorMessage: 'not this one', retryBackOff: 0 });
    await settle(t);
  }

  describe('given a process with a message start event', () => {
    it('when it is deployed, then a MESSAGE_START_EVENT_SUBSCRIPTION is CREATED for its version and message name', async () => {
      const n = next();
      const [processId, name] = [`ms_created_${n}`, `order placed ${n}`];
      const { key } = await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));

      const created = await startSubscriptionEvents(processId, 'CREATED');
      expect(created).to.have.length(1);
      expect(created[0].value).to.include({ processDefinitionKey: key, startEventId: 'on_order', messageName: name, bpmnProcessId: processId });
    });

    it('when its message is published, then a new instance starts at that start event with the message variables', async () => {
      const n = next();
      const [processId, name] = [`ms_start_${n}`, `order placed ${n}`];
      const { key } = await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));

      const messageKey = await publish(name, '', { orderId: 'o-1', items: [1, 2] });

      const instances = await instancesOf(processId);
      expect(instances, 'instances started').to.have.length(1);
      const [processInstanceKey] = instances;
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['on_order', 'end']);
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ orderId: 'o-1', items: [1, 2] });
      const startEvent = (await recordsOf(t.db, processInstanceKey)).find((r) => r.value.elementId === 'on_order' && r.intent === 'ELEMENT_ACTIVATING')!;
      expect(startEvent.value).to.include({ bpmnElementType: 'START_EVENT', bpmnEventType: 'MESSAGE', processDefinitionKey: key });
      const correlated = await startSubscriptionEvents(processId, 'CORRELATED');
      expect(correlated).to.have.length(1);
      expect(correlated[0].value).to.include({ messageKey, processInstanceKey, startEventId: 'on_order' });
    });

    it('when its message is published twice without a correlation key, then each message starts an instance', async () => {
      const n = next();
      const [processId, name, type] = [`ms_twice_${n}`, `ping ${n}`, `ms-twice-${n}`];
      await deploy(processId, keyedProcess(processId, name, type));

      await publish(name, '', { n: 1 });
      await publish(name, '', { n: 2 });

      const instances = await instancesOf(processId);
      expect(instances).to.have.length(2);
      expect(await variablesOf(t.db, instances[1])).to.deep.equal({ n: 2 });
    });

    it('when a message with another name is published, then no instance starts', async () => {
      const n = next();
      const [processId, name] = [`ms_other_${n}`, `order placed ${n}`];
      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));

      await publish(`${name}!`, '', {}, HOUR);

      expect(await instancesOf(processId)).to.deep.equal([]);
    });

    it('when it is started with CreateProcessInstance, then the command is rejected with FAILED_PRECONDITION (it has no none start event)', async () => {
      const n = next();
      const [processId, name] = [`ms_create_${n}`, `order placed ${n}`];
      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));

      const rejection = await rejectionOf(t.client.createProcessInstance({ bpmnProcessId: processId, variables: {} }));

      expect(rejection.code, rejection.message).to.equal(FAILED_PRECONDITION);
      expect(rejection.message).to.match(/none start event/);
      expect(await instancesOf(processId)).to.deep.equal([]);
    });

    it('when it also has a none start event, then CreateProcessInstance starts at the none start and the message at the message start', async () => {
      const n = next();
      const [processId, name] = [`ms_both_${n}`, `order placed ${n}`];
      await deploy(
        processId,
        bpmnXml(processId, start(), messageStart('on_order', name), end(), end('end_by_message'), flow('start', 'end'), flow('on_order', 'end_by_message')),
      );

      const created = await startInstance(t.client, processId);
      await publish(name);

      const instances = await instancesOf(processId);
      expect(instances).to.have.length(2);
      expect(await elementPath(t.db, created)).to.deep.equal(['start', 'end']);
      expect(await elementPath(t.db, instances.find((k) => k !== created)!)).to.deep.equal(['on_order', 'end_by_message']);
    });
  });

  describe('given a message start event and messages with a correlation key', () => {
    it('when a second message with the same key comes while the first instance is active, then no second instance starts; after it completed, a new message starts one', async () => {
      const n = next();
      const [processId, name, type] = [`ms_keyed_${n}`, `order ${n}`, `ms-keyed-${n}`];
      await deploy(processId, keyedProcess(processId, name, type));

      await publish(name, 'customer-1', { attempt: 1 });
      const [first] = await instancesOf(processId);
      await publish(name, 'customer-1', { attempt: 2 });
      expect(await instancesOf(processId), 'instances after a second message with the same key').to.deep.equal([first]);

      await publish(name, 'customer-2', { attempt: 3 });
      const afterOtherKey = await instancesOf(processId);
      expect(afterOtherKey, 'a message with another key starts its own instance').to.have.length(2);

      await completeJobOf(type, first);
      expect(await isCompleted(t.db, first)).to.equal(true);
      await publish(name, 'customer-1', { attempt: 4 });

      const instances = await instancesOf(processId);
      expect(instances, 'instances after the first completed and a new message came').to.have.length(3);
      expect(await variablesOf(t.db, instances[2])).to.deep.equal({ attempt: 4 });
      const correlated = await startSubscriptionEvents(processId, 'CORRELATED');
      expect(correlated.map((r) => r.value.correlationKey)).to.deep.equal(['customer-1', 'customer-2', 'customer-1']);
    });

    it('when the first instance was cancelled, then a new message with the key starts an instance again', async () => {
      const n = next();
      const [processId, name, type] = [`ms_keyed_cancel_${n}`, `order ${n}`, `ms-keyed-cancel-${n}`];
      await deploy(processId, keyedProcess(processId, name, type));
      await publish(name, 'customer-3');
      const [first] = await instancesOf(processId);

      await t.client.cancelProcessInstance(first);
      await settle(t);
      await publish(name, 'customer-3');

      expect(await instancesOf(processId)).to.have.length(2);
    });

    it('when a message with the key was buffered while the first instance was active, then it starts the next instance once the first completes (as Zeebe)', async () => {
      const n = next();
      const [processId, name, type] = [`ms_keyed_buffered_${n}`, `order ${n}`, `ms-keyed-buffered-${n}`];
      await deploy(processId, keyedProcess(processId, name, type));
      await publish(name, 'customer-4', { attempt: 1 });
      const [first] = await instancesOf(processId);
      const bufferedKey = await publish(name, 'customer-4', { attempt: 2 }, HOUR);
      expect(await instancesOf(processId)).to.deep.equal([first]);

      await completeJobOf(type, first);

      const instances = await instancesOf(processId);
      expect(instances, 'the buffered message starts the next instance').to.have.length(2);
      expect(await variablesOf(t.db, instances[1])).to.deep.equal({ attempt: 2 });
      const correlated = await startSubscriptionEvents(processId, 'CORRELATED');
      expect(correlated.map((r) => r.value.messageKey)).to.include(bufferedKey);
    });
  });

  describe('given a new version of a process with a message start event', () => {
    it('when it is deployed, then it replaces the start subscription of the old version and new instances use the new version', async () => {
      const n = next();
      const [processId, name] = [`ms_version_${n}`, `order ${n}`];
      const v1 = await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end('end_v1'), flow('on_order', 'end_v1')));
      const v2 = await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end('end_v2'), flow('on_order', 'end_v2')));
      expect(v2.version).to.equal(v1.version + 1);

      const created = await startSubscriptionEvents(processId, 'CREATED');
      const deleted = await startSubscriptionEvents(processId, 'DELETED');
      expect(created.map((r) => r.value.processDefinitionKey)).to.deep.equal([v1.key, v2.key]);
      expect(deleted.map((r) => r.value.processDefinitionKey)).to.deep.equal([v1.key]);
      expect(deleted[0].key).to.equal(created[0].key);

      await publish(name);

      const instances = await instancesOf(processId);
      expect(instances, 'exactly one instance for one message').to.have.length(1);
      const [processRecord] = (await recordsOf(t.db, instances[0])).filter((r) => r.value.bpmnElementType === 'PROCESS');
      expect(processRecord.value).to.include({ processDefinitionKey: v2.key, version: v2.version });
      expect(await elementPath(t.db, instances[0])).to.deep.equal(['on_order', 'end_v2']);
    });

    it('when the same resource is deployed again unchanged, then the start subscription is kept as it is', async () => {
      const n = next();
      const [processId, name] = [`ms_duplicate_${n}`, `order ${n}`];
      const xml = bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end'));
      const v1 = await deploy(processId, xml);
      const again = await deploy(processId, xml);

      expect(again).to.deep.equal(v1);
      expect(await startSubscriptionEvents(processId, 'CREATED')).to.have.length(1);
      expect(await startSubscriptionEvents(processId, 'DELETED')).to.have.length(0);
    });

    it('when the new version has only a none start event, then the old message start is DELETED and the message starts nothing', async () => {
      const n = next();
      const [processId, name] = [`ms_dropped_${n}`, `order ${n}`];
      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));
      await deploy(processId, bpmnXml(processId, start(), end(), flow('start', 'end')));

      expect(await startSubscriptionEvents(processId, 'DELETED')).to.have.length(1);
      await publish(name);
      expect(await instancesOf(processId)).to.deep.equal([]);
    });
  });

  describe('given messages buffered before the process with the message start event is deployed (as Zeebe 8.3)', () => {
    it('when the process is deployed, then a message still within its TTL starts an instance with its variables', async () => {
      const n = next();
      const [processId, name] = [`ms_buffered_${n}`, `early order ${n}`];
      const messageKey = await publish(name, '', { orderId: 'o-early' }, HOUR);
      expect(await instancesOf(processId), 'instances before the deployment').to.deep.equal([]);

      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));
      await settle(t);

      const instances = await instancesOf(processId);
      expect(instances, 'instances after the deployment').to.have.length(1);
      expect(await elementPath(t.db, instances[0])).to.deep.equal(['on_order', 'end']);
      expect(await variablesOf(t.db, instances[0])).to.deep.equal({ orderId: 'o-early' });
      const correlated = await startSubscriptionEvents(processId, 'CORRELATED');
      expect(correlated.map((r) => r.value.messageKey)).to.deep.equal([messageKey]);
      expect(correlated[0].value.processInstanceKey).to.equal(instances[0]);
    });

    it('when the message TTL has passed before the deployment, or the TTL was zero, then no instance starts', async () => {
      const n = next();
      const [processId, name] = [`ms_buffered_expired_${n}`, `late order ${n}`];
      await publish(name, 'a', {}, HOUR);
      await publish(name, 'b', {}, 0);
      await advanceClock(t, HOUR);

      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));
      await settle(t);

      expect(await instancesOf(processId)).to.deep.equal([]);
      expect(await startSubscriptionEvents(processId, 'CORRELATED')).to.deep.equal([]);
    });

    it('when the message TTL ends one millisecond after the deployment, then it still starts an instance', async () => {
      const n = next();
      const [processId, name] = [`ms_buffered_edge_${n}`, `edge order ${n}`];
      await publish(name, '', {}, HOUR);
      await advanceClock(t, HOUR - 1);

      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));
      await settle(t);

      expect(await instancesOf(processId)).to.have.length(1);
    });

    it('when several messages without a correlation key are buffered, then each starts its own instance, oldest first', async () => {
      const n = next();
      const [processId, name] = [`ms_buffered_many_${n}`, `batch ${n}`];
      for (const i of [1, 2, 3]) await publish(name, '', { i }, HOUR);

      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));
      await settle(t);

      const instances = await instancesOf(processId);
      expect(instances).to.have.length(3);
      const seen = [];
      for (const key of instances) seen.push((await variablesOf(t.db, key)).i);
      expect(seen).to.deep.equal([1, 2, 3]);
    });

    it('when two messages with the same correlation key are buffered, then one instance starts, and the second only after the first ended', async () => {
      const n = next();
      const [processId, name, type] = [`ms_buffered_keyed_${n}`, `keyed ${n}`, `ms-buffered-keyed-${n}`];
      await publish(name, 'customer-1', { attempt: 1 }, HOUR);
      await publish(name, 'customer-1', { attempt: 2 }, HOUR);
      await publish(name, 'customer-2', { attempt: 3 }, HOUR);

      await deploy(processId, keyedProcess(processId, name, type));
      await settle(t);

      const started = await instancesOf(processId);
      expect(started, 'one instance per correlation key').to.have.length(2);
      expect(await variablesOf(t.db, started[0])).to.deep.equal({ attempt: 1 });
      expect(await variablesOf(t.db, started[1])).to.deep.equal({ attempt: 3 });

      await completeJobOf(type, started[0]);

      const instances = await instancesOf(processId);
      expect(instances, 'the waiting message starts the next instance').to.have.length(3);
      expect(await variablesOf(t.db, instances[2])).to.deep.equal({ attempt: 2 });
      const correlated = await startSubscriptionEvents(processId, 'CORRELATED');
      expect(correlated.map((r) => r.value.correlationKey)).to.deep.equal(['customer-1', 'customer-2', 'customer-1']);
    });

    it('when a buffered message already started an instance of the old version, then deploying a new version does not start another', async () => {
      const n = next();
      const [processId, name] = [`ms_buffered_version_${n}`, `versioned ${n}`];
      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end('end_v1'), flow('on_order', 'end_v1')));
      await publish(name, '', {}, HOUR);
      expect(await instancesOf(processId)).to.have.length(1);

      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end('end_v2'), flow('on_order', 'end_v2')));
      await settle(t);

      expect(await instancesOf(processId), 'a message correlates once per process').to.have.length(1);
    });

    it('when the buffered message has another name, then the deployment starts nothing', async () => {
      const n = next();
      const [processId, name] = [`ms_buffered_other_${n}`, `named ${n}`];
      await publish(`${name}!`, '', {}, HOUR);

      await deploy(processId, bpmnXml(processId, messageStart('on_order', name), end(), flow('on_order', 'end')));
      await settle(t);

      expect(await instancesOf(processId)).to.deep.equal([]);
    });

    it('when the engine restarts after the deployment, then the buffered message is not correlated a second time', async () => {
      const n = next();
      const [processId, name, type] = [`ms_buffered_restart_${n}`, `restart ${n}`, `ms-buffered-restart-${n}`];
      await publish(name, '', {}, HOUR);
      await deploy(processId, keyedProcess(processId, name, type));
      await settle(t);
      expect(await instancesOf(processId)).to.have.length(1);

      await t.restart();
      await settle(t);

      expect(await instancesOf(processId)).to.have.length(1);
      expect(await startSubscriptionEvents(processId, 'CORRELATED')).to.have.length(1);
    });
  });

  it('given two processes with a message start event for the same name, when the message is published, then each process starts one instance', async () => {
    const n = next();
    const name = `shared start ${n}`;
    const [processA, processB] = [`ms_shared_a_${n}`, `ms_shared_b_${n}`];
    await deployProcess(t.client, processA, bpmnXml(processA, messageStart('on_order', name), end(), flow('on_order', 'end')));
    await deployProcess(t.client, processB, bpmnXml(processB, messageStart('on_order', name), end(), flow('on_order', 'end')));

    await publish(name, '', { shared: true }, HOUR);

    expect(await instancesOf(processA)).to.have.length(1);
    expect(await instancesOf(processB)).to.have.length(1);
  });
});
