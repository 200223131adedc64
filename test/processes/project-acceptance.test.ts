import { expect } from 'chai';
import type { Knex } from 'knex';
import { listArchive } from '../../src/projects/archive';
import { startScenario, type Scenario } from '../helpers/scenario';
import { vendorOfTask } from '../helpers/department-task';
import { ALL_CRITERIA_PASS, DOCUMENTS, applyForAcceptance, insertProject, organiseAndExamine, steps } from '../helpers/construction-steps';

/** A project already in construction under a signed contract, as project-construction leaves it. */
async function projectUnderContract(db: Knex, vendorUsername: string | null = 'vendor'): Promise<string> {
  const projectId = await insertProject(db, { status: 'in-construction' });
  await db('contracts').insert({
    id: `contract-${projectId}`,
    project_id: projectId,
    user_unit: '自治区教育厅',
    construction_unit: '自治区信息中心',
    implementing_unit: '广西数智科技有限公司',
    vendor_username: vendorUsername,
    start_date: '2027-03-01',
    end_date: '2029-02-28',
    amount: '2750000.00',
    signed_at: new Date('2027-02-20T10:00:00+08:00'),
  });
  return projectId;
}

describe('process project-acceptance (Art. 19 to Art. 23)', function () {
  this.timeout(60_000);
  let s: Scenario;

  before(async () => {
    s = await startScenario({ processes: ['project-acceptance'] });
  });

  after(() => s.stop());

  it('Art. 19, Art. 20, Art. 21, Art. 23: when the vendor applies with all six documents and all five criteria pass, then the report is archived and the project is accepted', async () => {
    const projectId = await projectUnderContract(s.t.db);
    const key = await s.start('project-acceptance', { projectId, departmentId: 'dept-a' });
    const apply = await s.userTask('ApplyForAcceptance', key);
    expect(apply.candidateGroups).to.deep.equal(['vendor']);
    await applyForAcceptance(s, key);
    expect((await s.userTask('OrganiseAcceptance', key)).candidateGroups).to.deep.equal(['big-data-bureau']);
    await organiseAndExamine(s, key);
    await s.waitForEnd(key);

    expect(steps(await s.path(key))).to.deep.equal([
      'AcceptanceStart', 'LoadContract', 'ContractFoundGateway', 'ApplicationMerge', 'ApplyForAcceptance', 'CheckMaterials',
      'MaterialsGateway', 'OrganiseAcceptance', 'ExamineAcceptance', 'GenerateReport', 'PassedGateway', 'MarkAccepted', 'AcceptedEnd',
    ]);
    expect((await s.t.db('projects').where({ id: projectId }).first()).status).to.equal('accepted');
    const archive = await listArchive(s.t.db, projectId);
    expect(archive.map((e) => e.kind)).to.deep.equal(['acceptance-application', 'acceptance-organisation', 'acceptance-report', 'status-change']);
    const report = archive.find((e) => e.kind === 'acceptance-report')!;
    expect(report.content).to.include({ passed: true, round: 1, contractId: `contract-${projectId}` });
    expect(report.content.criteria).to.have.length(5);
  });

  it('Art. 20: when a document is missing, then the application is returned listing it', async () => {
    const projectId = await projectUnderContract(s.t.db);
    const key = await s.start('project-acceptance', { projectId, departmentId: 'dept-a' });
    await applyForAcceptance(s, key, { ...DOCUMENTS, auditReport: '', securityRiskAssessment: '' });
    await s.userTask('ApplyForAcceptance', key);
    const variables = await s.variables(key);
    expect(variables.materialsMissing).to.deep.equal(['auditReport', 'securityRiskAssessment']);
    expect((variables.materialsReason as { zh: string }).zh).to.contain('审计报告');
    expect(await s.path(key)).not.to.include('OrganiseAcceptance');
    const returned = (await listArchive(s.t.db, projectId)).find((e) => e.kind === 'acceptance-application')!;
    expect(returned.title).to.contain('退回');

    await applyForAcceptance(s, key);
    await s.userTask('OrganiseAcceptance', key);
    expect(steps(await s.path(key)).filter((id) => id === 'ApplyForAcceptance')).to.have.length(2);
  });

  it('Art. 21 and Art. 22: when acceptance fails, then the vendor rectifies and re-applies, each round is recorded, and the second round passes', async () => {
    const projectId = await projectUnderContract(s.t.db);
    const key = await s.start('project-acceptance', { projectId, departmentId: 'dept-a' });
    await applyForAcceptance(s, key);
    await organiseAndExamine(s, key, { ...ALL_CRITERIA_PASS, dataSharing: 'fail' });
    const rectify = await s.userTask('Rectify', key);
    expect(rectify.candidateGroups).to.deep.equal(['vendor']);
    expect((await s.t.db('projects').where({ id: projectId }).first()).status).to.equal('in-construction');
    await s.complete(rectify, { rectificationSummary: '已接入自治区数据共享交换平台并完成目录编目' });
    await applyForAcceptance(s, key);
    await organiseAndExamine(s, key);
    await s.waitForEnd(key);

    const path = steps(await s.path(key));
    expect(path.filter((id) => id === 'ExamineAcceptance')).to.have.length(2);
    expect(path.filter((id) => id === 'Rectify')).to.have.length(1);
    expect(path[path.length - 1]).to.equal('AcceptedEnd');
    const archive = await listArchive(s.t.db, projectId);
    const reports = archive.filter((e) => e.kind === 'acceptance-report' && e.content.round !== undefined);
    expect(reports.map((e) => [e.content.round, e.content.passed])).to.deep.equal([[1, false], [2, true]]);
    expect(String(reports[0].content.conclusion)).to.contain('数据共享开放');
    const rectification = archive.find((e) => e.kind === 'rectification')!;
    expect(rectification.content).to.include({ acceptanceRound: 2 });
    expect(archive.filter((e) => e.kind === 'acceptance-application').map((e) => e.content.round)).to.deep.equal([1, 2]);
    expect((await s.t.db('projects').where({ id: projectId }).first()).status).to.equal('accepted');
  });

  it('Art. 20, Art. 22: when the contract names the vendor user, then the application and the rectification tasks carry that vendorUsername', async () => {
    const projectId = await projectUnderContract(s.t.db);
    const key = await s.start('project-acceptance', { projectId, departmentId: 'dept-a' });
    expect(await vendorOfTask(s, await s.userTask('ApplyForAcceptance', key))).to.equal('vendor');
    await applyForAcceptance(s, key);
    await organiseAndExamine(s, key, { ...ALL_CRITERIA_PASS, fundsUse: 'fail' });
    const rectify = await s.userTask('Rectify', key);
    expect(rectify.candidateGroups).to.deep.equal(['vendor']);
    expect(await vendorOfTask(s, rectify)).to.equal('vendor');
  });

  it('Art. 20: when the contract names no vendor user, then the application task carries a null vendorUsername (the whole vendor group sees it) and no incident is raised', async () => {
    const projectId = await projectUnderContract(s.t.db, null);
    const key = await s.start('project-acceptance', { projectId, departmentId: 'dept-a' });
    const apply = await s.userTask('ApplyForAcceptance', key);
    expect(await vendorOfTask(s, apply)).to.equal(null);
    await applyForAcceptance(s, key);
    await organiseAndExamine(s, key);
    await s.waitForEnd(key);
  });

  it('Art. 19: when the project has no contract, then there is nothing to accept and the instance ends', async () => {
    const projectId = await insertProject(s.t.db, { status: 'in-construction' });
    const key = await s.start('project-acceptance', { projectId, departmentId: 'dept-a' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal(['AcceptanceStart', 'LoadContract', 'ContractFoundGateway', 'NoContractEnd']);
  });
});
