import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, flow, manualTask, start } from '../../helpers/bpmn';
import { activateJob, deployProcess, rejectionOf, runInstance, startInstance } from '../../helpers/zeebe';
import { elementPath, incidentsOf, isCompleted } from '../../helpers/log';

const condition = (body: string) =>
  `<bpmn:conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression">${body}</bpmn:conditionExpression>`;
const conditionalFlow = (id: string, source: string, target: string, body: string) =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}">${condition(body)}</bpmn:sequenceFlow>`;

const linkThrow = (id: string, name: string) => `<bpmn:intermediateThrowEvent id="${id}"><bpmn:linkEventDefinition name="${name}" /></bpmn:intermediateThrowEvent>`;
const linkCatch = (id: string, name: string) => `<bpmn:intermediateCatchEvent id="${id}"><bpmn:linkEventDefinition name="${name}" /></bpmn:intermediateCatchEvent>`;
const jobDefinition = (type: string) => `<bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>`;

describe('inclusive gateways, link events and message throw events', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    const inclusive = bpmnXml(
      'inclusive',
      start(),
      `<bpmn:inclusiveGateway id="split" default="to_none" />`,
      manualTask('notify_finance'),
      manualTask('notify_drc'),
      manualTask('nobody'),
      end('end_finance'),
      end('end_drc'),
      end('end_none'),
      flow('start', 'split'),
      conditionalFlow('to_finance', 'split', 'notify_finance', '=amount > 100'),
      conditionalFlow('to_drc', 'split', 'notify_drc', '=amount > 1000'),
      flow('split', 'nobody', undefined, 'to_none'),
      ...chain('notify_finance', 'end_finance'),
      ...chain('notify_drc', 'end_drc'),
      ...chain('nobody', 'end_none'),
    );
    await deployProcess(t.client, 'inclusive', inclusive);
  });

  after(() => t.stop());

  const cases: Array<[number, string[]]> = [
    [5000, ['notify_drc', 'notify_finance']],
    [500, ['notify_finance']],
    [5, ['nobody']],
  ];
  for (const [amount, expected] of cases) {
    it(`when amount is ${amount}, then the inclusive gateway takes exactly ${expected.join(' and ')}`, async () => {
      const { processInstanceKey } = await runInstance(t.client, 'inclusive', { amount });
      const path = await elementPath(t.db, processInstanceKey);
      const notified = path.filter((id) => id.startsWith('notify_') || id === 'nobody').sort();
      expect(notified).to.deep.equal(expected);
    });
  }

  it('when no condition holds and there is no default flow, then a CONDITION_ERROR incident is raised', async () => {
    const xml = bpmnXml(
      'inclusive-no-default',
      start(),
      `<bpmn:inclusiveGateway id="split" />`,
      end('a'),
      end('b'),
      flow('start', 'split'),
      conditionalFlow('to_a', 'split', 'a', '=x = 1'),
      conditionalFlow('to_b', 'split', 'b', '=x = 2'),
    );
    await deployProcess(t.client, 'inclusive-no-default', xml);
    const key = await startInstance(t.client, 'inclusive-no-default', { x: 3 });
    const [incident] = await incidentsOf(t.db, key);
    expect(incident.errorType).to.equal('CONDITION_ERROR');
  });

  it('when an inclusive gateway joins flows, then the deployment is refused (Zeebe 8.3 only splits)', async () => {
    const xml = bpmnXml('inclusive-join', start(), manualTask('a'), `<bpmn:inclusiveGateway id="join" />`, end(), ...chain('start', 'a'), flow('start', 'join', undefined, 'direct'), flow('a', 'join'), flow('join', 'end'));
    const rejection = await rejectionOf(t.client.deployResource({ process: Buffer.from(xml), name: 'inclusive-join.bpmn' }));
    expect(rejection.code).to.equal(3);
    expect(rejection.message).to.include("'join'");
  });

  it('when a link throw event is reached, then the instance continues at the link catch event of that name', async () => {
    const xml = bpmnXml('links', start(), linkThrow('go_on', 'next-page'), linkCatch('arrive', 'next-page'), manualTask('after_link'), end(), flow('start', 'go_on'), ...chain('arrive', 'after_link', 'end'));
    await deployProcess(t.client, 'links', xml);
    const { processInstanceKey } = await runInstance(t.client, 'links', {});
    expect(await elementPath(t.db, processInstanceKey)).to.include.members(['go_on', 'arrive', 'after_link', 'end']);
  });

  it('when a link throw event has no catch event of its name, then the deployment is refused naming it', async () => {
    const xml = bpmnXml('broken-link', start(), linkThrow('nowhere', 'missing'), flow('start', 'nowhere'));
    const rejection = await rejectionOf(t.client.deployResource({ process: Buffer.from(xml), name: 'broken-link.bpmn' }));
    expect(rejection.code).to.equal(3);
    expect(rejection.message).to.include("'nowhere'");
  });

  it('when a message throw event or message end event is reached, then it waits for a job of its type', async () => {
    const xml = bpmnXml(
      'message-throw',
      start(),
      `<bpmn:intermediateThrowEvent id="tell">${jobDefinition('publish-notice')}<bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>`,
      `<bpmn:endEvent id="reply">${jobDefinition('publish-reply')}<bpmn:messageEventDefinition /></bpmn:endEvent>`,
      ...chain('start', 'tell', 'reply'),
    );
    await deployProcess(t.client, 'message-throw', xml);
    const key = await startInstance(t.client, 'message-throw', {});
    const notice = await activateJob(t.client, 'publish-notice');
    expect(notice.elementId).to.equal('tell');
    await t.client.completeJob({ jobKey: notice.key, variables: {} });
    const reply = await activateJob(t.client, 'publish-reply');
    expect(reply.elementId).to.equal('reply');
    expect(await isCompleted(t.db, key)).to.equal(false);
    await t.client.completeJob({ jobKey: reply.key, variables: {} });
    await t.embedded.engine.whenIdle();
    expect(await isCompleted(t.db, key)).to.equal(true);
  });

  it('when a message end event has no job type, then the deployment is refused naming it', async () => {
    const xml = bpmnXml('message-end-untyped', start(), `<bpmn:endEvent id="reply"><bpmn:messageEventDefinition /></bpmn:endEvent>`, flow('start', 'reply'));
    const rejection = await rejectionOf(t.client.deployResource({ process: Buffer.from(xml), name: 'message-end-untyped.bpmn' }));
    expect(rejection.code).to.equal(3);
    expect(rejection.message).to.include("'reply'");
  });
});
