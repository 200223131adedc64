import { expect } from 'chai';
import { newClient, startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, definitions, end, flow, process as bpmnProcess, serviceTask, start } from '../../helpers/bpmn';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { openRawGateway, type RawGateway } from '../../helpers/raw-gateway';
import { readRecords } from '../../helpers/records';

/** A minimal valid process: start → service task → end. */
function simpleProcess(id: string, jobType = 'work'): string {
  return bpmnXml(id, start(), serviceTask('task', jobType), end(), ...chain('start', 'task', 'end'));
}

const BILLION_LAUGHS = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<bpmn:definitions id="defs" xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="http://example.com/test">
  <bpmn:process id="deploy-laughs" name="&lol9;" isExecutable="true"><bpmn:startEvent id="start" /></bpmn:process>
</bpmn:definitions>`;

const EXTERNAL_ENTITY = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<bpmn:definitions id="defs" xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="http://example.com/test">
  <bpmn:process id="deploy-xxe" name="&xxe;" isExecutable="true"><bpmn:startEvent id="start" /></bpmn:process>
</bpmn:definitions>`;

/** A valid process padded past 4 MB with a comment, so that only its size is wrong. */
function oversizeProcess(id: string): string {
  const xml = simpleProcess(id);
  return xml.replace('<bpmn:definitions', `<!-- ${'x'.repeat(4 * 1024 * 1024)} -->\n<bpmn:definitions`);
}

/** Conditional events are not supported (Zeebe 8.3 has none either), so a diagram holding one is refused. */
const CONDITIONAL_CATCH = `<bpmn:intermediateCatchEvent id="wait"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>`;

/** Complex gateways are not supported (Zeebe has none either), so a diagram holding one is refused. */
const COMPLEX_GATEWAY = `<bpmn:complexGateway id="each" />`;

const TYPELESS_SERVICE_TASK = `<bpmn:serviceTask id="untyped" />`;

interface RejectedDeployment {
  when: string;
  processId: string;
  name: string;
  content: () => Buffer;
  /** Patterns the error details must match: they name the problem. */
  details: RegExp[];
  /** Texts the details must not contain. */
  notInDetails?: string[];
}

describe('gateway: DeployResource and DeployProcess', () => {
  let t: TestEngine;
  let raw: RawGateway;
  before(async () => {
    t = await startTestEngine();
    raw = openRawGateway(t.embedded.address);
  });
  after(async () => {
    raw.close();
    await t.stop();
  });

  const processRecordsOf = async (bpmnProcessId: string) =>
    (await readRecords(t.db, { valueType: 'PROCESS', intent: 'CREATED' })).filter((r) => r.value.bpmnProcessId === bpmnProcessId);

  describe('DeployResource with a process', () => {
    it('when a valid BPMN resource is deployed, then the answer names the process at version 1 and a PROCESS CREATED record is written', async () => {
      const response = await t.client.deployResource({ process: Buffer.from(simpleProcess('deploy-first')), name: 'deploy-first.bpmn' });

      expect(response.key).to.match(/^\d+$/);
      expect(response.deployments).to.have.length(1);
      const deployed = (response.deployments[0] as any).process;
      expect(deployed).to.include({ bpmnProcessId: 'deploy-first', version: 1, resourceName: 'deploy-first.bpmn' });
      expect(deployed.processDefinitionKey).to.match(/^\d+$/);
      const records = await processRecordsOf('deploy-first');
      expect(records).to.have.length(1);
      expect(records[0].key).to.equal(deployed.processDefinitionKey);
      expect(records[0].value).to.include({ version: 1, resourceName: 'deploy-first.bpmn' });
    });

    it('when the same resource is deployed again unchanged, then the version and key stay and no new PROCESS record is written', async () => {
      const xml = Buffer.from(simpleProcess('deploy-same'));
      const first = (await t.client.deployResource({ process: xml, name: 'deploy-same.bpmn' })).deployments[0] as any;

      const second = (await t.client.deployResource({ process: xml, name: 'deploy-same.bpmn' })).deployments[0] as any;

      expect(second.process.version).to.equal(1);
      expect(second.process.processDefinitionKey).to.equal(first.process.processDefinitionKey);
      expect(await processRecordsOf('deploy-same')).to.have.length(1);
    });

    it('when a changed resource is deployed under the same process id, then it becomes version 2 with a new key', async () => {
      const first = (await t.client.deployResource({ process: Buffer.from(simpleProcess('deploy-changed', 'a')), name: 'deploy-changed.bpmn' }))
        .deployments[0] as any;

      const second = (await t.client.deployResource({ process: Buffer.from(simpleProcess('deploy-changed', 'b')), name: 'deploy-changed.bpmn' }))
        .deployments[0] as any;

      expect(second.process.version).to.equal(first.process.version + 1);
      expect(second.process.processDefinitionKey).to.not.equal(first.process.processDefinitionKey);
      expect((await processRecordsOf('deploy-changed')).map((r) => r.value.version)).to.deep.equal([1, 2]);
    });

    it('when the same content is deployed under another resource name, then it becomes a new version', async () => {
      const xml = Buffer.from(simpleProcess('deploy-renamed'));
      await t.client.deployResource({ process: xml, name: 'deploy-renamed.bpmn' });

      const renamed = (await t.client.deployResource({ process: xml, name: 'deploy-renamed-2.bpmn' })).deployments[0] as any;

      expect(renamed.process).to.include({ version: 2, resourceName: 'deploy-renamed-2.bpmn' });
    });

    it('when a resource holds two executable processes, then both are deployed', async () => {
      // Ids are unique across the whole document, so each process names its events apart.
      const xml = definitions(
        bpmnProcess('deploy-pair-a', start('a-start'), end('a-end'), flow('a-start', 'a-end')),
        bpmnProcess('deploy-pair-b', start('b-start'), end('b-end'), flow('b-start', 'b-end')),
      );

      const response = await t.client.deployResource({ process: Buffer.from(xml), name: 'deploy-pair.bpmn' });

      const ids = response.deployments.map((d: any) => d.process.bpmnProcessId).sort();
      expect(ids).to.deep.equal(['deploy-pair-a', 'deploy-pair-b']);
    });
  });

  describe('DeployResource with a form', () => {
    const form = (id: string, label = 'Name') =>
      Buffer.from(JSON.stringify({ id, type: 'default', components: [{ key: 'name', label, type: 'textfield' }] }));

    it('when a .form with an id is deployed, then the answer names the form at version 1 and a FORM CREATED record is written', async () => {
      const response = await t.client.deployResource({ form: form('deploy-form'), name: 'deploy-form.form' });

      expect(response.deployments).to.have.length(1);
      const deployed = (response.deployments[0] as any).form;
      expect(deployed).to.include({ formId: 'deploy-form', version: 1, resourceName: 'deploy-form.form' });
      expect(deployed.formKey).to.match(/^\d+$/);
      const records = (await readRecords(t.db, { valueType: 'FORM', intent: 'CREATED' })).filter((r) => r.value.formId === 'deploy-form');
      expect(records.map((r) => r.key)).to.deep.equal([deployed.formKey]);
    });

    it('when a form is deployed again unchanged, then it keeps its version and key; changed, then it becomes version 2', async () => {
      const first = (await t.client.deployResource({ form: form('deploy-form-v'), name: 'v.form' })).deployments[0] as any;

      const same = (await t.client.deployResource({ form: form('deploy-form-v'), name: 'v.form' })).deployments[0] as any;
      const changed = (await t.client.deployResource({ form: form('deploy-form-v', 'Full name'), name: 'v.form' })).deployments[0] as any;

      expect(same.form).to.include({ version: 1, formKey: first.form.formKey });
      expect(changed.form.version).to.equal(2);
      expect(changed.form.formKey).to.not.equal(first.form.formKey);
    });
  });

  describe('DeployProcess (the deprecated RPC)', () => {
    it('when a process is deployed with zbc.deployProcess, then it answers the process metadata and the process can be started', async () => {
      const response = await t.client.deployProcess({ definition: Buffer.from(simpleProcess('deploy-legacy')), name: 'deploy-legacy.bpmn' });

      expect(response.key).to.match(/^\d+$/);
      expect(response.processes).to.have.length(1);
      expect(response.processes[0]).to.include({ bpmnProcessId: 'deploy-legacy', version: 1, resourceName: 'deploy-legacy.bpmn' });
      const instance = await t.client.createProcessInstance({ bpmnProcessId: 'deploy-legacy', variables: {} });
      expect(instance.processDefinitionKey).to.equal(response.processes[0].processDefinitionKey);
    });

    it('when an unchanged process is deployed again with DeployProcess, then version and key stay', async () => {
      const definition = Buffer.from(simpleProcess('deploy-legacy-same'));
      const first = await t.client.deployProcess({ definition, name: 'deploy-legacy-same.bpmn' });

      const second = await t.client.deployProcess({ definition, name: 'deploy-legacy-same.bpmn' });

      expect(second.processes[0]).to.include({ version: 1, processDefinitionKey: first.processes[0].processDefinitionKey });
    });

    it('when DeployProcess is given an invalid process, then it is refused with INVALID_ARGUMENT and nothing is deployed', async () => {
      const definition = Buffer.from(bpmnXml('deploy-legacy-bad', start(), TYPELESS_SERVICE_TASK, end(), ...chain('start', 'untyped', 'end')));

      const details = await expectGrpcError(t.client.deployProcess({ definition, name: 'deploy-legacy-bad.bpmn' }), Code.INVALID_ARGUMENT);

      expect(details).to.contain('untyped');
      expect(await processRecordsOf('deploy-legacy-bad')).to.have.length(0);
    });
  });

  describe('when a deployment is invalid, then it is refused with INVALID_ARGUMENT naming the problem, and nothing is deployed', () => {
    const rows: RejectedDeployment[] = [
      {
        when: 'the XML is malformed',
        processId: 'deploy-malformed',
        name: 'deploy-malformed.bpmn',
        content: () => Buffer.from(simpleProcess('deploy-malformed').replace('</bpmn:process>', '')),
        details: [/well-formed/i, /deploy-malformed\.bpmn/],
      },
      {
        when: 'two elements share an id',
        processId: 'deploy-duplicate-id',
        name: 'deploy-duplicate-id.bpmn',
        content: () => Buffer.from(simpleProcess('deploy-duplicate-id').replace('id="task"', 'id="start"')),
        details: [/duplicate ID <start>/],
      },
      {
        when: 'the XML has a DOCTYPE with the billion-laughs entities',
        processId: 'deploy-laughs',
        name: 'deploy-laughs.bpmn',
        content: () => Buffer.from(BILLION_LAUGHS),
        details: [/DOCTYPE/],
        notInDetails: ['lollol'],
      },
      {
        when: 'the XML declares an external entity',
        processId: 'deploy-xxe',
        name: 'deploy-xxe.bpmn',
        content: () => Buffer.from(EXTERNAL_ENTITY),
        details: [/DOCTYPE/],
        notInDetails: ['root:'],
      },
      {
        when: 'the resource is over 4 MB',
        processId: 'deploy-oversize',
        name: 'deploy-oversize.bpmn',
        content: () => Buffer.from(oversizeProcess('deploy-oversize')),
        details: [/4194304 bytes/, /deploy-oversize\.bpmn/],
      },
      {
        when: 'no process is executable',
        processId: 'deploy-not-executable',
        name: 'deploy-not-executable.bpmn',
        content: () => Buffer.from(simpleProcess('deploy-not-executable').replace('isExecutable="true"', 'isExecutable="false"')),
        details: [/executable process/i],
      },
      {
        when: 'a service task has no job type',
        processId: 'deploy-typeless',
        name: 'deploy-typeless.bpmn',
        content: () => Buffer.from(bpmnXml('deploy-typeless', start(), TYPELESS_SERVICE_TASK, end(), ...chain('start', 'untyped', 'end'))),
        details: [/'untyped'/, /taskDefinition/, /type/],
      },
      {
        when: 'it holds a conditional intermediate catch event',
        processId: 'deploy-conditional',
        name: 'deploy-conditional.bpmn',
        content: () => Buffer.from(bpmnXml('deploy-conditional', start(), CONDITIONAL_CATCH, end(), ...chain('start', 'wait', 'end'))),
        details: [/'wait'/, /not supported/],
      },
      {
        when: 'it holds a complex gateway',
        processId: 'deploy-complex-gateway',
        name: 'deploy-complex-gateway.bpmn',
        content: () => Buffer.from(bpmnXml('deploy-complex-gateway', start(), COMPLEX_GATEWAY, end(), ...chain('start', 'each', 'end'))),
        details: [/'each'/, /ComplexGateway is not supported/],
      },
    ];

    for (const row of rows) {
      it(`when ${row.when}, then INVALID_ARGUMENT names it and the process '${row.processId}' does not exist`, async () => {
        const details = await expectGrpcError(
          t.client.deployResource({ process: row.content(), name: row.name }),
          Code.INVALID_ARGUMENT,
        );

        for (const pattern of row.details) expect(details).to.match(pattern);
        for (const text of row.notInDetails ?? []) expect(details).to.not.contain(text);
        expect(details.length, 'details stay short: nothing was expanded into them').to.be.below(2000);
        const notFound = await expectGrpcError(
          t.client.createProcessInstance({ bpmnProcessId: row.processId, variables: {} }),
          Code.NOT_FOUND,
        );
        expect(notFound).to.contain(`'${row.processId}'`);
        expect(await processRecordsOf(row.processId)).to.have.length(0);
        const rejections = await readRecords(t.db, { recordType: 'COMMAND_REJECTION', valueType: 'DEPLOYMENT' });
        expect(rejections.some((r) => r.rejectionType === 'INVALID_ARGUMENT' && r.value.resources?.[0]?.resourceName === row.name)).to.equal(true);
      });
    }

    it('when a form has no id, then INVALID_ARGUMENT says so and no FORM record is written', async () => {
      const before = await readRecords(t.db, { valueType: 'FORM' });

      const details = await expectGrpcError(
        t.client.deployResource({ form: Buffer.from(JSON.stringify({ type: 'default', components: [] })), name: 'no-id.form' }),
        Code.INVALID_ARGUMENT,
      );

      expect(details).to.contain('no-id.form');
      expect(details).to.match(/'id'/);
      expect(await readRecords(t.db, { valueType: 'FORM' })).to.have.length(before.length);
    });

    it('when one of two resources in a deployment is invalid, then the valid one is not deployed either', async () => {
      const good = { name: 'deploy-half-good.bpmn', content: Buffer.from(simpleProcess('deploy-half-good')) };
      const bad = {
        name: 'deploy-half-bad.bpmn',
        content: Buffer.from(bpmnXml('deploy-half-bad', start(), CONDITIONAL_CATCH, end(), ...chain('start', 'wait', 'end'))),
      };

      const details = await expectGrpcError(raw.call('DeployResource', { resources: [good, bad] }), Code.INVALID_ARGUMENT);

      expect(details).to.contain('deploy-half-bad.bpmn');
      expect(details).to.not.contain('deploy-half-good.bpmn');
      await expectGrpcError(t.client.createProcessInstance({ bpmnProcessId: 'deploy-half-good', variables: {} }), Code.NOT_FOUND);
      expect(await processRecordsOf('deploy-half-good')).to.have.length(0);
    });

    it('when two resources of one deployment declare the same process id, then INVALID_ARGUMENT names both', async () => {
      const resources = ['deploy-twin-1.bpmn', 'deploy-twin-2.bpmn'].map((name, i) => ({ name, content: Buffer.from(simpleProcess('deploy-twin', `t${i}`)) }));

      const details = await expectGrpcError(raw.call('DeployResource', { resources }), Code.INVALID_ARGUMENT);

      expect(details).to.contain('deploy-twin-1.bpmn');
      expect(details).to.contain('deploy-twin-2.bpmn');
      expect(await processRecordsOf('deploy-twin')).to.have.length(0);
    });

    it('when a deployment has no resources, then INVALID_ARGUMENT says none were given', async () => {
      const details = await expectGrpcError(raw.call('DeployResource', { resources: [] }), Code.INVALID_ARGUMENT);

      expect(details).to.match(/at least one resource/);
    });
  });

  // Last in the file: t.client is left on a channel whose server went away (see the comment inside).
  describe('after a restart', () => {
    it('when the engine restarts, then an unchanged redeploy still keeps version and key, and the process still starts', async () => {
      const xml = Buffer.from(simpleProcess('deploy-durable'));
      const before = (await t.client.deployResource({ process: xml, name: 'deploy-durable.bpmn' })).deployments[0] as any;

      await t.restart();

      // A fresh client: zeebe-node 8.3.2 stalls its first call for ~30 s on a channel whose server went away.
      const client = newClient(t.embedded.address);
      try {
        const after = (await client.deployResource({ process: xml, name: 'deploy-durable.bpmn' })).deployments[0] as any;
        expect(after.process).to.include({ version: 1, processDefinitionKey: before.process.processDefinitionKey });
        const instance = await client.createProcessInstance({ bpmnProcessId: 'deploy-durable', variables: {} });
        expect(instance.processDefinitionKey).to.equal(before.process.processDefinitionKey);
      } finally {
        await client.close();
      }
    });
  });
});
