import { expect } from 'chai';
import { startScenario, type Scenario } from '../helpers/scenario';
import { countRows } from '../helpers/count-rows';

const APPLICATIONS: Record<string, Record<string, unknown>> = {
  'dept-a': {
    orderedBy: 'government',
    orderReference: '桂政办发〔2027〕1号',
    justification: '自治区政府临时部署的招生考试安全保障任务',
    itemName: '招生考试视频巡查系统',
    itemCategory: 'security',
    itemKind: 'new',
    itemFundingSource: 'regional',
    itemEstimate: '450000.00',
    itemPriority: true,
    itemDomesticProducts: ['chip'],
  },
  'dept-b': {
    orderedBy: 'party-committee',
    orderReference: '桂办发〔2027〕3号',
    justification: '自治区党委临时安排的疫情监测任务',
    itemName: '传染病直报系统改造',
    itemCategory: 'application',
    itemKind: 'upgrade',
    itemFundingSource: 'special',
    itemEstimate: '300000',
    itemPriority: false,
    itemDomesticProducts: [],
  },
};

describe('out-of-plan-application: items ordered by the Party committee or government (Art. 10)', function () {
  let s: Scenario;

  beforeEach(async () => {
    s = await startScenario({ processes: ['out-of-plan-application'] });
  });
  afterEach(async () => {
    await s.stop();
  });

  it('Art. 10: when the Bureau finds an item truly needed and the government consents, then for each department it joins this year’s approved plan as an approved project', async () => {
    // The demo seed's approved 2027 plan, holding its two annual items.
    const [plan] = await s.t.db('plans').where({ plan_year: 2027, status: 'approved' });
    expect(String(plan.total)).to.equal('7800000.00');
    for (const departmentId of ['dept-a', 'dept-b']) {
      const key = await s.start('out-of-plan-application', { departmentId });
      const apply = await s.userTask('Apply', key);
      expect(apply.candidateGroups).to.deep.equal(['user-unit']);
      await s.complete(apply, APPLICATIONS[departmentId]);
      const examine = await s.userTask('Examine', key);
      expect(examine.candidateGroups).to.deep.equal(['big-data-bureau']);
      await s.complete(examine, { decision: 'approve', comment: '确需列入' });
      const consent = await s.userTask('Consent', key);
      expect(consent.candidateGroups).to.deep.equal(['government']);
      await s.complete(consent, { decision: 'approve', comment: '同意' });
      await s.waitForEnd(key);
      expect(await s.path(key)).to.deep.equal(['StartApplication', 'Apply', 'Examine', 'BureauApproves', 'Consent', 'GovernmentConsents', 'AddToPlan', 'Added']);

      const projectId = (await s.variables(key)).projectId as string;
      const project = await s.t.db('projects').where({ id: projectId }).first();
      expect([project.department_id, project.name, project.plan_year, project.status, String(project.estimate)]).to.deep.equal([
        departmentId, APPLICATIONS[departmentId].itemName, 2027, 'approved', departmentId === 'dept-a' ? '450000.00' : '300000.00',
      ]);
      const application = await s.t.db('out_of_plan_applications').where({ process_instance_key: key }).first();
      expect([application.status, application.project_id, application.ordered_by]).to.deep.equal(['approved', projectId, APPLICATIONS[departmentId].orderedBy]);
    }
    const items = await s.t.db('plan_items').where({ plan_id: plan.id }).orderBy('position');
    expect(items.map((i: any) => [i.department_id, i.source, i.position, i.priority])).to.deep.equal([
      ['dept-b', 'annual', 1, true],
      ['dept-a', 'annual', 2, false],
      ['dept-a', 'out-of-plan', 3, true],
      ['dept-b', 'out-of-plan', 4, false],
    ]);
    const updated = await s.t.db('plans').where({ id: plan.id }).first();
    expect(String(updated.total)).to.equal('8550000.00');
    expect(await countRows(s.t.db('plans')), 'no second plan for the year').to.equal(1);
  });

  it('Art. 10: when the Bureau finds the item not truly needed, then the application ends rejected with the Bureau’s reason and no project exists', async () => {
    const key = await s.start('out-of-plan-application', { departmentId: 'dept-a' });
    await s.complete(await s.userTask('Apply', key), APPLICATIONS['dept-a']);
    await s.complete(await s.userTask('Examine', key), { decision: 'reject', comment: '可纳入下一年度计划统筹' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal(['StartApplication', 'Apply', 'Examine', 'BureauApproves', 'JoinRejected', 'RecordRejection', 'Rejected']);
    expect(((await s.variables(key)).rejectionReason as any).zh).to.equal('大数据发展局审核未通过：可纳入下一年度计划统筹');
    const application = await s.t.db('out_of_plan_applications').where({ process_instance_key: key }).first();
    expect([application.status, application.project_id, application.reason]).to.deep.equal(['rejected', null, '大数据发展局审核未通过：可纳入下一年度计划统筹']);
    expect(await countRows(s.t.db('projects').where('id', 'like', 'P%')), 'no project was created').to.equal(0);
  });

  it('Art. 10: when the government does not consent, then the application ends rejected with the government’s reason', async () => {
    const key = await s.start('out-of-plan-application', { departmentId: 'dept-b' });
    await s.complete(await s.userTask('Apply', key), APPLICATIONS['dept-b']);
    await s.complete(await s.userTask('Examine', key), { decision: 'approve', comment: '确需列入' });
    await s.complete(await s.userTask('Consent', key), { decision: 'reject', comment: '由中央资金另行安排' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal(['StartApplication', 'Apply', 'Examine', 'BureauApproves', 'Consent', 'GovernmentConsents', 'JoinRejected', 'RecordRejection', 'Rejected']);
    expect(((await s.variables(key)).rejectionReason as any).en).to.equal('The government did not consent: 由中央资金另行安排');
    expect(await countRows(s.t.db('projects').where('id', 'like', 'P%')), 'no project was created').to.equal(0);
    expect(await countRows(s.t.db('plan_items').where({ source: 'out-of-plan' }))).to.equal(0);
  });
});
