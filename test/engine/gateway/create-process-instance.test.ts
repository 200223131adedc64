import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { openRawGateway, type RawGateway } from '../../helpers/raw-gateway';
import { readRecords } from '../../helpers/records';
import { waitFor } from '../../helpers/settle';

const straightThrough = (id: string, endId = 'end') => bpmnXml(id, start(), end(endId), ...chain('start', endId));
const withServiceTask = (id: string, jobType: string) => bpmnXml(id, start(), serviceTask('task', jobType), end(), ...chain('start', 'task', 'end'));

describe('gateway: CreateProcessInstance and CreateProcessInstanceWithResult', () => {
  let t: TestEngine;
  let raw: RawGateway;
  const keys: Record<string, string> = {};

  const deploy = async (xml: string, name: string) =>
    ((await t.client.deployResource({ process: Buffer.from(xml), name })).deployments[0] as any).process;

  before(async () => {
    t = await startTestEngine();
    raw = openRawGateway(t.embedded.address);
    keys.v1 = (await deploy(straightThrough('create-versions', 'end-v1'), 'create-versions.bpmn')).processDefinitionKey;
    keys.v2 = (await deploy(straightThrough('create-versions', 'end-v2'), 'create-versions.bpmn')).processDefinitionKey;
    await deploy(straightThrough('create-plain'), 'create-plain.bpmn');
    await deploy(withServiceTask('create-waits', 'create-waits-work'), 'create-waits.bpmn');
    await deploy(
      bpmnXml(
        'create-skip',
        start(),
        serviceTask('first', 'create-skip-first'),
        serviceTask('second', 'create-skip-second'),
        end(),
        ...chain('start', 'first', 'second', 'end'),
      ),
      'create-skip.bpmn',
    );
  });
  after(async () => {
    raw.close();
    await t.stop();
  });

  const creationCount = async () => (await readRecords(t.db, { valueType: 'PROCESS_INSTANCE_CREATION', recordType: 'EVENT' })).length;

  describe('CreateProcessInstance', () => {
    it('when no version is given, then the latest version is started and PROCESS_INSTANCE_CREATION CREATED is logged', async () => {
      const created = await t.client.createProcessInstance({ bpmnProcessId: 'create-versions', variables: {} });

      expect(created).to.include({ bpmnProcessId: 'create-versions', version: 2, processDefinitionKey: keys.v2 });
      expect(created.processInstanceKey).to.match(/^\d+$/);
      const records = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE_CREATION', intent: 'CREATED', key: created.processInstanceKey });
      expect(records).to.have.length(1);
      expect(records[0].value).to.include({ bpmnProcessId: 'create-versions', version: 2 });
    });

    it('when an explicit version is given, then that version is started', async () => {
      const created = await t.client.createProcessInstance({ bpmnProcessId: 'create-versions', version: 1, variables: {} });

      expect(created).to.include({ version: 1, processDefinitionKey: keys.v1 });
      const completedEnds = (await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', processInstanceKey: created.processInstanceKey }))
        .filter((r) => r.value.bpmnElementType === 'END_EVENT')
        .map((r) => r.value.elementId);
      expect(completedEnds).to.deep.equal(['end-v1']);
    });

    it('when only a process definition key is given (raw client), then that definition is started', async () => {
      const created = await raw.call('CreateProcessInstance', { processDefinitionKey: keys.v1, version: -1, variables: '{}' });

      expect(created).to.include({ bpmnProcessId: 'create-versions', version: 1, processDefinitionKey: keys.v1 });
    });

    it('when variables are given, then they become variables of the process instance scope', async () => {
      const created = await t.client.createProcessInstance({ bpmnProcessId: 'create-plain', variables: { amount: 12, owner: { name: 'Li' } } });

      const variables = await readRecords(t.db, { valueType: 'VARIABLE', intent: 'CREATED', processInstanceKey: created.processInstanceKey });
      const byName = Object.fromEntries(variables.map((r) => [r.value.name, r.value]));
      expect(JSON.parse(byName.amount.value)).to.equal(12);
      expect(JSON.parse(byName.owner.value)).to.deep.equal({ name: 'Li' });
      expect(byName.amount.scopeKey).to.equal(created.processInstanceKey);
    });

    // Zeebe 8.3 would start at the named element; this engine refuses instead of silently starting at the start event.
    describe('when start instructions are given, then INVALID_ARGUMENT says they are not supported and no instance is created', () => {
      const rows: Array<[rpc: string, call: () => Promise<unknown>]> = [
        [
          'CreateProcessInstance',
          () => t.client.createProcessInstance({ bpmnProcessId: 'create-skip', variables: {}, startInstructions: [{ elementId: 'second' }] }),
        ],
        [
          'CreateProcessInstanceWithResult',
          () =>
            raw.call('CreateProcessInstanceWithResult', {
              request: { bpmnProcessId: 'create-skip', version: -1, variables: '{}', startInstructions: [{ elementId: 'second' }] },
              requestTimeout: 1_000,
            }),
        ],
      ];
      for (const [rpc, call] of rows) {
        it(`when ${rpc} carries a start instruction, then INVALID_ARGUMENT names start instructions`, async () => {
          const before = await creationCount();

          const details = await expectGrpcError(call, Code.INVALID_ARGUMENT);

          expect(details).to.match(/start instructions/);
          expect(await creationCount()).to.equal(before);
          const jobs = await readRecords(t.db, { valueType: 'JOB', intent: 'CREATED' });
          expect(jobs.filter((job) => job.value.bpmnProcessId === 'create-skip')).to.deep.equal([]);
        });
      }
    });

    it("when the process id is unknown, then NOT_FOUND says 'Expected to find process definition with process ID ..., but none found'", async () => {
      const details = await expectGrpcError(t.client.createProcessInstance({ bpmnProcessId: 'create-nobody', variables: {} }), Code.NOT_FOUND);

      expect(details).to.contain("Expected to find process definition with process ID 'create-nobody', but none found");
      const rejections = await readRecords(t.db, { recordType: 'COMMAND_REJECTION', valueType: 'PROCESS_INSTANCE_CREATION' });
      expect(rejections.some((r) => r.value.bpmnProcessId === 'create-nobody' && r.rejectionType === 'NOT_FOUND')).to.equal(true);
    });

    it('when the version is unknown, then NOT_FOUND names the process id and the version', async () => {
      const details = await expectGrpcError(
        t.client.createProcessInstance({ bpmnProcessId: 'create-versions', version: 7, variables: {} }),
        Code.NOT_FOUND,
      );

      expect(details).to.contain("Expected to find process definition with process ID 'create-versions' and version '7', but none found");
    });

    it('when the process definition key is unknown (raw client), then NOT_FOUND names the key', async () => {
      const details = await expectGrpcError(
        raw.call('CreateProcessInstance', { processDefinitionKey: '2251799813999999', version: -1, variables: '{}' }),
        Code.NOT_FOUND,
      );

      expect(details).to.contain("'2251799813999999'");
    });

    describe('when the variables document is not a JSON object, then INVALID_ARGUMENT and no instance is created', () => {
      const rows: Array<[label: string, document: string, detail: RegExp]> = [
        ['an array', '[1, 2]', /root level object/],
        ['a string', '"text"', /root level object/],
        ['a number', '42', /root level object/],
        ['null', 'null', /root level object/],
        ['not JSON at all', '{amount: 1', /Invalid JSON/i],
      ];
      for (const [label, document, detail] of rows) {
        it(`when the document is ${label}, then INVALID_ARGUMENT says what is wrong`, async () => {
          const before = await creationCount();

          const details = await expectGrpcError(
            raw.call('CreateProcessInstance', { bpmnProcessId: 'create-plain', version: -1, variables: document }),
            Code.INVALID_ARGUMENT,
          );

          expect(details).to.match(/variables/);
          expect(details).to.match(detail);
          expect(await creationCount()).to.equal(before);
        });
      }
    });
  });

  describe('CreateProcessInstanceWithResult', () => {
    it('when the instance runs to its end, then the answer carries all its variables', async () => {
      const result = await t.client.createProcessInstanceWithResult({ bpmnProcessId: 'create-plain', variables: { a: 1, b: 'two' } });

      expect(result).to.include({ bpmnProcessId: 'create-plain', version: 1 });
      expect(result.processInstanceKey).to.match(/^\d+$/);
      expect(result.variables).to.deep.equal({ a: 1, b: 'two' });
    });

    it('when fetchVariables names some variables, then only those come back', async () => {
      const result = await t.client.createProcessInstanceWithResult({
        bpmnProcessId: 'create-plain',
        variables: { a: 1, b: 'two', c: true },
        fetchVariables: ['a', 'c', 'missing'],
      });

      expect(result.variables).to.deep.equal({ a: 1, c: true });
    });

    it('when a worker completes the waiting task before the timeout, then the answer carries the variables the worker added', async () => {
      const pending = t.client.createProcessInstanceWithResult({ bpmnProcessId: 'create-waits', variables: { a: 1 }, requestTimeout: 10_000 });
      const [job] = await t.client.activateJobs({ type: 'create-waits-work', worker: 'w', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: 5_000 });

      await t.client.completeJob({ jobKey: job.key, variables: { b: 2 } });

      expect((await pending).variables).to.deep.equal({ a: 1, b: 2 });
    });

    it('when a service task waits past the requestTimeout, then DEADLINE_EXCEEDED is answered but the instance lives on', async () => {
      const before = await creationCount();

      const details = await expectGrpcError(
        t.client.createProcessInstanceWithResult({ bpmnProcessId: 'create-waits', variables: {}, requestTimeout: 300 }),
        Code.DEADLINE_EXCEEDED,
      );

      expect(details).to.match(/timed out/i);
      const created = (await readRecords(t.db, { valueType: 'PROCESS_INSTANCE_CREATION', recordType: 'EVENT' })).slice(before);
      expect(created).to.have.length(1);
      const instanceKey = created[0].key;
      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'CREATED', processInstanceKey: instanceKey })).to.have.length(1);
      // Cancelling succeeds only for a live instance: the caller's time-out did not end it.
      await t.client.cancelProcessInstance(instanceKey);
    });

    it('when the instance is cancelled while the caller waits, then the caller gets an error rather than waiting for the timeout', async () => {
      const before = await creationCount();
      const pending = t.client.createProcessInstanceWithResult({ bpmnProcessId: 'create-waits', variables: {}, requestTimeout: 10_000 });
      pending.catch(() => undefined);
      await waitFor(async () => (await creationCount()) > before);
      const [created] = (await readRecords(t.db, { valueType: 'PROCESS_INSTANCE_CREATION', recordType: 'EVENT' })).slice(before);

      await t.client.cancelProcessInstance(created.key);

      const startedAt = Date.now();
      const details = await expectGrpcError(pending, Code.FAILED_PRECONDITION);
      expect(Date.now() - startedAt).to.be.below(5_000);
      expect(details).to.contain(created.key);
      expect(details).to.match(/terminated/);
    });

    it('when the process id is unknown, then NOT_FOUND is answered at once', async () => {
      const details = await expectGrpcError(
        t.client.createProcessInstanceWithResult({ bpmnProcessId: 'create-nobody-with-result', variables: {}, requestTimeout: 5_000 }),
        Code.NOT_FOUND,
      );

      expect(details).to.contain("Expected to find process definition with process ID 'create-nobody-with-result', but none found");
    });

    it('when the variables document is not an object (raw client), then INVALID_ARGUMENT', async () => {
      await expectGrpcError(
        raw.call('CreateProcessInstanceWithResult', { request: { bpmnProcessId: 'create-plain', version: -1, variables: '[]' }, requestTimeout: 1000 }),
        Code.INVALID_ARGUMENT,
      );
    });
  });
});
