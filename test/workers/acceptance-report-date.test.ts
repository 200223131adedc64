import { expect } from 'chai';
import type { Knex } from 'knex';
import { listArchive } from '../../src/projects/archive';
import { generateReport } from '../../src/workers/acceptance/generate-report';
import { openSeededDatabase } from '../helpers/seeded-database';

describe('worker gx.acceptance.generate-report (Art. 21)', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ db, drop } = await openSeededDatabase());
    await db('projects').insert({ id: 'P-1', name: '智慧教育平台', department_id: 'dept-a', category: 'application', kind: 'new', funding_source: 'regional' });
  });
  afterEach(() => drop());

  it('Art. 21: when the Bureau examines at 01:00 on 2 March in Nanning (17:00 UTC the day before), then the report is dated 2 March', async () => {
    const deps = { db, now: () => new Date('2027-03-01T17:00:00Z') };
    await generateReport(deps, { key: '1', processInstanceKey: '2', variables: { projectId: 'P-1', acceptanceRound: 1 } });

    const [entry] = await listArchive(db, 'P-1');
    expect(entry.content.examinedOn).to.equal('2027-03-02');
  });
});
