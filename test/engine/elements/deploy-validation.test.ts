import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, exclusiveGateway, flow, manualTask, serviceTask, start, subProcess } from '../../helpers/bpmn';
import { deployProcess, rejectionOf } from '../../helpers/zeebe';

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;

const conditional = '<bpmn:conditionalEventDefinition />';
const compensation = '<bpmn:compensateEventDefinition />';
const multiInstance = '<bpmn:multiInstanceLoopCharacteristics isSequential="true" />';

/**
 * Each row: a process holding one construct the engine does not run (or that is invalid), the id the
 * rejection must name so a modeller can find it, and what the rejection must say about it.
 */
type Row = [construct: string, elements: string[], namedId: string, reason: RegExp];
const rows: Row[] = [
  ['a conditional start event', [`<bpmn:startEvent id="on_condition_start">${conditional}</bpmn:startEvent>`, end(), flow('on_condition_start', 'end')], 'on_condition_start', /conditional/i],
  [
    'an intermediate conditional catch event',
    [start(), `<bpmn:intermediateCatchEvent id="await_condition">${conditional}</bpmn:intermediateCatchEvent>`, end(), ...chain('start', 'await_condition', 'end')],
    'await_condition',
    /conditional/i,
  ],
  [
    'a compensation boundary event',
    [
      start(),
      serviceTask('compensated_task', 'compensated'),
      end(),
      `<bpmn:boundaryEvent id="compensate" attachedToRef="compensated_task">${compensation}</bpmn:boundaryEvent>`,
      end('compensated_end'),
      ...chain('start', 'compensated_task', 'end'),
      flow('compensate', 'compensated_end'),
    ],
    'compensate',
    /compensat/i,
  ],
  [
    'a multi-instance service task',
    [
      start(),
      `<bpmn:serviceTask id="each_reviewer"><bpmn:extensionElements><zeebe:taskDefinition type="review" /></bpmn:extensionElements>${multiInstance}</bpmn:serviceTask>`,
      end(),
      ...chain('start', 'each_reviewer', 'end'),
    ],
    'each_reviewer',
    /multi-instance/i,
  ],
  [
    'a multi-instance sub-process',
    [
      start(),
      `<bpmn:subProcess id="each_lot">${multiInstance}${start('lot_start')}${end('lot_end')}${flow('lot_start', 'lot_end')}</bpmn:subProcess>`,
      end(),
      ...chain('start', 'each_lot', 'end'),
    ],
    'each_lot',
    /multi-instance/i,
  ],
  [
    'an event sub-process with a none start event',
    [
      start(),
      end(),
      flow('start', 'end'),
      `<bpmn:subProcess id="on_any_error" triggeredByEvent="true"><bpmn:startEvent id="error_caught_start" />${end('handled_end')}${flow('error_caught_start', 'handled_end')}</bpmn:subProcess>`,
    ],
    'on_any_error',
    /event sub-process/i,
  ],
  ['a service task without a task definition', [start(), '<bpmn:serviceTask id="typeless_task" />', end(), ...chain('start', 'typeless_task', 'end')], 'typeless_task', /taskDefinition|type/i],
  ['a service task with an empty type', [start(), serviceTask('blank_type_task', ''), end(), ...chain('start', 'blank_type_task', 'end')], 'blank_type_task', /taskDefinition|type/i],
  [
    'a condition on a flow leaving a task',
    [start(), manualTask('plain_task'), end(), flow('start', 'plain_task'), flow('plain_task', 'end', '=ok', 'conditional_from_task')],
    'conditional_from_task',
    /condition/i,
  ],
  [
    'a flow leaving a gateway without a condition that is not the default',
    [
      start(),
      exclusiveGateway('choose'),
      end('end_yes'),
      end('end_no'),
      flow('start', 'choose'),
      flow('choose', 'end_yes', '=yes', 'yes_flow'),
      flow('choose', 'end_no', undefined, 'bare_flow'),
    ],
    'bare_flow',
    /condition|default/i,
  ],
  ['a process without a start event', [manualTask('orphan_task'), end(), flow('orphan_task', 'end')], 'PROCESS_ID', /start event/i],
  [
    'a sub-process without a start event',
    [start(), subProcess('startless_sub', [manualTask('inner_task')]), end(), ...chain('start', 'startless_sub', 'end')],
    'startless_sub',
    /start event/i,
  ],
];

describe('deploy-time validation', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  it('given a process with only supported elements, when it is deployed, then it is accepted (the control for the table below)', async () => {
    await deployProcess(t.client, 'valid_control', bpmnXml('valid_control', start(), serviceTask('task', 'review'), end(), ...chain('start', 'task', 'end')));

    const created = await t.client.createProcessInstance({ bpmnProcessId: 'valid_control', variables: {} });
    expect(created.bpmnProcessId).to.equal('valid_control');
  });

  describe('given a process with an unsupported or invalid construct', () => {
    rows.forEach(([construct, elements, namedId, reason], i) => {
      const processId = `invalid_${i}`;
      const expectedId = namedId === 'PROCESS_ID' ? processId : namedId;

      it(`when it has ${construct}, then the deployment is rejected with INVALID_ARGUMENT naming '${expectedId}'`, async () => {
        const rejection = await rejectionOf(deployProcess(t.client, processId, bpmnXml(processId, ...elements)));

        expect(rejection.code, rejection.message).to.equal(INVALID_ARGUMENT);
        expect(rejection.message).to.contain(`'${expectedId}'`);
        expect(rejection.message).to.match(reason);
      });

      it(`when it has ${construct}, then nothing of it is deployed`, async () => {
        await rejectionOf(deployProcess(t.client, processId, bpmnXml(processId, ...elements)));

        const rejection = await rejectionOf(t.client.createProcessInstance({ bpmnProcessId: processId, variables: {} }));
        expect(rejection.code, rejection.message).to.equal(NOT_FOUND);
      });
    });
  });

  it('given two resources of which one is invalid, when they are deployed together, then neither is deployed', async () => {
    const good = bpmnXml('together_good', start(), end(), flow('start', 'end'));
    const bad = bpmnXml('together_bad', start(), '<bpmn:serviceTask id="no_type_here" />', end(), ...chain('start', 'no_type_here', 'end'));
    const grpc = (t.client as any).grpc;
    const deploying = grpc.deployResourceSync({
      resources: [
        { name: 'together_good.bpmn', content: Buffer.from(good) },
        { name: 'together_bad.bpmn', content: Buffer.from(bad) },
      ],
      tenantId: '',
    });

    const rejection = await rejectionOf(deploying);
    expect(rejection.code).to.equal(INVALID_ARGUMENT);
    expect(rejection.message).to.contain("'no_type_here'");
    expect((await rejectionOf(t.client.createProcessInstance({ bpmnProcessId: 'together_good', variables: {} }))).code).to.equal(NOT_FOUND);
  });
});
