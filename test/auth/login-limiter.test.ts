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
});
