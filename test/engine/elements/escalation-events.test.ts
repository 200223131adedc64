import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, definitions, end, flow, process, serviceTask, start, subProcess } from '../../helpers/bpmn';
import { activateJob, deployProcess, rejectionOf, runInstance, startInstance } from '../../helpers/zeebe';
import { elementPath, isCompleted } from '../../helpers/log';
import { readRecords } from '../../helpers/records';

const escalationDef = (code: string) => `<bpmn:escalation id="esc_${code}" escalationCode="${code}" />`;
const escalationThrow = (id: string, code: string) =>
  `<bpmn:intermediateThrowEvent id="${id}"><bpmn:escalationEventDefinition escalationRef="esc_${code}" /></bpmn:intermediateThrowEvent>`;
const escalationEnd = (id: string, code: string) => `<bpmn:endEvent id="${id}"><bpmn:escalationEventDefinition escalationRef="esc_${code}" /></bpmn:endEvent>`;
const escalationBoundary = (id: string, attachedTo: string, code: string, interrupting: boolean) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${interrupting}"><bpmn:escalationEventDefinition escalationRef="esc_${code}" /></bpmn:boundaryEvent>`;

describe('escalation events', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });

  after(() => t.stop());

  it('when a sub-process throws an escalation caught by a non-interrupting boundary, then both paths go on', async () => {
    const inner = [start('s_start'), escalationThrow('raise', 'LATE'), serviceTask('finish', 'esc-finish'), end('s_end'), ...chain('s_start', 'raise', 'finish', 's_end')];
    const xml = definitions(
      escalationDef('LATE'),
      process('esc-soft', start(), subProcess('work', inner), end(), escalationBoundary('noticed', 'work', 'LATE', false), end('told_boss'), ...chain('start', 'work', 'end'), flow('noticed', 'told_boss')),
    );
    await deployProcess(t.client, 'esc-soft', xml);
    const running = runInstance(t.client, 'esc-soft', {});
    const job = await activateJob(t.client, 'esc-finish');
    await t.client.completeJob({ jobKey: job.key, variables: {} });
    const { processInstanceKey } = await running;
    expect(await elementPath(t.db, processInstanceKey)).to.include.members(['noticed', 'told_boss', 'finish', 'end']);
    const escalated = (await readRecords(t.db, { valueType: 'ESCALATION', intent: 'ESCALATED' })).filter((r) => r.value.processInstanceKey === processInstanceKey);
    expect(escalated.map((r) => r.value.catchElementId)).to.deep.equal(['noticed']);
  });

  it('when an escalation end event is caught by an interrupting boundary, then the sub-process ends and the boundary path is taken', async () => {
    const inner = [start('s_start'), escalationEnd('give_up', 'STUCK'), flow('s_start', 'give_up')];
    const xml = definitions(
      escalationDef('STUCK'),
      process('esc-hard', start(), subProcess('work', inner), end(), escalationBoundary('stuck', 'work', 'STUCK', true), end('escalated'), ...chain('start', 'work', 'end'), flow('stuck', 'escalated')),
    );
    await deployProcess(t.client, 'esc-hard', xml);
    const { processInstanceKey } = await runInstance(t.client, 'esc-hard', {});
    const path = await elementPath(t.db, processInstanceKey);
    expect(path).to.include('escalated');
    expect(path).not.to.include('end');
  });

  it('when nothing catches an escalation, then the instance simply goes on (no incident) and NOT_ESCALATED is recorded', async () => {
    const xml = definitions(escalationDef('NOBODY'), process('esc-none', start(), escalationThrow('raise', 'NOBODY'), end(), ...chain('start', 'raise', 'end')));
    await deployProcess(t.client, 'esc-none', xml);
    const key = await startInstance(t.client, 'esc-none');
    await t.embedded.engine.whenIdle();
    expect(await isCompleted(t.db, key)).to.equal(true);
    expect((await readRecords(t.db, { valueType: 'INCIDENT' })).filter((r) => r.value.processInstanceKey === key)).to.deep.equal([]);
    expect((await readRecords(t.db, { valueType: 'ESCALATION', intent: 'NOT_ESCALATED' })).some((r) => r.value.processInstanceKey === key)).to.equal(true);
  });

  it('when a thrown escalation references no escalation code, then the deployment is refused naming the event', async () => {
    const xml = bpmnXml('esc-codeless', start(), `<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition /></bpmn:intermediateThrowEvent>`, end(), ...chain('start', 'raise', 'end'));
    const rejection = await rejectionOf(t.client.deployResource({ process: Buffer.from(xml), name: 'esc-codeless.bpmn' }));
    expect(rejection.code).to.equal(3);
    expect(rejection.message).to.include("'raise'");
  });
});
