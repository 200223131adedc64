import { expect } from 'chai';
import { startScenario, type Scenario } from '../helpers/scenario';
import { readRecords } from '../helpers/records';
import { taskVariables, vendorOfTask } from '../helpers/department-task';
import {
  applyForAcceptance,
  archiveKinds,
  draftContract,
  finishImplementation,
  insertProject,
  organiseAndExamine,
  walkToContract,
} from '../helpers/construction-steps';
import { DEMO_PROJECTS } from '../../src/seed/demo-projects';

/** The key of the child instance of a process started by a call activity of the parent. */
async function childOf(s: Scenario, parentKey: string, bpmnProcessId: string): Promise<string> {
  for (let i = 0; i < 500; i += 1) {
    const activated = await readRecords(s.t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED' });
    const child = activated.find((r) => r.value.bpmnElementType === 'PROCESS' && r.value.bpmnProcessId === bpmnProcessId && String(r.value.parentProcessInstanceKey) === parentKey);
    if (child) return child.key;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Expected a ${bpmnProcessId} instance called by ${parentKey}, but none started`);
}

describe('process project-lifecycle (Art. 5, Art. 12 to Art. 23, into operation)', function () {
  this.timeout(90_000);
  let s: Scenario;

  before(async () => {
    s = await startScenario({ processes: ['project-construction', 'project-acceptance', 'project-lifecycle'] });
  });

  after(() => s.stop());

  it('Art. 5, Art. 16, Art. 21, Art. 27: when a demo project of the approved 2027 plan is built and accepted, then it goes into operation, and the vendor tasks carry the contract vendor', async () => {
    const project = DEMO_PROJECTS[0];
    expect((await s.t.db('projects').where({ id: project.id }).first()).status).to.equal('approved');
    const key = await s.start('project-lifecycle', { projectId: project.id, departmentId: project.department_id });

    const construction = await childOf(s, key, 'project-construction');
    await walkToContract(s, construction);
    await draftContract(s, construction);
    await finishImplementation(s, construction);

    const acceptance = await childOf(s, key, 'project-acceptance');
    await applyForAcceptance(s, acceptance);
    await organiseAndExamine(s, acceptance);
    const readiness = await s.userTask('PrepareOperation', key);
    expect(readiness.candidateGroups).to.deep.equal(['vendor']);
    expect(await vendorOfTask(s, readiness), 'Art. 27: the readiness task carries the contract vendor').to.equal('vendor');
    expect((await s.t.db('projects').where({ id: project.id }).first()).status).to.equal('accepted');
    await s.complete(readiness, { operationTeam: '运维项目部：项目经理1名、运维工程师4名', operationRules: '《运行维护管理办法》《应急处置预案》', serviceContact: '0771-0000000' });
    await s.waitForEnd(key);

    expect(await s.path(key)).to.deep.equal([
      'LifecycleStart', 'BuildProject', 'BuiltGateway', 'AcceptProject', 'AcceptedGateway', 'PrepareOperation', 'FileOperationReadiness',
      'StartOperation', 'InOperationEnd',
    ]);
    expect((await s.t.db('projects').where({ id: project.id }).first()).status).to.equal('in-operation');
    const contracts = await s.t.db('contracts').where({ project_id: project.id, status: 'active' });
    expect(contracts).to.have.length(1);
    expect(contracts[0].amount, 'the contract amount as the yuan string entered').to.equal('2750000.00');
    expect((await s.variables(construction)).projectEstimate, 'the plan estimate handed on as a yuan string').to.equal(project.estimate);
    const kinds = await archiveKinds(s.t.db, project.id);
    expect(kinds[0]).to.equal('plan-membership');
    expect(kinds).to.include.members(['scheme', 'review-scores', 'contract', 'acceptance-report', 'operation-readiness']);
    expect(kinds[kinds.length - 1]).to.equal('status-change');
  });

  it('Art. 5: when the lifecycle is started with another department than the project\'s, then construction, acceptance and operation tasks all go to the project\'s own department', async () => {
    const projectId = await insertProject(s.t.db); // a project of dept-a
    const key = await s.start('project-lifecycle', { projectId, departmentId: 'dept-b' });
    const construction = await childOf(s, key, 'project-construction');
    await walkToContract(s, construction);
    await draftContract(s, construction);
    await finishImplementation(s, construction);
    const acceptance = await childOf(s, key, 'project-acceptance');
    const apply = await s.userTask('ApplyForAcceptance', acceptance);
    expect((await taskVariables(s, acceptance, apply.jobKey)).departmentId).to.equal('dept-a');
    await applyForAcceptance(s, acceptance);
    await organiseAndExamine(s, acceptance);
    const readiness = await s.userTask('PrepareOperation', key);
    expect((await taskVariables(s, key, readiness.jobKey)).departmentId).to.equal('dept-a');
    expect((await s.variables(key)).departmentId).to.equal('dept-a');
  });

  it('Art. 5: when the project is not in an approved plan, then the lifecycle ends after the construction gate', async () => {
    const projectId = await insertProject(s.t.db, { planYear: null });
    const key = await s.start('project-lifecycle', { projectId, departmentId: 'dept-a' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal(['LifecycleStart', 'BuildProject', 'BuiltGateway', 'NotBuiltEnd']);
    expect((await s.t.db('projects').where({ id: projectId }).first()).status).to.equal('approved');
  });
});
