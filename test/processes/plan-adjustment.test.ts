import { expect } from 'chai';
import { listArchive } from '../../src/projects/archive';
import { startScenario, type Scenario } from '../helpers/scenario';
import { taskVariables } from '../helpers/department-task';
import { archiveKinds, insertProject, pathThrough, researchAndConfirm } from '../helpers/construction-steps';

describe('process plan-adjustment (Art. 18)', function () {
  this.timeout(60_000);
  let s: Scenario;

  before(async () => {
    s = await startScenario({ processes: ['project-construction', 'plan-adjustment'] });
  });

  after(() => s.stop());

  /** A project whose construction is running and waiting for its scheme. */
  async function runningConstruction(): Promise<{ projectId: string; construction: string }> {
    const projectId = await insertProject(s.t.db);
    const construction = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await researchAndConfirm(s, construction);
    await s.userTask('DraftScheme', construction);
    return { projectId, construction };
  }

  async function apply(projectId: string, reason: string): Promise<string> {
    const key = await s.start('plan-adjustment', { projectId, departmentId: 'dept-a' });
    const task = await s.userTask('ApplyForAdjustment', key);
    expect(task.candidateGroups).to.deep.equal(['user-unit']);
    await s.complete(task, { adjustmentReason: reason, adjustmentDescription: '按国家平台接口规范调整认证协议' });
    return key;
  }

  it('Art. 18: when a technical optimisation is approved, then the running construction records it and sends the scheme back for revision', async () => {
    const { projectId, construction } = await runningConstruction();
    const key = await apply(projectId, 'technical-optimisation');
    const decide = await s.userTask('DecideAdjustment', key);
    expect(decide.candidateGroups).to.deep.equal(['big-data-bureau']);
    await s.complete(decide, { adjustmentDecision: 'approve', adjustmentComment: '同意优化' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal([
      'AdjustmentRequested', 'LoadAdjustmentProject', 'ProjectFoundGateway', 'ApplyForAdjustment', 'FileAdjustmentApplication',
      'CheckAdjustmentReason', 'ReasonGateway', 'DecideAdjustment', 'FileAdjustmentDecision', 'ApprovedGateway', 'NotifyConstruction', 'AdjustmentApprovedEnd',
    ]);

    const revise = await s.userTask('ReviseScheme', construction);
    expect(revise.candidateGroups).to.deep.equal(['info-center']);
    await s.complete(revise, { revisedSections: '技术架构', revisionSummary: '改用国家统一认证协议' });
    const path = await pathThrough(s, construction, 'SchemeRevisedEnd');
    expect(path).to.include.members(['AdjustmentStart', 'FileAdjustment', 'SchemeChangeGateway', 'ReviseScheme', 'FileSchemeRevision', 'SchemeRevisedEnd']);
    // The main flow is not interrupted: the scheme draft is still waiting.
    await s.userTask('DraftScheme', construction);
    const kinds = await archiveKinds(s.t.db, projectId);
    expect(kinds).to.include.members(['adjustment-application', 'adjustment-decision', 'adjustment-received', 'scheme-revision']);
    const received = (await listArchive(s.t.db, projectId)).find((e) => e.kind === 'adjustment-received')!;
    expect(received.content).to.include({ adjustmentReason: 'technical-optimisation', adjustmentChangesScheme: true, adjustmentInstanceKey: key });
  });

  it('Art. 18: when a schedule adjustment is approved, then the construction records it without revising the scheme', async () => {
    const { projectId, construction } = await runningConstruction();
    const key = await apply(projectId, 'schedule-adjustment');
    await s.complete(await s.userTask('DecideAdjustment', key), { adjustmentDecision: 'approve', adjustmentComment: '同意顺延' });
    await s.waitForEnd(key);
    await s.userTask('DraftScheme', construction);
    const path = await pathThrough(s, construction, 'AdjustmentRecordedEnd');
    expect(path).not.to.include('ReviseScheme');
    expect(await archiveKinds(s.t.db, projectId)).to.include('adjustment-received');
  });

  it('Art. 18: when the reason is not one of the three, then the application is rejected with that reason and nothing reaches construction', async () => {
    const { projectId, construction } = await runningConstruction();
    const key = await apply(projectId, 'budget-increase');
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal([
      'AdjustmentRequested', 'LoadAdjustmentProject', 'ProjectFoundGateway', 'ApplyForAdjustment', 'FileAdjustmentApplication',
      'CheckAdjustmentReason', 'ReasonGateway', 'FileInadmissible', 'ReasonRejectedEnd',
    ]);
    const verdict = (await s.variables(key)).adjustmentVerdict as { zh: string; en: string };
    expect(verdict.zh).to.contain('第十八条');
    expect(verdict.en).to.contain('budget-increase');
    const rejection = (await listArchive(s.t.db, projectId)).find((e) => e.kind === 'adjustment-decision')!;
    expect(rejection.content.adjustmentReason).to.equal('budget-increase');
    expect(await s.path(construction)).not.to.include('AdjustmentStart');
  });

  it('Art. 18: when the application is started with another department than the project\'s, then the user-unit task goes to the project\'s own department', async () => {
    const projectId = await insertProject(s.t.db); // a project of dept-a
    const key = await s.start('plan-adjustment', { projectId, departmentId: 'dept-b' });
    const task = await s.userTask('ApplyForAdjustment', key);
    expect((await taskVariables(s, key, task.jobKey)).departmentId).to.equal('dept-a');
    expect((await s.variables(key))).to.include({ departmentId: 'dept-a', projectFound: true });
  });

  it('Art. 18: when the application names no known project, then it ends before any task with the reason', async () => {
    const key = await s.start('plan-adjustment', { projectId: 'no-such-project', departmentId: 'dept-a' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal(['AdjustmentRequested', 'LoadAdjustmentProject', 'ProjectFoundGateway', 'UnknownProjectEnd']);
    expect(((await s.variables(key)).projectReason as { zh: string }).zh).to.contain('不存在');
  });

  it('Art. 18: when the Bureau does not approve, then the adjustment ends unapproved and construction is untouched', async () => {
    const { projectId, construction } = await runningConstruction();
    const key = await apply(projectId, 'deployment-requirement');
    await s.complete(await s.userTask('DecideAdjustment', key), { adjustmentDecision: 'reject', adjustmentComment: '部署要求未下达' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.include('AdjustmentRejectedEnd');
    expect(await s.path(construction)).not.to.include('AdjustmentStart');
  });
});
