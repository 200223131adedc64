import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import {
  bpmnXml,
  chain,
  end,
  flow,
  message,
  messageBoundary,
  messageCatch,
  messageStart,
  receiveTask,
  serviceTask,
  start,
  subProcess,
} from '../../helpers/bpmn';
import { deployProcess, rejectionOf } from '../../helpers/zeebe';

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;

/** start -> `id` -> end around one element. */
const around = (id: string, element: string) => [start(), element, end(), ...chain('start', id, 'end')];

/**
 * Each row: the message construct a modeller got wrong, the element the rejection must name, and what it must
 * say. Zeebe rejects these at deployment, before any instance can wait on a message that never correlates.
 */
type Row = [construct: string, elements: string[], namedId: string, reason: RegExp];
const rows: Row[] = [
  [
    'a message catch event without a messageRef',
    around('catch_without_ref', '<bpmn:intermediateCatchEvent id="catch_without_ref"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>'),
    'catch_without_ref',
    /message/i,
  ],
  [
    'a message catch event whose message has no name',
    [
      '<bpmn:message id="nameless"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>',
      ...around('catch_nameless', '<bpmn:intermediateCatchEvent id="catch_nameless"><bpmn:messageEventDefinition messageRef="nameless" /></bpmn:intermediateCatchEvent>'),
    ],
    'catch_nameless',
    /name/i,
  ],
  ['a message catch event whose message has no zeebe:subscription', [message('keyless'), ...around('catch_keyless', messageCatch('catch_keyless', 'keyless'))], 'catch_keyless', /correlationKey/i],
  ['a message catch event whose correlationKey is empty', [message('blank key', ''), ...around('catch_blank_key', messageCatch('catch_blank_key', 'blank key'))], 'catch_blank_key', /correlationKey/i],
  ['a receive task whose message has no zeebe:subscription', [message('keyless receive'), ...around('receive_keyless', receiveTask('receive_keyless', 'keyless receive'))], 'receive_keyless', /correlationKey/i],
  ['a receive task without a messageRef', around('receive_without_ref', '<bpmn:receiveTask id="receive_without_ref" />'), 'receive_without_ref', /message/i],
  [
    'a message boundary event whose message has no zeebe:subscription',
    [
      message('keyless boundary'),
      ...around('guarded', serviceTask('guarded', 'guarded')),
      messageBoundary('boundary_keyless', 'guarded', 'keyless boundary'),
      end('boundary_end'),
      flow('boundary_keyless', 'boundary_end'),
    ],
    'boundary_keyless',
    /correlationKey/i,
  ],
  ['a message start event with a FEEL message name', [messageStart('start_by_expression', '=messageName'), end(), flow('start_by_expression', 'end')], 'start_by_expression', /static|expression/i],
  [
    'a message catch event with a correlation key that is not valid FEEL',
    [message('broken key', '=orderId +'), ...around('catch_broken_key', messageCatch('catch_broken_key', 'broken key'))],
    'catch_broken_key',
    /correlation key|expression|FEEL/i,
  ],
  // Zeebe 8.3 requires the correlation key to be an expression (ZeebeRuntimeValidators: isNonStatic()).
  ['a message catch event with a static correlation key', [message('static key', 'orderId'), ...around('catch_static_key', messageCatch('catch_static_key', 'static key'))], 'catch_static_key', /static|expression/i],
  [
    'a message start event inside an embedded sub-process',
    [
      start(),
      subProcess('inner', [messageStart('inner_message_start', 'inner start'), end('inner_end'), flow('inner_message_start', 'inner_end')]),
      end(),
      ...chain('start', 'inner', 'end'),
    ],
    'inner',
    /none start event/i,
  ],
];

describe('message events: deploy-time validation', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  it('given a well-formed catch event, receive task, boundary event and message start, when deployed, then it is accepted (the control for the table)', async () => {
    const xml = bpmnXml(
      'valid_messages',
      message('paid', '=orderId'),
      message('cancelled', '=orderId'),
      messageStart('on_order', 'order placed'),
      messageCatch('await_payment', 'paid'),
      receiveTask('await_goods', 'paid'),
      serviceTask('ship', 'ship'),
      messageBoundary('on_cancel', 'ship', 'cancelled'),
      end(),
      end('cancelled_end'),
      ...chain('on_order', 'await_payment', 'await_goods', 'ship', 'end'),
      flow('on_cancel', 'cancelled_end'),
    );

    const result = await t.client.deployResource({ process: Buffer.from(xml), name: 'valid_messages.bpmn' });
    expect((result.deployments as any[])[0].process.bpmnProcessId).to.equal('valid_messages');
  });

  rows.forEach(([construct, elements, namedId, reason], i) => {
    const processId = `invalid_message_${i}`;

    it(`given ${construct}, when it is deployed, then it is rejected with INVALID_ARGUMENT naming '${namedId}', and nothing is deployed`, async () => {
      const rejection = await rejectionOf(deployProcess(t.client, processId, bpmnXml(processId, ...elements)));

      expect(rejection.code, rejection.message).to.equal(INVALID_ARGUMENT);
      expect(rejection.message).to.contain(`'${namedId}'`);
      expect(rejection.message).to.match(reason);
      const create = await rejectionOf(t.client.createProcessInstance({ bpmnProcessId: processId, variables: {} }));
      expect(create.code, create.message).to.equal(NOT_FOUND);
    });
  });
});
