import { expect } from 'chai';
import { listArchive } from '../../src/projects/archive';
import { followsInOrder, givenContract, givenSystemInOperation, instancesOf } from '../helpers/operation-fixtures';
import { readRecords } from '../helpers/records';
import { startScenario, type Scenario } from '../helpers/scenario';
import { waitFor } from '../helpers/settle';
import { countRows } from '../helpers/count-rows';
import { departmentTask, taskVariables, vendorOfTask } from '../helpers/department-task';
import { loadSessionUser } from '../../src/auth/session-user';
import { canSee } from '../../src/tasklist/visibility';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const materials = { materials: '2026年第四季度运维报告、巡检记录、故障处理单', materialsTruthful: true };
const userReport = { userSatisfaction: 'satisfied', userProblems: [], userComment: '' };
const noFindings = { findingTypes: [], findingDetails: '', rectificationDays: 30, majorProblem: false };
const findings = (types: string[], extra: Record<string, unknown> = {}) => ({
  findingTypes: types,
  findingDetails: '系统未接入数据共享交换平台，安全日志缺失',
  rectificationDays: 30,
  majorProblem: false,
  ...extra,
});

describe('process supervision-inspection (Art. 28–29)', function () {
  this.timeout(60_000);
  let s: Scenario;

  beforeEach(async () => {
    s = await startScenario({ processes: ['supervision-inspection'] });
    await givenSystemInOperation(s.t.db, { id: 'sys-edu', departmentId: 'dept-a' });
    await givenContract(s.t.db, { id: 'c-edu', projectId: 'sys-edu' });
  });
  afterEach(async () => {
    await s.stop();
  });

  const contract = async () => s.t.db('contracts').where({ id: 'c-edu' }).first();

  /** Both Art. 28 reports that open a system's inspection: the vendor's materials and the user unit's experience. */
  async function provideMaterials(key: string) {
    const task = await s.userTask('RequestMaterials', key);
    expect(task.candidateGroups).to.deep.equal(['vendor']);
    await s.complete(task, materials);
    await reportUse(key, userReport);
  }

  async function reportUse(key: string, report: Record<string, unknown>) {
    const task = await s.userTask('ReportUserExperience', key);
    expect(task.candidateGroups).to.deep.equal(['user-unit']);
    await s.complete(task, report);
  }

  async function inspect(key: string, result: Record<string, unknown>) {
    const task = await s.userTask('InspectAgainstContract', key);
    expect(task.candidateGroups).to.deep.equal(['big-data-bureau']);
    await s.complete(task, result);
  }

  async function rectify(key: string) {
    const task = await s.userTask('Rectify', key);
    expect(task.candidateGroups).to.deep.equal(['vendor']);
    await s.complete(task, { rectificationMeasures: '已接入数据共享交换平台并补齐安全日志' });
  }

  it('Art. 28: when the clock passes the first day of a quarter (09:00 Beijing), then the periodic timer starts one inspection round, and not before', async () => {
    await s.advance(87 * DAY - HOUR); // 2027-04-01T00:00Z
    expect(await instancesOf(s, 'supervision-inspection')).to.have.length(0);
    await s.advance(HOUR + 1000);
    const started = await instancesOf(s, 'supervision-inspection');
    expect(started).to.have.length(1);
    await provideMaterials(started[0]);
    await inspect(started[0], noFindings);
    await s.waitForEnd(started[0]);
    expect((await s.path(started[0]))[0]).to.equal('StartQuarterly');
  });

  it('Art. 28: when the vendor provides truthful materials and the inspection finds nothing, then the system passes and the contract stays active', async () => {
    const key = await s.start('supervision-inspection');
    await provideMaterials(key);
    await inspect(key, noFindings);
    await s.waitForEnd(key);

    expect(await s.path(key)).to.deep.equal([
      'StartManual', 'JoinStarts', 'ListSystemsUnderContract',
      'SystemInspectionStarted', 'ForkReports', 'RequestMaterials', 'ReportUserExperience', 'JoinReports', 'JoinInspection', 'InspectAgainstContract', 'RecordInspection',
      'InspectionPassed', 'SystemPassed', 'InspectSystem', 'InspectSystem', 'RoundFinished',
    ]);
    const [row] = await s.t.db('supervision_inspections').where({ project_id: 'sys-edu' });
    expect(row).to.include({ round: 1, outcome: 'passed', materials_confirmed_truthful: true, contract_id: 'c-edu' });
    expect((await contract()).status).to.equal('active');
  });

  it('Art. 28: when a round starts, then each system\'s user unit is asked for its experience of the service in parallel with the vendor, and only users of that system\'s department see the task', async () => {
    await givenSystemInOperation(s.t.db, { id: 'sys-health', departmentId: 'dept-b' });
    await givenContract(s.t.db, { id: 'c-health', projectId: 'sys-health' });
    const key = await s.start('supervision-inspection');
    const clerkA = (await loadSessionUser(s.t.db, 'clerk-a'))!;
    const clerkB = (await loadSessionUser(s.t.db, 'clerk-b'))!;
    for (const [departmentId, own, other] of [['dept-a', clerkA, clerkB], ['dept-b', clerkB, clerkA]] as const) {
      const task = await departmentTask(s, 'ReportUserExperience', key, departmentId);
      expect(task.candidateGroups).to.deep.equal(['user-unit']);
      const variables = await taskVariables(s, key, task.jobKey);
      expect(variables.departmentId).to.equal(departmentId);
      const seen = { assignee: undefined, candidateUsers: [], candidateGroups: task.candidateGroups, departmentId, variables };
      expect(canSee(own, seen as any), `${own.username} sees ${departmentId}'s task`).to.equal(true);
      expect(canSee(other, seen as any), `${other.username} does not see ${departmentId}'s task`).to.equal(false);
      await departmentTask(s, 'RequestMaterials', key, departmentId); // the vendor's step is open at the same time
    }
  });

  it('Art. 28: when the user unit reports problems with the service, then the Bureau\'s inspection task sees its answer, and another system\'s inspection does not', async () => {
    await givenSystemInOperation(s.t.db, { id: 'sys-health', departmentId: 'dept-b' });
    await givenContract(s.t.db, { id: 'c-health', projectId: 'sys-health' });
    const key = await s.start('supervision-inspection');
    const answer = { userSatisfaction: 'dissatisfied', userProblems: ['outages', 'not-as-contracted'], userComment: '系统每周中断两次，报修超过合同约定的4小时未响应' };
    const calm = { userSatisfaction: 'satisfied', userProblems: [], userComment: '运行平稳' };
    await s.complete(await departmentTask(s, 'ReportUserExperience', key, 'dept-a'), answer); // before the vendor: the two run in parallel
    await s.complete(await departmentTask(s, 'ReportUserExperience', key, 'dept-b'), calm);
    await s.complete(await departmentTask(s, 'RequestMaterials', key, 'dept-a'), materials);
    await s.complete(await departmentTask(s, 'RequestMaterials', key, 'dept-b'), materials);

    const inspectionA = await departmentTask(s, 'InspectAgainstContract', key, 'dept-a');
    expect(inspectionA.candidateGroups).to.deep.equal(['big-data-bureau']);
    expect(await taskVariables(s, key, inspectionA.jobKey)).to.include({ userSatisfaction: 'dissatisfied', userComment: answer.userComment, materials: materials.materials });
    expect((await taskVariables(s, key, inspectionA.jobKey)).userProblems).to.deep.equal(['outages', 'not-as-contracted']);
    const inspectionB = await departmentTask(s, 'InspectAgainstContract', key, 'dept-b');
    expect(await taskVariables(s, key, inspectionB.jobKey)).to.include({ userSatisfaction: 'satisfied', userComment: '运行平稳' });
    expect((await s.variables(key))).to.not.have.property('userSatisfaction');
  });

  it('Art. 28, Art. 29: when a system is inspected, then the materials and rectification tasks carry the contract\'s vendorUsername', async () => {
    const key = await s.start('supervision-inspection');
    expect(await vendorOfTask(s, await s.userTask('RequestMaterials', key))).to.equal('vendor');
    await provideMaterials(key);
    await inspect(key, findings(['inadequate-security']));
    expect(await vendorOfTask(s, await s.userTask('Rectify', key))).to.equal('vendor');
  });

  it('Art. 29: when findings are rectified before the deadline and the re-inspection passes, then the contract is never suspended', async () => {
    const key = await s.start('supervision-inspection');
    await provideMaterials(key);
    await inspect(key, findings(['not-connected-data-sharing', 'inadequate-security']));
    const task = await s.userTask('Rectify', key);
    expect(Date.parse(task.dueDate!)).to.equal(Date.parse('2027-02-03T01:00:00Z'));
    await s.advance(29 * DAY);
    await rectify(key);
    await inspect(key, noFindings);
    await s.waitForEnd(key);

    const path = await s.path(key);
    expect(followsInOrder(path, ['RecordInspection', 'InspectionPassed', 'JoinRectification', 'Rectify', 'JoinInspection', 'InspectAgainstContract', 'RecordInspection', 'InspectionPassed', 'SystemPassed']), (path).join(' → ')).to.equal(true);
    expect(path).to.not.include('SuspendContract');
    const inspections = await s.t.db('supervision_inspections').orderBy('round');
    expect(inspections.map((i: any) => [i.round, i.outcome, i.rectification_measures])).to.deep.equal([
      [1, 'findings', null],
      [2, 'passed', '已接入数据共享交换平台并补齐安全日志'],
    ]);
    const found = await s.t.db('supervision_findings').where({ inspection_id: inspections[0].id }).orderBy('finding_type');
    expect(found.map((f: any) => f.finding_type)).to.deep.equal(['inadequate-security', 'not-connected-data-sharing']);
    expect((await contract()).status).to.equal('active');
  });

  it('Art. 29: when the rectification deadline passes, then the contract is suspended with its reason, and when a later inspection passes, then it is resumed', async () => {
    const key = await s.start('supervision-inspection');
    await provideMaterials(key);
    await inspect(key, findings(['scheme-changed']));
    const first = await s.userTask('Rectify', key);

    await s.advance(30 * DAY + 1000);
    const again = await s.userTask('Rectify', key); // a new deadline for the same findings
    expect(again.jobKey).to.not.equal(first.jobKey);
    const suspended = await contract();
    expect(suspended.status).to.equal('suspended');
    expect(suspended.suspension_reason).to.contain('逾期未整改');

    await rectify(key);
    await inspect(key, noFindings);
    await s.waitForEnd(key);

    expect(followsInOrder(await s.path(key), ['JoinRectification', 'RectificationOverdue', 'SuspendContract', 'JoinRectification', 'Rectify', 'JoinInspection', 'InspectAgainstContract', 'RecordInspection', 'SystemPassed']), (await s.path(key)).join(' → ')).to.equal(true);
    const resumed = await contract();
    expect(resumed.status).to.equal('active');
    expect(resumed.suspension_reason).to.equal(null);
    expect((await listArchive(s.t.db, 'sys-edu')).map((a) => a.kind)).to.deep.equal(['contract-suspension', 'contract-resumption']);
  });

  it('Art. 29: when a re-inspection still finds problems and one is major, then the contract is suspended, liability is recorded and filed, and rectification goes on', async () => {
    const key = await s.start('supervision-inspection');
    await provideMaterials(key);
    await inspect(key, findings(['not-connected-integrated-platform']));
    await rectify(key);
    await inspect(key, findings(['not-connected-integrated-platform'], { majorProblem: true, liabilityNote: '依合同第十二条扣减运维费用10%' }));
    await s.userTask('Rectify', key);

    expect((await contract()).status).to.equal('suspended');
    expect((await contract()).suspension_reason).to.contain('整改后仍不符合要求');
    const second = await s.t.db('supervision_inspections').where({ round: 2 }).first();
    expect(second).to.include({ outcome: 'still-non-compliant', major_problem: true, liability_note: '依合同第十二条扣减运维费用10%' });
    const archive = await listArchive(s.t.db, 'sys-edu');
    expect(archive.map((a) => a.kind)).to.deep.equal(['contract-liability', 'contract-suspension']);
    expect(archive[0].content).to.include({ contractId: 'c-edu', article: 29 });

    await rectify(key);
    await inspect(key, noFindings);
    await s.waitForEnd(key);
    expect((await contract()).status).to.equal('active');
  });

  it('Art. 29: when a contract suspended in an earlier round passes the next periodic inspection, then it is resumed', async () => {
    await s.t.db('contracts').where({ id: 'c-edu' }).update({ status: 'suspended', suspension_reason: '逾期未整改，暂缓合同执行，直至整改落实' });
    const key = await s.start('supervision-inspection');
    await s.userTask('RequestMaterials', key);
    expect((await s.variables(key)).systems).to.deep.include({
      projectId: 'sys-edu', name: 'sys-edu 政务信息系统', departmentId: 'dept-a', contractId: 'c-edu', implementingUnit: '广西数智科技有限公司', vendorUsername: 'vendor', contractStatus: 'suspended',
    });
    await provideMaterials(key);
    await inspect(key, noFindings);
    await s.waitForEnd(key);
    expect((await contract()).status).to.equal('active');
  });

  it('Art. 29: when a finding type the article does not list reaches the worker, then the job fails with retries and finally an incident names it, and the contract is untouched', async () => {
    const key = await s.start('supervision-inspection');
    await provideMaterials(key);
    await inspect(key, findings(['late-invoice']));
    const failures = async () => (await readRecords(s.t.db, { valueType: 'JOB', intent: 'FAILED', processInstanceKey: key })).length;
    for (let attempt = 1; attempt <= 3; attempt++) {
      await waitFor(async () => (await failures()) >= attempt);
      await s.advance(60_000);
    }
    const incidents = await readRecords(s.t.db, { valueType: 'INCIDENT', intent: 'CREATED', processInstanceKey: key });
    expect(incidents.map((i) => [i.value.elementId, i.value.errorType])).to.deep.equal([['RecordInspection', 'JOB_NO_RETRIES']]);
    expect(incidents[0].value.errorMessage).to.contain('late-invoice');
    expect(await countRows(s.t.db('supervision_inspections'))).to.equal(0);
    expect((await contract()).status).to.equal('active');
  });
});
