import { expect } from 'chai';
import type { Knex } from 'knex';
import { openSeededDatabase } from '../helpers/seeded-database';
import { countRows } from '../helpers/count-rows';
import { givenContract, givenSystemInOperation } from '../helpers/operation-fixtures';
import type { WorkerDeps } from '../../src/workers/deps';
import { flagMarkedDepartments } from '../../src/workers/operation/flag-departments';
import { recordInspectionOfJob } from '../../src/workers/operation/record-inspection';
import { storeScoresOfJob } from '../../src/workers/operation/store-evaluation-scores';
import { generateReport } from '../../src/workers/acceptance/generate-report';
import { convenePanel } from '../../src/workers/review/convene-panel';
import { loadRoundContext } from '../../src/planning/round-context';

/**
 * A job is retried with the same key when its first attempt's acknowledgement is lost (or it times out):
 * the work runs again and must find what the first attempt stored instead of writing it twice.
 */
describe('retried jobs write nothing twice', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  let deps: WorkerDeps;
  beforeEach(async () => {
    ({ db, drop } = await openSeededDatabase());
    deps = { db, now: () => new Date('2027-03-01T01:00:00Z') };
  });
  afterEach(() => drop());

  it('Art. 30: when gx.evaluation.flag-departments runs twice for the same job, then each unit is flagged once and the planning round shows its reason once', async () => {
    const job = {
      key: '2251799813685300',
      processInstanceKey: '2251799813685249',
      variables: { planYear: 2028, departmentMarks: [{ departmentId: 'dept-a', digitalGuangxiMark: 'not-met', bureauComment: '未接入共享平台' }] },
    };
    const first = await flagMarkedDepartments(deps, job);
    const second = await flagMarkedDepartments(deps, job);

    expect(second).to.deep.equal(first);
    expect(await countRows(db('department_flags'))).to.equal(1);
    const context = await loadRoundContext(db, 2028);
    const reason = context.find((d) => d.id === 'dept-a')!.flagReason!;
    expect(reason.split('未接入共享平台')).to.have.length(2);
  });

  it('Art. 29: when gx.supervision.record-inspection runs twice for the same job, then one inspection, one suspension and one liability entry are stored and both answers agree', async () => {
    await givenSystemInOperation(db, { id: 'SYS-1' });
    await givenContract(db, { id: 'C-1', projectId: 'SYS-1' });
    const job = {
      key: '2251799813685400',
      processInstanceKey: '2251799813685249',
      variables: { projectId: 'SYS-1', contractId: 'C-1', inspectionRound: 1, findingTypes: ['inadequate-security'], majorProblem: true, liabilityNote: '扣减服务费', materialsTruthful: true },
    };
    const first = await recordInspectionOfJob(deps, job);
    deps.now = () => new Date('2027-03-02T01:00:00Z');
    const second = await recordInspectionOfJob(deps, job);

    expect(second).to.deep.equal(first);
    expect(first).to.include({ inspectionOutcome: 'still-non-compliant', contractStatus: 'suspended' });
    expect(await countRows(db('supervision_inspections'))).to.equal(1);
    expect(await countRows(db('supervision_findings'))).to.equal(1);
    expect(await countRows(db('project_archive').where({ kind: 'contract-suspension' }))).to.equal(1);
    expect(await countRows(db('project_archive').where({ kind: 'contract-liability' }))).to.equal(1);
  });

  it('Art. 14: when gx.review.convene-panel runs twice for the same job, even after the pool shrank, then one panel is recorded and filed, and both answers name it', async () => {
    await givenSystemInOperation(db, { id: 'P-1' });
    const job = { key: '2251799813685500', processInstanceKey: '2251799813685249', variables: { departmentId: 'dept-a', projectId: 'P-1', reviewSubject: '建设方案评审' } };
    const first = await convenePanel(deps, job);
    await db('users').whereIn('username', ['expert1', 'expert2']).update({ department_id: 'dept-a' });
    const second = await convenePanel(deps, job);

    expect(second).to.deep.equal(first);
    expect(await countRows(db('review_panels'))).to.equal(1);
    expect(await countRows(db('project_archive').where({ kind: 'review-panel' }))).to.equal(1);
  });

  it('Art. 31: when gx.evaluation.store-scores runs twice for the same job, then one report is stored and both answers name it', async () => {
    const job = {
      key: '2251799813685600',
      processInstanceKey: '2251799813685249',
      variables: { evaluationYear: 2026, reportSummary: '2026年度双评估报告', departments: [{ id: 'dept-a', name: '自治区教育厅' }], departmentScores: [{ subjectType: 'department', subjectId: 'dept-a', score: 55, comment: '' }] },
    };
    const first = await storeScoresOfJob(deps, job);
    const second = await storeScoresOfJob(deps, job);

    expect(second).to.deep.equal(first);
    expect(await countRows(db('evaluation_reports'))).to.equal(1);
    expect(await countRows(db('evaluation_scores'))).to.equal(1);
  });

  it('Art. 21, Art. 23: when gx.acceptance.generate-report runs twice for the same job, then the report is filed once', async () => {
    await givenSystemInOperation(db, { id: 'P-2' });
    const job = { key: '2251799813685700', processInstanceKey: '2251799813685249', variables: { projectId: 'P-2', acceptanceRound: 1 } };
    await generateReport(deps, job);
    await generateReport(deps, job);

    expect(await countRows(db('project_archive').where({ kind: 'acceptance-report' }))).to.equal(1);
  });
});
