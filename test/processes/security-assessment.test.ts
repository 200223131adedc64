import { expect } from 'chai';
import { listArchive } from '../../src/projects/archive';
import { givenContract, givenSystemInOperation, instancesOf, userTaskFor } from '../helpers/operation-fixtures';
import { startScenario, type Scenario } from '../helpers/scenario';
import { countRows } from '../helpers/count-rows';
import { vendorOfTask } from '../helpers/department-task';

const DAY = 24 * 60 * 60 * 1000;

const testReport = (overrides: Record<string, unknown> = {}) => ({
  testDate: '2027-01-20',
  riskLevel: 'medium',
  findingAreas: ['system-and-data-use', 'build-and-operation'],
  findings: '弱口令两处，日志留存不足六个月',
  domesticDatabase: true,
  domesticOs: true,
  domesticChips: false,
  ...overrides,
});

describe('process security-assessment (Art. 24–25)', function () {
  this.timeout(60_000);
  let s: Scenario;

  beforeEach(async () => {
    s = await startScenario({ processes: ['security-assessment'] });
  });
  afterEach(async () => {
    await s.stop();
  });

  async function assessOne(key: string, projectId: string, reviewElement: string, group: string, report = testReport()) {
    const test = await userTaskFor(s, 'TestAndAssessRisks', key, 'projectId', projectId);
    expect(test.candidateGroups).to.deep.equal(['vendor']);
    expect(test.formKey).to.equal('security-test-report');
    await s.complete(test, report);
    const review = await userTaskFor(s, reviewElement, key, 'projectId', projectId);
    expect(review.candidateGroups).to.deep.equal([group]);
    await s.complete(review, { reviewComment: `${projectId} 安全管理制度健全` });
    const ack = await userTaskFor(s, 'AcknowledgeSecurityReport', key, 'projectId', projectId);
    expect(ack.candidateGroups).to.deep.equal(['info-center']);
    await s.complete(ack, { reportReceived: true, acknowledgementComment: '已收悉' });
  }

  it('Art. 25: when the clock passes 15 January 09:00 (Beijing), then the yearly timer starts one round over the systems in operation, and not before', async () => {
    await givenSystemInOperation(s.t.db, { id: 'sys-edu', departmentId: 'dept-a', category: 'application' });
    await givenSystemInOperation(s.t.db, { id: 'sys-cloud', departmentId: 'dept-b', category: 'infrastructure' });
    await givenContract(s.t.db, { id: 'c-edu', projectId: 'sys-edu' });

    await s.advance(10 * DAY + 23 * 60 * 60 * 1000); // 2027-01-15T00:00Z: an hour early
    expect(await instancesOf(s, 'security-assessment')).to.have.length(0);
    await s.advance(60 * 60 * 1000 + 1000);
    const [key, ...more] = await instancesOf(s, 'security-assessment');
    expect(more).to.have.length(0);

    await assessOne(key, 'sys-edu', 'ReviewSystemSecurity', 'user-unit');
    await assessOne(key, 'sys-cloud', 'ReviewInfrastructureSecurity', 'big-data-bureau', testReport({ findingAreas: ['shared-infrastructure'] }));
    await s.waitForEnd(key);

    const path = await s.path(key);
    expect(path[0]).to.equal('StartYearly');
    expect(path.filter((e) => e === 'SystemAssessed')).to.have.length(2);
    const rows = await s.t.db('security_assessments').orderBy('project_id');
    expect(rows.map((r: any) => [r.project_id, r.reviewed_by_group])).to.deep.equal([
      ['sys-cloud', 'big-data-bureau'],
      ['sys-edu', 'user-unit'],
    ]);
    expect(rows[0].responsibilities).to.deep.equal([{ area: 'shared-infrastructure', party: 'big-data-bureau' }]);
  });

  it('Art. 25: when a system was assessed late in last year\'s round, then the next yearly round still assesses it again', async () => {
    await givenSystemInOperation(s.t.db, { id: 'sys-edu' });
    await s.advance(11 * DAY); // 2027-01-15T01:00Z: the first round
    const [first] = await instancesOf(s, 'security-assessment');
    await s.advance(5 * DAY); // the report is filed on 20 January
    await assessOne(first, 'sys-edu', 'ReviewSystemSecurity', 'user-unit');
    await s.waitForEnd(first);

    await s.advance(360 * DAY); // 2028-01-15T01:00Z, less than 365 days after the report
    const [, second, ...more] = await instancesOf(s, 'security-assessment');
    expect(more).to.have.length(0);
    await assessOne(second, 'sys-edu', 'ReviewSystemSecurity', 'user-unit', testReport({ testDate: '2028-01-16' }));
    await s.waitForEnd(second);
    const rows = await s.t.db('security_assessments').orderBy('id');
    expect(rows.map((r: any) => new Date(r.assessed_at).toISOString())).to.deep.equal(['2027-01-20T01:00:00.000Z', '2028-01-15T01:00:00.000Z']);
    expect((await listArchive(s.t.db, 'sys-edu')).map((a) => a.title)).to.deep.equal(['2027年度网络安全检测与风险评估报告', '2028年度网络安全检测与风险评估报告']);
  });

  it('Art. 24–25: when a round is started by hand for an application system, then the vendor tests, the user unit reviews, the info-center acknowledges, and the report with its domestic products is filed', async () => {
    await givenSystemInOperation(s.t.db, { id: 'sys-edu', departmentId: 'dept-a', category: 'application' });
    const key = await s.start('security-assessment');

    await assessOne(key, 'sys-edu', 'ReviewSystemSecurity', 'user-unit');
    await s.waitForEnd(key);

    expect(await s.path(key)).to.deep.equal([
      'StartManual', 'JoinStarts', 'ListSystemsDue',
      'SystemAssessmentStarted', 'AssignSecurityDuties', 'TestAndAssessRisks', 'ByDutyHolder', 'ReviewSystemSecurity',
      'JoinReviews', 'AcknowledgeSecurityReport', 'FileSecurityReport', 'SystemAssessed', 'AssessSystem',
      'AssessSystem', 'RoundFinished',
    ]);
    const [row] = await s.t.db('security_assessments').where({ project_id: 'sys-edu' });
    expect(row).to.include({ risk_level: 'medium', domestic_database: true, domestic_os: true, domestic_chips: false, reviewed_by_group: 'user-unit', acknowledgement_comment: '已收悉' });
    expect(row.responsibilities).to.deep.equal([
      { area: 'system-and-data-use', party: 'user-unit' },
      { area: 'build-and-operation', party: 'vendor' },
    ]);
    const archive = await listArchive(s.t.db, 'sys-edu');
    expect(archive.map((a) => a.kind)).to.deep.equal(['security-assessment']);
    expect(archive[0].title).to.equal('2027年度网络安全检测与风险评估报告');
    expect(archive[0].content).to.include({ domesticDatabase: true, domesticChips: false });
    // Instance-wide variables stay clean: each system's answers live in its own sub-process.
    expect(await s.variables(key)).to.not.have.property('riskLevel');
  });

  it('Art. 25: when a round starts for systems with and without a contract vendor user, then each vendor test task carries that system\'s vendorUsername (null without one)', async () => {
    await givenSystemInOperation(s.t.db, { id: 'sys-edu', departmentId: 'dept-a' });
    await givenContract(s.t.db, { id: 'c-edu', projectId: 'sys-edu' });
    await givenSystemInOperation(s.t.db, { id: 'sys-health', departmentId: 'dept-b' });
    const key = await s.start('security-assessment');
    expect(await vendorOfTask(s, await userTaskFor(s, 'TestAndAssessRisks', key, 'projectId', 'sys-edu'))).to.equal('vendor');
    expect(await vendorOfTask(s, await userTaskFor(s, 'TestAndAssessRisks', key, 'projectId', 'sys-health'))).to.equal(null);
  });

  it('Art. 25: when a system was already assessed this year and another is not yet in operation, then neither is due and the round ends at once', async () => {
    await givenSystemInOperation(s.t.db, { id: 'sys-edu' });
    await s.t.db('security_assessments').insert({
      project_id: 'sys-edu', test_date: '2027-01-02', risk_level: 'low', responsibilities: JSON.stringify([]), domestic_database: false,
      domestic_os: false, domestic_chips: false, reviewed_by_group: 'user-unit', assessed_at: new Date('2027-01-02T01:00:00Z'),
    });
    await givenSystemInOperation(s.t.db, { id: 'sys-new' });
    await s.t.db('projects').where({ id: 'sys-new' }).update({ status: 'in-construction' });

    const key = await s.start('security-assessment');
    await s.waitForEnd(key);

    expect(await s.path(key)).to.deep.equal(['StartManual', 'JoinStarts', 'ListSystemsDue', 'AssessSystem', 'RoundFinished']);
    expect((await s.variables(key)).systems).to.deep.equal([]);
    expect(await countRows(s.t.db('security_assessments'))).to.equal(1);
  });
});
