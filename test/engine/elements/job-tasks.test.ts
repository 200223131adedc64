import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, businessRuleTask, chain, end, scriptTask, sendTask, start } from '../../helpers/bpmn';
import { elementEvents, elementPath, isCompleted, variablesOf } from '../../helpers/log';
import { activateJob, deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';

const INVALID_ARGUMENT = 3;

/**
 * Business rule, script and send tasks with a zeebe:taskDefinition are job workers' work, exactly like a
 * service task; the built-in forms (zeebe:calledDecision, zeebe:script) are refused at deploy.
 */
describe('job-based tasks', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;

  type Row = [element: string, build: (id: string, type: string) => string, bpmnElementType: string];
  const rows: Row[] = [
    ['business rule task', businessRuleTask, 'BUSINESS_RULE_TASK'],
    ['script task', scriptTask, 'SCRIPT_TASK'],
    ['send task', sendTask, 'SEND_TASK'],
  ];

  for (const [element, build, bpmnElementType] of rows) {
    describe(`given a ${element} with a zeebe:taskDefinition`, () => {
      it(`when an instance reaches it, then a job of that type waits, and completing it completes the ${element} as ${bpmnElementType}`, async () => {
        const n = ++given;
        const [processId, type] = [`jt_${n}`, `jt-work-${n}`];
        await deployProcess(t.client, processId, bpmnXml(processId, start(), build('task', type), end(), ...chain('start', 'task', 'end')));
        const processInstanceKey = await startInstance(t.client, processId, { order: 7 });

        const job = await activateJob(t.client, type);
        expect(job).to.include({ type, processInstanceKey, bpmnProcessId: processId, elementId: 'task', retries: 3 });
        expect(job.variables).to.deep.equal({ order: 7 });

        await t.client.completeJob({ jobKey: job.key, variables: { outcome: 'sent' } });
        expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'task', 'end']);
        expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
        expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ order: 7, outcome: 'sent' });
        const types = new Set((await elementEvents(t.db, processInstanceKey, 'task')).map((r) => r.value.bpmnElementType));
        expect([...types]).to.deep.equal([bpmnElementType]);
      });
    });
  }

  describe('given a task in a form the engine does not run', () => {
    type Refused = [construct: string, xml: (id: string) => string];
    const refused: Refused[] = [
      [
        'a business rule task with zeebe:calledDecision',
        (id) => `<bpmn:businessRuleTask id="${id}"><bpmn:extensionElements><zeebe:calledDecision decisionId="pricing" resultVariable="price" /></bpmn:extensionElements></bpmn:businessRuleTask>`,
      ],
      [
        'a script task with zeebe:script',
        (id) => `<bpmn:scriptTask id="${id}"><bpmn:extensionElements><zeebe:script expression="=1 + 1" resultVariable="sum" /></bpmn:extensionElements></bpmn:scriptTask>`,
      ],
      ['a send task without a zeebe:taskDefinition', (id) => `<bpmn:sendTask id="${id}" />`],
    ];

    for (const [construct, xml] of refused) {
      it(`(${construct}) when it is deployed, then it is rejected with INVALID_ARGUMENT naming the element`, async () => {
        const n = ++given;
        const [processId, taskId] = [`jt_refused_${n}`, `refused_task_${n}`];
        const rejection = await rejectionOf(deployProcess(t.client, processId, bpmnXml(processId, start(), xml(taskId), end(), ...chain('start', taskId, 'end'))));
        expect(rejection.code).to.equal(INVALID_ARGUMENT);
        expect(rejection.message).to.include(taskId);
      });
    }
  });
});
