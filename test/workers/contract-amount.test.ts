import { expect } from 'chai';
import type { Knex } from 'knex';
import { NeedsPerson } from '../../src/workers/job-outcome';
import { signContractOfJob } from '../../src/workers/contract/sign';
import type { WorkerDeps } from '../../src/workers/deps';
import { listArchive } from '../../src/projects/archive';
import { openSeededDatabase } from '../helpers/seeded-database';
import { countRows } from '../helpers/count-rows';
import { CONTRACT, insertProject } from '../helpers/construction-steps';

/** gx.contract.sign keeps the contract amount a decimal yuan string into the database and the archive. */
describe('gx.contract.sign: the contract amount as yuan (Art. 16)', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  let deps: WorkerDeps;
  let counter = 0;
  beforeEach(async () => {
    ({ db, drop } = await openSeededDatabase());
    deps = { db, now: () => new Date('2027-03-01T01:00:00Z') };
  });
  afterEach(() => drop());

  const sign = async (projectId: string, contractAmount: unknown) => {
    counter += 1;
    return signContractOfJob(deps, { key: `22517998136860${counter}`, processInstanceKey: '2251799813685249', variables: { ...CONTRACT, projectId, contractAmount } });
  };

  const stored: Array<{ amount: string; written: string }> = [
    { amount: '12345678.91', written: '12345678.91' },
    { amount: '0.3', written: '0.30' },
    { amount: '2750000', written: '2750000.00' },
  ];
  for (const c of stored) {
    it(`Art. 16: when the contract amount is "${c.amount}", then the contract and its archive entry hold exactly "${c.written}"`, async () => {
      const projectId = await insertProject(db);
      await sign(projectId, c.amount);
      const [contract] = await db('contracts').where({ project_id: projectId });
      expect(String(contract.amount)).to.equal(c.written);
      const filed = (await listArchive(db, projectId)).find((e) => e.kind === 'contract')!;
      expect(filed.content.amount).to.equal(c.written);
    });
  }

  const refused: unknown[] = [0.1 + 0.2, 2_750_000, '2750000.001', '两百七十五万'];
  for (const amount of refused) {
    it(`Art. 16: when the contract amount is ${typeof amount === 'number' ? `the number ${amount}` : JSON.stringify(amount)}, then a person is asked and no contract is written`, async () => {
      const projectId = await insertProject(db);
      const error = await sign(projectId, amount).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(NeedsPerson);
      expect((error as Error).message).to.match(/^Expected the contract amount in yuan as a decimal string/);
      expect(await countRows(db('contracts').where({ project_id: projectId }))).to.equal(0);
      expect((await db('projects').where({ id: projectId }).first()).status).to.equal('approved');
    });
  }
});
