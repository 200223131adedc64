import { expect } from 'chai';
import type { Knex } from 'knex';
import { login } from '../../src/auth/login';
import { LoginLimiter } from '../../src/auth/login-limiter';
import { readOperations } from '../../src/tasklist/operation-log';
import { openSeededDatabase } from '../helpers/seeded-database';

describe('login under parallel requests', function () {
  this.timeout(60_000);
  let db: Knex;
  let drop: () => Promise<void>;
  let now = Date.parse('2027-01-04T01:00:00Z');
  const deps = () => ({ db, limiter: new LoginLimiter({ now: () => new Date(now) }), signingKey: 'login-test-key-0123456789abcdef0123456789', now: () => new Date(now) });

  before(async () => {
    ({ db, drop } = await openSeededDatabase());
  });
  after(() => drop());

  it('when 40 wrong passwords for one user arrive at once, then only 5 passwords are checked, 35 are refused, and the refusals write one log line', async () => {
    const d = deps();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(d, { username: 'clerk-a', password: `guess-${i}`, address: `10.0.0.${i}` })),
    );
    const reasons = outcomes.map((o) => (o.ok ? 'ok' : o.reason));
    expect(reasons.filter((r) => r === 'invalid')).to.have.length(5);
    expect(reasons.filter((r) => r === 'rate-limited')).to.have.length(35);
    const logged = (await readOperations(db)).filter((op) => op.username === 'clerk-a' && op.action === 'login-failed');
    expect(logged.map((op) => op.detail!.reason).sort()).to.deep.equal(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'rate-limited']);
  });

  it('when a user signs in correctly many times from one office address, then those successes never block the address', async () => {
    const d = deps();
    for (let i = 0; i < 35; i++) expect((await login(d, { username: 'clerk-b', password: 'demo', address: '10.9.9.9' })).ok).to.equal(true);
    expect(d.limiter.retryAfterSeconds('chief-b', '10.9.9.9')).to.equal(0);
  });
});
