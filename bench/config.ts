// Bench settings from the environment, or from `--name=value` arguments (which win), e.g.
//   BENCH_DB=server BENCH_SECONDS=30 npm run bench
//   npm run bench -- --db=pglite --quick
export type DatabaseChoice = 'pglite' | 'server';
export type SaturationMode = 'instances' | 'creates';

export const ALL_SCENARIOS = ['one-rate', 'one-sat', 'ten-rate', 'ten-sat', 'timers', 'messages', 'stock-clients', 'waiting'];

export interface BenchConfig {
  databases: DatabaseChoice[];
  seconds: number;
  warmupSeconds: number;
  drainSeconds: number;
  engineWarmupSeconds: number;
  oneTaskRate: number;
  tenTasksRate: number;
  saturationInFlight: number;
  saturationMode: SaturationMode;
  workers: number;
  maxJobsToActivate: number;
  pollIntervalMs: number;
  bpmnEngineConcurrency: number[];
  bpmnEnginePgPool: number;
  serverBaseUrl: string;
  /** Gateway host the clients dial. An IP literal by default: see the note in README.md. */
  gatewayHost: string;
  engineStartTimeoutSeconds: number;
  /** Which engine scenarios to run, by short name: one-rate, one-sat, ten-rate, ten-sat, timers, messages, waiting. */
  scenarios: string[];
  /** Instances in the timers and messages scenarios (all due / all published at once). */
  eventInstances: number;
  /** Create and publish calls kept in flight while setting up and driving those scenarios. */
  eventInFlight: number;
  /** Longest wait for the timers / messages to have run every instance to its end. */
  eventDrainSeconds: number;
  /** Waiting instances (half on a timer, half on a message) for the memory and restart figures. */
  waitingInstances: number;
  trace: boolean;
  skipBpmnEngine: boolean;
  skipZeebe: boolean;
  /** Node flags for the engine process alone, e.g. --cpu-prof (NODE_OPTIONS refuses it, and would reach the clients). */
  engineNodeArgs: string[];
}

function readArguments(argv: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const argument of argv) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(argument);
    if (match) values[match[1].toLowerCase().replace(/-/g, '_')] = match[2] ?? '1';
  }
  return values;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): BenchConfig {
  const args = readArguments(argv);
  const setting = (name: string): string | undefined => args[name] ?? env[`BENCH_${name.toUpperCase()}`];
  const number = (name: string, fallback: number): number => {
    const raw = setting(name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`Expected BENCH_${name.toUpperCase()} to be a number, but got "${raw}"`);
    return value;
  };

  const quick = setting('quick') === '1' || setting('quick') === 'true';
  const db = (setting('db') ?? 'both').toLowerCase();
  if (!['pglite', 'server', 'both'].includes(db)) throw new Error(`Expected BENCH_DB to be pglite|server|both, but got "${db}"`);
  const saturationMode = (setting('sat_mode') ?? 'instances').toLowerCase();
  if (saturationMode !== 'instances' && saturationMode !== 'creates') {
    throw new Error(`Expected BENCH_SAT_MODE to be instances|creates, but got "${saturationMode}"`);
  }

  const seconds = number('seconds', quick ? 5 : 20);
  return {
    databases: db === 'both' ? ['pglite', 'server'] : [db as DatabaseChoice],
    seconds,
    warmupSeconds: Math.min(number('warmup', quick ? 1 : 3), seconds / 2),
    drainSeconds: number('drain', quick ? 15 : 30),
    engineWarmupSeconds: number('engine_warmup', quick ? 2 : 5),
    oneTaskRate: number('rate_one', 250),
    tenTasksRate: number('rate_ten', 50),
    saturationInFlight: number('in_flight', 200),
    saturationMode,
    workers: Math.max(1, number('workers', 2)),
    maxJobsToActivate: Math.max(1, number('max_jobs', 200)),
    pollIntervalMs: Math.max(1, number('poll_ms', 10)),
    bpmnEngineConcurrency: (setting('bpmn_concurrency') ?? (quick ? '200' : '1,20,200'))
      .split(',')
      .map((level) => Number(level.trim()))
      .filter((level) => Number.isInteger(level) && level > 0),
    bpmnEnginePgPool: Math.max(1, number('pg_pool', 10)),
    serverBaseUrl: setting('pg_url') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    gatewayHost: setting('host') ?? '127.0.0.1',
    engineStartTimeoutSeconds: number('start_timeout', 180),
    scenarios: (setting('scenarios') ?? ALL_SCENARIOS.join(',')).split(',').map((name) => name.trim()),
    eventInstances: Math.max(1, number('events', quick ? 2000 : 10_000)),
    eventInFlight: Math.max(1, number('event_in_flight', 200)),
    eventDrainSeconds: number('event_drain', 180),
    waitingInstances: Math.max(2, number('waiting', quick ? 5000 : 100_000)),
    trace: setting('trace') === '1',
    skipBpmnEngine: setting('skip_bpmn_engine') === '1',
    skipZeebe: setting('skip_zeebe') === '1',
    engineNodeArgs: (setting('engine_node_args') ?? '').split(' ').filter(Boolean),
  };
}
