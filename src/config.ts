import fs from 'node:fs';
import { z } from 'zod';
import { ControlledClock } from './engine/clock';

/**
 * Every setting the application reads from the environment, in one table: this module is the only reader
 * of process.env, the README's configuration table is generated from it (`npm run config:table`, kept true
 * by a test), and adding a setting is one line here. Values are validated at start; a wrong one stops the
 * start with the variable's name, what was wrong and what to write instead.
 */

/** How one kind of value is read: its zod schema (the empty string counts as unset) and its default as shown. */
interface Kind<T> {
  schema: z.ZodType<T>;
  shownDefault: string;
}

const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

function kind<T>(schema: z.ZodType<T>, shownDefault: string): Kind<T> {
  return { schema: z.preprocess(unsetIfEmpty, schema) as unknown as z.ZodType<T>, shownDefault };
}

const port = (fallback: number) =>
  kind(z.coerce.number({ error: 'Expected a port number' }).int('Expected a whole port number').min(0).max(65535, 'Expected a port number up to 65535').default(fallback), String(fallback));

const FLAG_WORDS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
const flagSchema = z
  .string()
  .transform((raw, ctx) => {
    const value = FLAG_WORDS[raw.trim().toLowerCase()];
    if (value === undefined) ctx.addIssue({ code: 'custom', message: `Expected true or false (or 1 / 0), but got '${raw}'` });
    return value ?? false;
  });
/** true / false; unset is false. */
const flag = () => kind(flagSchema.default(false), '(unset)');
/** true / false; unset leaves the choice to the application (e.g. TLS on when OAuth is configured). */
const optionalFlag = (shown: string) => kind(flagSchema.optional(), shown);

const text = () => kind(z.string().optional(), '(unset)');
const textOr = (fallback: string) => kind(z.string().default(fallback), fallback);

const positiveInteger = (shown: string) => kind(z.coerce.number({ error: 'Expected a number' }).int('Expected a whole number').positive('Expected a number above 0').optional(), shown);

const postgresUrl = () =>
  kind(z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'Expected a postgres://user:password@host:5432/database URL').optional(), '(unset)');

const httpUrl = () => kind(z.url({ protocol: /^https?$/, error: 'Expected an http:// or https:// URL' }).optional(), '(unset)');

/** host:port of a gateway, as zeebe-node and zbctl accept it (the port defaults to 26500). */
const gatewayAddress = () =>
  kind(z.string().regex(/^(?:[a-z][a-z0-9+.-]*:\/\/)?[A-Za-z0-9_.-]+(?::\d{1,5})?$/, 'Expected host:port of a Zeebe gateway, e.g. zeebe:26500').optional(), '(unset)');

const existingFile = () =>
  kind(
    z
      .string()
      .optional()
      .refine((file) => file === undefined || fs.existsSync(file), { message: 'Expected a readable file, but there is none at this path' }),
    '(unset)',
  );

const secret = (minLength: number) => kind(z.string().min(minLength, `Expected at least ${minLength} characters`).optional(), '(unset)');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const logLevel = () => kind(z.enum(LOG_LEVELS, { error: `Expected one of ${LOG_LEVELS.join(', ')}` }).default('info'), 'info');

interface Setting<T> {
  env: string;
  kind: Kind<T>;
  doc: string;
  /** Never printed: the start-up summary and the logs show only whether it is set. */
  secret?: boolean;
}

const setting = <T>(env: string, kind: Kind<T>, doc: string, secret?: boolean): Setting<T> => ({ env, kind, doc, secret });

/** The settings, one line each: the field name, the variable, how it is read, what it means (for the README). */
const SETTINGS = {
  zeebeAddress: setting('ZEEBE_ADDRESS', gatewayAddress(), '`host:port` of a real Zeebe / Camunda 8 gateway: no embedded engine is started, `processes/` and `forms/` are deployed there'),
  zeebeClientId: setting('ZEEBE_CLIENT_ID', text(), 'OAuth client id towards `ZEEBE_ADDRESS` (with the three below; as zeebe-node reads it)'),
  zeebeClientSecret: setting('ZEEBE_CLIENT_SECRET', text(), 'OAuth client secret (never logged)', true),
  zeebeAuthorizationServerUrl: setting('ZEEBE_AUTHORIZATION_SERVER_URL', httpUrl(), 'OAuth token endpoint, e.g. `https://identity.example/auth/realms/camunda-platform/protocol/openid-connect/token`'),
  zeebeTokenAudience: setting('ZEEBE_TOKEN_AUDIENCE', text(), 'OAuth audience of the gateway (Camunda 8 self-managed: `zeebe-api`)'),
  zeebeTokenScope: setting('ZEEBE_TOKEN_SCOPE', text(), 'OAuth scope, where the identity provider wants one'),
  zeebeSecureConnection: setting('ZEEBE_SECURE_CONNECTION', optionalFlag('on with OAuth'), '`true` for TLS towards `ZEEBE_ADDRESS`; `false` turns it off even with OAuth'),
  zeebeCaCertificatePath: setting('ZEEBE_CA_CERTIFICATE_PATH', existingFile(), 'PEM file of the CA that signed the gateway\'s (and token endpoint\'s) certificate, for a private CA'),
  zeebePort: setting('ZEEBE_PORT', port(26500), 'port of the embedded gateway (gRPC, plaintext)'),
  zeebeHost: setting('ZEEBE_HOST', textOr('127.0.0.1'), 'interface the embedded gateway listens on; its gRPC has no authentication, so set `0.0.0.0` only to publish it on purpose (e.g. in a container)'),
  dataDir: setting('DATA_DIR', textOr('./data'), 'where embedded PGlite keeps its files (and the generated signing key)'),
  databaseUrl: setting('DATABASE_URL', postgresUrl(), '`postgres://…` of a PostgreSQL server to use instead of PGlite (never logged: it holds the password)', true),
  clockControl: setting('ZEEBE_CLOCK_CONTROL', flag(), '`true` makes the embedded engine\'s clock movable, for tests and demos only (below)'),
  clockPort: setting('ZEEBE_CLOCK_PORT', port(9600), 'port of the clock-control endpoint, on 127.0.0.1'),
  port: setting('PORT', port(3000), 'port of the task list (pages, JSON API, `/healthz`, `/readyz`, `/metrics`)'),
  jwtSecret: setting('JWT_SECRET', text(), 'HS256 key for session tokens, at least 32 characters; without it a key is generated on first start and kept in `DATA_DIR/jwt-signing-key`', true),
  secureCookies: setting('COOKIE_SECURE', flag(), '`true` when the task list is served over HTTPS (Secure cookies, HSTS)'),
  trustProxy: setting('TRUST_PROXY', flag(), '`true` when the task list runs behind one reverse proxy (client addresses for the login limit)'),
  taskJobTimeoutMs: setting('TASK_JOB_TIMEOUT_MS', positiveInteger('3600000'), 'how long the task list holds a user task\'s job before it comes back (see `docs/tasklist.md`)'),
  demo: setting('DEMO', flag(), '`1` seeds the demo directory into an empty PostgreSQL server database too'),
  logLevel: setting('LOG_LEVEL', logLevel(), 'least severe level written to the JSON log on standard output (`debug` adds one line per request)'),
  auditKeyFile: setting('AUDIT_KEY_FILE', kind(z.string().optional(), 'DATA_DIR/audit-signing-key.pem'), 'Ed25519 private key that signs the audit checkpoints; generated on first start; keep it out of database backups'),
  auditPublicKeyFile: setting('AUDIT_PUBLIC_KEY_FILE', kind(z.string().optional(), 'DATA_DIR/audit-public-key.pem'), 'its public key, written beside it; give the auditors a copy (`npm run verify` reads it)'),
  auditCheckpointFile: setting('AUDIT_CHECKPOINT_FILE', kind(z.string().optional(), 'DATA_DIR/audit-checkpoints.jsonl'), 'every checkpoint is appended here too, outside the database (detects deleted checkpoints and a cut log)'),
  auditCheckpointRows: setting('AUDIT_CHECKPOINT_ROWS', positiveInteger('1000'), 'a signed checkpoint after this many new engine records + operations…'),
  auditCheckpointMinutes: setting('AUDIT_CHECKPOINT_MINUTES', positiveInteger('5'), '…or after this many minutes with anything new, whichever comes first (and at every clean shutdown)'),
  metricsToken: setting('METRICS_TOKEN', secret(16), 'bearer token Prometheus sends for `/metrics`, at least 16 characters; without it `/metrics` answers 404', true),
};

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: Settings[K] extends Setting<infer T> ? T : never };

/** Variables zeebe-node would read behind the application's back, and what to set instead. */
const READ_ONLY_BY_ZEEBE_NODE: Record<string, string> = {
  ZEEBE_GATEWAY_ADDRESS: 'ZEEBE_ADDRESS',
  ZEEBE_CLIENT_SSL_ROOT_CERTS_PATH: 'ZEEBE_CA_CERTIFICATE_PATH',
  ZEEBE_CAMUNDA_CLOUD_CLUSTER_ID: 'ZEEBE_ADDRESS with the four OAuth settings',
};

/** A configuration that cannot work; its message lists every wrong variable. */
export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [field, { env: name, kind, secret }] of Object.entries(SETTINGS) as Array<[string, Setting<unknown>]>) {
    const parsed = kind.schema.safeParse(env[name]);
    if (parsed.success) config[field] = parsed.data;
    // A secret's value is never repeated, not even in an error message that may end up in a log.
    else problems.push(`${name}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}${secret ? '' : ` (got '${env[name]}')`}`);
  }
  for (const [name, instead] of Object.entries(READ_ONLY_BY_ZEEBE_NODE)) {
    if (env[name]) problems.push(`${name}: not read by this application (zeebe-node would read it unchecked); set ${instead} instead`);
  }
  if (problems.length === 0) problems.push(...crossChecks(config as Config));
  if (problems.length > 0) {
    throw new ConfigError(`Expected a valid configuration, but:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee "Configuration" in README.md for every setting.`);
  }
  return config as Config;
}

const OAUTH: Array<keyof Config> = ['zeebeClientId', 'zeebeClientSecret', 'zeebeAuthorizationServerUrl', 'zeebeTokenAudience'];
const EXTERNAL_ONLY: Array<keyof Config> = [...OAUTH, 'zeebeTokenScope', 'zeebeSecureConnection', 'zeebeCaCertificatePath'];

/** Settings that are each valid but do not go together. */
function crossChecks(config: Config): string[] {
  const problems: string[] = [];
  const name = (field: keyof Config) => SETTINGS[field].env;
  const set = (field: keyof Config) => config[field] !== undefined;
  if (!config.zeebeAddress) {
    const stray = EXTERNAL_ONLY.filter(set);
    if (stray.length > 0) problems.push(`${stray.map(name).join(', ')}: apply only to a real gateway; set ZEEBE_ADDRESS too, or remove them for the embedded engine`);
  } else if (config.clockControl) {
    problems.push('ZEEBE_CLOCK_CONTROL: moves the embedded engine\'s clock, but ZEEBE_ADDRESS selects a real gateway, which has no such endpoint here; remove one of them');
  }
  const oauthSet = OAUTH.filter(set);
  if (oauthSet.length > 0 && oauthSet.length < OAUTH.length) {
    problems.push(`${OAUTH.filter((f) => !set(f)).map(name).join(', ')}: OAuth needs all of ${OAUTH.map(name).join(', ')}, but only ${oauthSet.map(name).join(', ')} set`);
  }
  return problems;
}

/** Whether the client authenticates with OAuth (readConfig has checked that all four settings come together). */
export function usesOAuth(config: Config): boolean {
  return config.zeebeClientId !== undefined;
}

/** Every setting with its value for the start-up log line; secrets show only whether they are set. */
export function describeConfig(config: Config): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [field, { env, secret }] of Object.entries(SETTINGS) as Array<[keyof Config, Setting<unknown>]>) {
    const value = config[field];
    if (value === undefined) continue;
    shown[env] = secret ? '(set)' : String(value);
  }
  return shown;
}

/** The README's table of settings, generated so it cannot drift from what is read. */
export function configTable(): string {
  const rows = Object.values(SETTINGS as Record<string, Setting<unknown>>).map(({ env, kind, doc }) => `| \`${env}\` | ${kind.shownDefault === '(unset)' || kind.shownDefault.startsWith('on ') ? kind.shownDefault : `\`${kind.shownDefault}\``} | ${doc} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The engine's clock: the system clock, or a controllable one with its endpoint when clock control is on. */
export function clockOptions(config: Config, log: (message: string) => void = console.log): { clock?: ControlledClock; clockPort?: number } {
  if (!config.clockControl) return {};
  log(`Clock control is ON: http://127.0.0.1:${config.clockPort}/actuator/clock (for tests and demos only)`);
  return { clock: new ControlledClock(), clockPort: config.clockPort };
}

/** The names of every variable read (a test checks that the compose file sets only these). */
export const SETTING_NAMES: readonly string[] = Object.values(SETTINGS as Record<string, Setting<unknown>>).map((s) => s.env);
