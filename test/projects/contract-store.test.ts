import { expect } from 'chai';
import type { Knex } from 'knex';
import { latestContract } from '../../src/projects/contract-store';
import { openSeededDatabase } from '../helpers/seeded-database';
import { givenContract, givenSystemInOperation } from '../helpers/operation-fixtures';

describe('contract store: dates read back as written (Art. 16)', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  const zone = process.env.TZ;
  beforeEach(async () => {
    ({ db, drop } = await openSeededDatabase());
    await givenSystemInOperation(db, { id: 'SYS-1' });
    await givenContract(db, { id: 'C-1', projectId: 'SYS-1', startDate: '2027-01-01', endDate: '2029-12-31' });
  });
  afterEach(async () => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    await drop();
  });

  for (const tz of ['America/New_York', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
    it(`Art. 16: when the server runs in ${tz}, then the contract's term reads back as 2027-01-01 to 2029-12-31`, async () => {
      process.env.TZ = tz;
      const contract = await latestContract(db, 'SYS-1');
      expect([contract!.startDate, contract!.endDate]).to.deep.equal(['2027-01-01', '2029-12-31']);
    });
  }
});
