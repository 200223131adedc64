import { expect } from 'chai';
import type { Knex } from 'knex';
import { recordOutOfPlanDecision } from '../../src/planning/out-of-plan';
import { openSeededDatabase } from '../helpers/seeded-database';
import { countRows } from '../helpers/count-rows';

type Decision = Parameters<typeof recordOutOfPlanDecision>[1];

const rejection = (processInstanceKey: string, reason: string, at = new Date('2027-05-01T02:00:00Z')): Decision => ({
  departmentId: 'dept-a',
  planYear: 2027,
  item: { name: '临时项目', estimate: '100000.00' },
  orderedBy: 'government',
  orderReference: '桂政办发〔2027〕1号',
  status: 'rejected',
  reason,
  projectId: null,
  processInstanceKey,
  at,
});

describe('one out-of-plan application record per process instance (Art. 10)', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ db, drop } = await openSeededDatabase());
  });
  afterEach(() => drop());

  it('Art. 10: when two workers record the same instance’s decision at once, then there is one record and both get its id', async () => {
    const ids = await Promise.all([recordOutOfPlanDecision(db, rejection('501', '理由一')), recordOutOfPlanDecision(db, rejection('501', '理由一'))]);

    expect(await countRows(db('out_of_plan_applications').where({ process_instance_key: '501' }))).to.equal(1);
    const row = await db('out_of_plan_applications').where({ process_instance_key: '501' }).first();
    expect(ids).to.deep.equal([row.id, row.id]);
  });

  it('Art. 10: when the job is retried after its first attempt committed, then the retry returns the first record and changes nothing', async () => {
    const first = await recordOutOfPlanDecision(db, rejection('502', '第一次', new Date('2027-05-01T02:00:00Z')));
    const retried = await recordOutOfPlanDecision(db, rejection('502', '重试', new Date('2027-05-01T02:05:00Z')));

    expect(retried).to.equal(first);
    const rows = await db('out_of_plan_applications').where({ process_instance_key: '502' });
    expect(rows.map((r: any) => [r.id, r.reason, new Date(r.decided_at).toISOString()])).to.deep.equal([[first, '第一次', '2027-05-01T02:00:00.000Z']]);
  });

  it('Art. 10: when different instances record their decisions at once, then each gets its own record', async () => {
    const ids = await Promise.all(['601', '602', '603'].map((key) => recordOutOfPlanDecision(db, rejection(key, `理由 ${key}`))));

    expect(new Set(ids).size).to.equal(3);
    expect(await countRows(db('out_of_plan_applications'))).to.equal(3);
  });

  it('Art. 10: when a second record for the same instance, or a second application for the same project, is written straight into the table, then the database refuses it', async () => {
    await db('projects').insert({ id: 'P2027-X700', name: '临时项目', department_id: 'dept-a', category: 'application', kind: 'new', funding_source: 'regional', plan_year: 2027, status: 'approved', estimate: '100000.00' });
    const row = (key: string) => ({
      department_id: 'dept-a', plan_year: 2027, item: '{}', ordered_by: 'government', status: 'approved', project_id: 'P2027-X700', process_instance_key: key, decided_at: new Date(),
    });
    await db('out_of_plan_applications').insert(row('700'));
    const refusal = (insert: Promise<unknown>) => insert.then(() => 'accepted', (error) => String(error));

    expect(await refusal(db('out_of_plan_applications').insert({ ...row('700'), project_id: null }))).to.match(/out_of_plan_applications_one_per_instance/);
    expect(await refusal(db('out_of_plan_applications').insert(row('701')))).to.match(/out_of_plan_applications_one_per_project/);
  });
});
