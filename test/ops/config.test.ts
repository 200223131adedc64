import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, configTable, describeConfig, readConfig } from '../../src/config';
import { zeebeClientOptions } from '../../src/zeebe-connection';

const OAUTH = {
  ZEEBE_ADDRESS: 'zeebe.example:26500',
  ZEEBE_CLIENT_ID: 'govit',
  ZEEBE_CLIENT_SECRET: 'client-secret-value-1234',
  ZEEBE_AUTHORIZATION_SERVER_URL: 'https://identity.example/token',
  ZEEBE_TOKEN_AUDIENCE: 'zeebe-api',
};

describe('configuration (src/config.ts)', () => {
  it('when nothing is set, then the embedded defaults apply', () => {
    const config = readConfig({});
    expect(config).to.include({ zeebePort: 26500, zeebeHost: '127.0.0.1', dataDir: './data', port: 3000, clockControl: false, demo: false, logLevel: 'info' });
    expect(config.zeebeAddress).to.equal(undefined);
    expect(config.databaseUrl).to.equal(undefined);
  });

  it('when a variable is the empty string, then it counts as unset', () => {
    expect(readConfig({ DATABASE_URL: '', ZEEBE_ADDRESS: '', PORT: '' })).to.include({ port: 3000, databaseUrl: undefined, zeebeAddress: undefined });
  });

  const wrong: Array<[string, Record<string, string>, RegExp]> = [
    ['a port that is no number', { PORT: 'abc' }, /PORT: Expected a port number \(got 'abc'\)/],
    ['a port out of range', { ZEEBE_PORT: '70000' }, /ZEEBE_PORT: Expected a port number up to 65535/],
    ['a flag that is not true or false', { COOKIE_SECURE: 'yes' }, /COOKIE_SECURE: Expected true or false \(or 1 \/ 0\), but got 'yes'/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL: Expected a postgres:\/\/user:password@host:5432\/database URL$/m],
    ['a gateway address with a path', { ZEEBE_ADDRESS: 'zeebe:26500/x' }, /ZEEBE_ADDRESS: Expected host:port of a Zeebe gateway/],
    ['an unknown log level', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL: Expected one of fatal, error/],
    ['a job time-out of zero', { TASK_JOB_TIMEOUT_MS: '0' }, /TASK_JOB_TIMEOUT_MS: Expected a number above 0/],
    ['a short metrics token', { METRICS_TOKEN: 'short' }, /METRICS_TOKEN: Expected at least 16 characters$/m],
    ['a CA file that does not exist', { ...OAUTH, ZEEBE_CA_CERTIFICATE_PATH: '/nonexistent/ca.pem' }, /ZEEBE_CA_CERTIFICATE_PATH: Expected a readable file/],
    ['OAuth settings without a gateway address', { ZEEBE_CLIENT_ID: 'govit', ZEEBE_SECURE_CONNECTION: 'true' }, /ZEEBE_CLIENT_ID, ZEEBE_SECURE_CONNECTION: apply only to a real gateway; set ZEEBE_ADDRESS too/],
    ['three of the four OAuth settings', { ...OAUTH, ZEEBE_TOKEN_AUDIENCE: '' }, /ZEEBE_TOKEN_AUDIENCE: OAuth needs all of/],
    ['clock control against a real gateway', { ZEEBE_ADDRESS: 'zeebe:26500', ZEEBE_CLOCK_CONTROL: 'true' }, /ZEEBE_CLOCK_CONTROL: moves the embedded engine's clock/],
    ['a variable only zeebe-node would read', { ZEEBE_GATEWAY_ADDRESS: 'zeebe:26500' }, /ZEEBE_GATEWAY_ADDRESS: not read by this application .* set ZEEBE_ADDRESS instead/],
  ];
  for (const [what, env, message] of wrong) {
    it(`when given ${what}, then the start is refused naming the variable and what was expected`, () => {
      expect(() => readConfig(env)).to.throw(ConfigError, message);
    });
  }

  it('when several variables are wrong, then every one is listed at once', () => {
    expect(() => readConfig({ PORT: 'x', DEMO: 'maybe' })).to.throw(ConfigError, /PORT:[\s\S]*DEMO:/);
  });

  it('when a secret is malformed, then the error does not repeat its value', () => {
    expect(() => readConfig({ METRICS_TOKEN: 'tiny-secret' })).to.throw(ConfigError).with.property('message').that.does.not.include('tiny-secret');
  });

  it('when the configuration is described for the log, then secrets show only that they are set', () => {
    const shown = describeConfig(readConfig({ ...OAUTH, JWT_SECRET: 'j'.repeat(40), DATABASE_URL: 'postgres://app:pw-in-url@db/govit' }));
    expect(shown).to.include({ ZEEBE_ADDRESS: 'zeebe.example:26500', ZEEBE_CLIENT_SECRET: '(set)', JWT_SECRET: '(set)', DATABASE_URL: '(set)' });
    expect(JSON.stringify(shown)).not.to.match(/client-secret-value|jjjj|pw-in-url/);
  });

  it('when OAuth is configured, then zeebe-node gets exactly those settings, TLS on and no token file', () => {
    const options = zeebeClientOptions(readConfig(OAUTH));
    expect(options.useTLS).to.equal(true);
    expect(options.oAuth).to.deep.include({ url: OAUTH.ZEEBE_AUTHORIZATION_SERVER_URL, audience: 'zeebe-api', clientId: 'govit', clientSecret: OAUTH.ZEEBE_CLIENT_SECRET, cacheOnDisk: false });
    expect(zeebeClientOptions(readConfig({ ...OAUTH, ZEEBE_SECURE_CONNECTION: 'false' })).useTLS).to.equal(false);
    expect(zeebeClientOptions(readConfig({ ZEEBE_ADDRESS: 'zeebe:26500' }))).to.include({ useTLS: false }).and.not.have.property('oAuth');
  });

  it('when a CA certificate is given, then it is the root for the gateway and the token endpoint alike', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govit-ca-'));
    const file = path.join(dir, 'ca.pem');
    fs.writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const options = zeebeClientOptions(readConfig({ ...OAUTH, ZEEBE_CA_CERTIFICATE_PATH: file }));
    fs.rmSync(dir, { recursive: true });
    expect(options.customSSL?.rootCerts?.toString()).to.include('BEGIN CERTIFICATE');
    expect(options.oAuth?.customRootCert?.toString()).to.include('BEGIN CERTIFICATE');
  });

  it('when `npm start` is given a wrong setting, then it stops at once with the error and no stack trace', function () {
    this.timeout(60_000);
    const root = path.resolve(__dirname, '..', '..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...process.env, PORT: 'abc', DATABASE_URL: '', ZEEBE_ADDRESS: '' }, encoding: 'utf8', timeout: 50_000 });
    expect(run.status, run.stderr).to.equal(1);
    expect(run.stderr).to.include("PORT: Expected a port number (got 'abc')").and.include('See "Configuration" in README.md');
    expect(run.stderr).not.to.match(/^\s+at /m);
  });

  it('when the README is read, then its configuration table is the one generated from src/config.ts', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme, 'run `npm run config:table` and paste it into README.md').to.include(configTable());
  });
});
