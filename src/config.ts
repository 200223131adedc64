/** Settings read from the environment, with the embedded defaults. */
export interface Config {
  zeebePort: number;
  /** When set, a real Zeebe / Camunda 8 gateway is used and no engine is started here. */
  zeebeAddress?: string;
  dataDir: string;
  databaseUrl?: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    zeebePort: Number(env.ZEEBE_PORT ?? 26500),
    zeebeAddress: env.ZEEBE_ADDRESS || undefined,
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
  };
}
