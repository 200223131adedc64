import { ControlledClock } from './engine/clock';

/** Settings read from the environment, with the embedded defaults. */
export interface Config {
  zeebePort: number;
  /**
   * Interface of the embedded gateway (ZEEBE_HOST, default 127.0.0.1): its gRPC is plaintext and unauthenticated,
   * so it is reachable from this machine only unless an operator opens it on purpose (0.0.0.0 in a container).
   */
  zeebeHost: string;
  /** When set, a real Zeebe / Camunda 8 gateway is used and no engine is started here. */
  zeebeAddress?: string;
  dataDir: string;
  databaseUrl?: string;
  /** Clock control for tests and demos (never on by default): the engine's clock can be pinned and moved. */
  clockControl: boolean;
  clockPort: number;
  /** DEMO=1 seeds the demo directory into an empty server database too (the embedded default always does). */
  demo: boolean;
  /** The task list's web server (pages and JSON API). */
  port: number;
  /** The task list is served over HTTPS (COOKIE_SECURE=true): Secure cookies, HSTS, upgraded requests. */
  secureCookies: boolean;
  /** The task list runs behind one reverse proxy (TRUST_PROXY=true). */
  trustProxy: boolean;
  /**
   * How long the task list holds a user task job before it is handed out again (TASK_JOB_TIMEOUT_MS,
   * default one hour): shorter notices cancelled tasks sooner, at the cost of more records in the log.
   */
  taskJobTimeoutMs?: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    zeebePort: Number(env.ZEEBE_PORT ?? 26500),
    zeebeHost: env.ZEEBE_HOST || '127.0.0.1',
    zeebeAddress: env.ZEEBE_ADDRESS || undefined,
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    clockControl: env.ZEEBE_CLOCK_CONTROL === 'true',
    clockPort: Number(env.ZEEBE_CLOCK_PORT ?? 9600),
    demo: env.DEMO === '1' || env.DEMO === 'true',
    port: Number(env.PORT ?? 3000),
    secureCookies: env.COOKIE_SECURE === 'true',
    trustProxy: env.TRUST_PROXY === 'true',
    taskJobTimeoutMs: env.TASK_JOB_TIMEOUT_MS ? Number(env.TASK_JOB_TIMEOUT_MS) : undefined,
  };
}

/** The engine's clock: the system clock, or a controllable one with its endpoint when clock control is on. */
export function clockOptions(config: Config): { clock?: ControlledClock; clockPort?: number } {
  if (!config.clockControl) return {};
  console.log(`Clock control is ON: http://127.0.0.1:${config.clockPort}/actuator/clock (for tests and demos only)`);
  return { clock: new ControlledClock(), clockPort: config.clockPort };
}
