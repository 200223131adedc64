import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, definitions, end, flow, process, serviceTask, start } from '../../helpers/bpmn';
import { activateJob, deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';
import { elementPath, isCompleted } from '../../helpers/log';
import { readRecords } from '../../helpers/records';

const signalDef = (name: string) => `<bpmn:signal id="sig_${name}" name="${name}" />`;
const signalEvent = (tag: string, id: string, name: string, attrs = '') =>
  `<bpmn:${tag} id="${id}"${attrs}><bpmn:signalEventDefinition signalRef="sig_${name}" /></bpmn:${tag}>`;

describe('signal events', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });

  after(() => t.stop());

  it('when a signal is broadcast, then every waiting catch event and every signal start event is triggered, with the variables', async () => {
    const waiting = definitions(
      signalDef('budget-approved'),
      process('sig-waiter', start(), signalEvent('intermediateCatchEvent', 'wait', 'budget-approved'), end(), ...chain('start', 'wait', 'end')),
    );
    const starter = definitions(signalDef('budget-approved'), process('sig-starter', signalEvent('startEvent', 'on_signal', 'budget-approved'), end('done'), flow('on_signal', 'done')));
    await deployProcess(t.client, 'sig-waiter', waiting);
    await deployProcess(t.client, 'sig-starter', starter);
    const first = await startInstance(t.client, 'sig-waiter');
    const second = await startInstance(t.client, 'sig-waiter');
    const response = await t.client.broadcastSignal({ signalName: 'budget-approved', variables: { year: 2027 } });
    expect(String(response.key)).to.match(/^\d+$/);
    await t.embedded.engine.whenIdle();
    expect(await isCompleted(t.db, first)).to.equal(true);
    expect(await isCompleted(t.db, second)).to.equal(true);
    const started = (await readRecords(t.db, { valueType: 'PROCESS_INSTANCE_CREATION', intent: 'CREATED' })).filter((r) => r.value.bpmnProcessId === 'sig-starter');
    expect(started).to.have.length(1);
    expect(started[0].value.variables).to.deep.equal({ year: 2027 });
  });

  it('when nothing waits for a signal, then it is not kept for a later subscriber', async () => {
    const xml = definitions(signalDef('late'), process('sig-late', start(), signalEvent('intermediateCatchEvent', 'wait', 'late'), end(), ...chain('start', 'wait', 'end')));
    await deployProcess(t.client, 'sig-late', xml);
    await t.client.broadcastSignal({ signalName: 'late', variables: {} });
    const key = await startInstance(t.client, 'sig-late');
    await t.embedded.engine.whenIdle();
    expect(await isCompleted(t.db, key)).to.equal(false);
  });

  it('when a signal reaches an interrupting boundary event, then the task is terminated and the boundary path taken', async () => {
    const xml = definitions(
      signalDef('halt'),
      process(
        'sig-boundary',
        start(),
        serviceTask('work', 'sig-work'),
        end(),
        signalEvent('boundaryEvent', 'halted', 'halt', ' attachedToRef="work"'),
        end('stopped'),
        ...chain('start', 'work', 'end'),
        flow('halted', 'stopped'),
      ),
    );
    await deployProcess(t.client, 'sig-boundary', xml);
    const key = await startInstance(t.client, 'sig-boundary');
    const job = await activateJob(t.client, 'sig-work');
    await t.client.broadcastSignal({ signalName: 'halt', variables: {} });
    await t.embedded.engine.whenIdle();
    expect(await elementPath(t.db, key)).to.include('stopped');
    expect((await rejectionOf(t.client.completeJob({ jobKey: job.key, variables: {} }))).code).to.equal(5);
  });

  it('when a signal throw event is reached, then the signal is broadcast to other instances', async () => {
    const xml = definitions(
      signalDef('plan-closed'),
      process('sig-listener', start(), signalEvent('intermediateCatchEvent', 'wait', 'plan-closed'), end(), ...chain('start', 'wait', 'end')),
      process('sig-thrower', start('t_start'), signalEvent('intermediateThrowEvent', 'announce', 'plan-closed'), end('t_end'), ...chain('t_start', 'announce', 't_end')),
    );
    await deployProcess(t.client, 'sig-throw', xml);
    const listener = await startInstance(t.client, 'sig-listener');
    await startInstance(t.client, 'sig-thrower');
    await t.embedded.engine.whenIdle();
    expect(await isCompleted(t.db, listener)).to.equal(true);
  });

  it('when a signal event references no named signal, then the deployment is refused naming it', async () => {
    const xml = bpmnXml('sig-unnamed', start(), `<bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>`, end(), ...chain('start', 'wait', 'end'));
    const rejection = await rejectionOf(t.client.deployResource({ process: Buffer.from(xml), name: 'sig-unnamed.bpmn' }));
    expect(rejection.code).to.equal(3);
    expect(rejection.message).to.include("'wait'");
  });
});
