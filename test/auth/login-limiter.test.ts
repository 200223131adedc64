import { expect } from 'chai';
import { LoginLimiter } from '../../src/auth/login-limiter';

describe('login limiter', () => {
  let now: number;
  const limiter = () => new LoginLimiter({ now: () => new Date(now), maxFailures: 3, maxFailuresPerAddress: 5, windowMs: 60_000 });
  beforeEach(() => {
    now = Date.parse('2027-01-04T01:00:00Z');
  });

  it('when a username fails as often as allowed, then it is blocked until its oldest counted failure leaves the window', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterSeconds('clerk-a', '10.0.0.1')).to.equal(0);
      l.recordFailure('clerk-a', '10.0.0.1');
      now += 10_000;
    }
    expect(l.retryAfterSeconds('clerk-a', '10.0.0.2')).to.equal(30);
    expect(l.retryAfterSeconds('CLERK-A', '10.0.0.3')).to.equal(30);
    expect(l.retryAfterSeconds('clerk-b', '10.0.0.2')).to.equal(0);
    now += 30_000;
    expect(l.retryAfterSeconds('clerk-a', '10.0.0.2')).to.equal(0);
  });

  it('when one address fails for many usernames, then the address is blocked for every username', () => {
    const l = limiter();
    for (const name of ['a', 'b', 'c', 'd', 'e']) l.recordFailure(name, '10.0.0.9');
    expect(l.retryAfterSeconds('someone-new', '10.0.0.9')).to.equal(60);
    expect(l.retryAfterSeconds('someone-new', '10.0.0.8')).to.equal(0);
  });

  it('when a user signs in successfully, then the username starts afresh', () => {
    const l = limiter();
    for (let i = 0; i < 2; i++) l.recordFailure('clerk-a', '10.0.0.1');
    l.recordSuccess('clerk-a');
    l.recordFailure('clerk-a', '10.0.0.1');
    expect(l.retryAfterSeconds('clerk-a', '10.0.0.1')).to.equal(0);
  });

  it('when attempts are admitted, then each counts as a failure at once, before its password is checked', () => {
    const l = limiter();
    const admitted = [1, 2, 3, 4].map(() => l.admit('clerk-a', '10.0.0.1'));
    expect(admitted.map((a) => a.admitted)).to.deep.equal([true, true, true, false]);
  });

  it('when a blocked name is tried again and again, then only the first refusal of the block is marked for the log', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.admit('clerk-a', '10.0.0.1');
    const refusals = [1, 2, 3].map(() => l.admit('clerk-a', '10.0.0.1'));
    expect(refusals.map((r) => !r.admitted && r.firstRefusal)).to.deep.equal([true, false, false]);
    now += 60_001;
    for (let i = 0; i < 3; i++) l.admit('clerk-a', '10.0.0.2');
    const nextBlock = l.admit('clerk-a', '10.0.0.2');
    expect(!nextBlock.admitted && nextBlock.firstRefusal).to.equal(true);
  });

  it('when an admitted attempt succeeds, then the address forgets it and the username starts afresh', () => {
    const l = limiter();
    for (let i = 0; i < 4; i++) l.admit(`user-${i}`, '10.0.0.1');
    const attempt = l.admit('clerk-a', '10.0.0.1');
    expect(attempt.admitted).to.equal(true);
    if (attempt.admitted) l.succeeded(attempt.attempt);
    expect(l.admit('someone', '10.0.0.1').admitted).to.equal(true);
    expect(l.retryAfterSeconds('other', '10.0.0.1')).to.equal(60);
  });

  it('when made-up names flood the limiter, then it remembers at most its bound of names and addresses', () => {
    const l = new LoginLimiter({ now: () => new Date(now), maxEntries: 100 });
    for (let i = 0; i < 1000; i++) l.admit(`made-up-${i}`, `10.1.${i % 250}.${Math.floor(i / 250)}`);
    expect(l.size).to.be.at.most(100);
    expect(l.size).to.be.greaterThan(0);
  });
});
