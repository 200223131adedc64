import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { issueToken, TOKEN_LIFETIME_SECONDS, verifyToken } from '../../src/auth/tokens';
import { loadSigningKey } from '../../src/auth/signing-key';

describe('session tokens and the signing key', () => {
  const key = 'unit-test-key-0123456789abcdef0123456789';
  let now = Date.parse('2027-01-04T01:00:00Z');
  const settings = { key, now: () => new Date(now) };

  it('when a token is verified within its lifetime, then it names the user; one second after, then it is refused', () => {
    const token = issueToken('clerk-a', settings);
    const verified = verifyToken(token, settings);
    expect(verified).to.deep.include({ username: 'clerk-a', expiresAt: new Date(now + TOKEN_LIFETIME_SECONDS * 1000) });
    expect(verified).to.have.property('sessionId').that.is.a('string').with.length.greaterThan(10);
    expect((verifyToken(issueToken('clerk-a', settings), settings) as { sessionId: string }).sessionId).to.not.equal((verified as { sessionId: string }).sessionId);
    now += TOKEN_LIFETIME_SECONDS * 1000 + 1000;
    expect(verifyToken(token, settings)).to.have.property('invalid');
  });

  it('when the header says HS256 but the key differs, then the token is refused', () => {
    const token = issueToken('clerk-a', { key: 'another-key-0123456789abcdef0123456789', now: settings.now });
    expect(verifyToken(token, settings)).to.have.property('invalid');
  });

  it('when JWT_SECRET is unset, then a key is generated once into the data directory and read back on the next start', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-key-'));
    const first = loadSigningKey(undefined, dir);
    const second = loadSigningKey(undefined, dir);
    expect(first).to.equal(second);
    expect(first.length).to.be.greaterThan(40);
    expect(fs.statSync(path.join(dir, 'jwt-signing-key')).mode & 0o777).to.equal(0o600);
    fs.rmSync(dir, { recursive: true });
  });

  it('when JWT_SECRET is set, then it is the key; when it is shorter than 32 characters, then the start fails', () => {
    expect(loadSigningKey('x'.repeat(32), '/nonexistent')).to.equal('x'.repeat(32));
    expect(() => loadSigningKey('short', '/nonexistent')).to.throw(/at least 32/);
  });

  it('when JWT_SECRET is a placeholder containing "change-me", then the start fails and says so', () => {
    expect(() => loadSigningKey('change-me-to-a-long-random-secret-of-32-chars', '/nonexistent')).to.throw(/placeholder "change-me"/);
    expect(() => loadSigningKey('CHANGE-ME-0123456789abcdef0123456789', '/nonexistent')).to.throw(/placeholder/);
  });

  it('when the key file exists but is empty, then the start fails instead of signing with an empty key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-key-'));
    fs.writeFileSync(path.join(dir, 'jwt-signing-key'), '\n');
    expect(() => loadSigningKey(undefined, dir)).to.throw(/but it is empty/);
    fs.rmSync(dir, { recursive: true });
  });

  it('when another process creates the key file between the check and the write, then its key is read, not overwritten or failed on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-key-'));
    const theirs = 'written-by-the-other-process-0123456789abcdef';
    fs.writeFileSync(path.join(dir, 'jwt-signing-key'), theirs);
    // The other process wins the race: the file was not there when this one looked.
    const existsSync = fs.existsSync;
    fs.existsSync = () => false;
    try {
      expect(loadSigningKey(undefined, dir)).to.equal(theirs);
    } finally {
      fs.existsSync = existsSync;
      fs.rmSync(dir, { recursive: true });
    }
    expect(fs.existsSync(dir)).to.equal(false);
  });

  it('when docker compose starts the application, then JWT_SECRET must come from the environment and no demo users are seeded', () => {
    const compose = fs.readFileSync(path.join(__dirname, '../../docker/compose.yaml'), 'utf8');
    expect(compose).to.include('JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET}');
    expect(compose).to.not.match(/^\s*DEMO:/m);
    expect(compose).to.not.match(/change-me/);
  });
});
