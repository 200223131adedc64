// The stock clients (bench/stock-clients: zeebe-node 8.3.2 with its own grpc-js 1.9.7, @camunda8/sdk), each in
// its own process on one connection, for BENCH_SECONDS against the bench's engine: calls/s, errors, connections.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readProcessSample } from './process-sampler';
import { ONE_TASK, TASK_TYPE } from './zeebe-driver';

const STOCK_CLIENTS = join(__dirname, 'stock-clients');

export interface StockClientResult {
  client: string;
  seconds: number;
  answered: number;
  callsPerSecond: number;
  calls: Record<string, number>;
  errors: Record<string, number>;
  connections: number;
  resetsOfOpenStreams: number;
  engineCpuMsPerCall: number;
}

export async function runStockClient(
  client: 'zeebe-node' | 'sdk',
  port: number,
  enginePid: number,
  seconds: number,
  inFlight: number,
): Promise<StockClientResult | string> {
  if (!existsSync(join(STOCK_CLIENTS, 'node_modules', 'zeebe-node'))) return 'not installed: run `npm ci --prefix bench/stock-clients`';
  const options = {
    client,
    address: `127.0.0.1:${port}`,
    bpmn: ONE_TASK.file,
    processId: ONE_TASK.processId,
    taskType: TASK_TYPE,
    seconds,
    inFlight,
  };
  const cpuBefore = readProcessSample(enginePid)?.cpuSeconds ?? Number.NaN;
  const stdout = await new Promise<string>((resolve) =>
    execFile(process.execPath, [join(STOCK_CLIENTS, 'drive.cjs'), JSON.stringify(options)], { cwd: STOCK_CLIENTS, maxBuffer: 16 << 20 }, (_error, out) => resolve(out)),
  );
  const cpuAfter = readProcessSample(enginePid)?.cpuSeconds ?? Number.NaN;
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{"client"') || l.startsWith('{"fatal"'));
  if (!line) return 'the driver printed no figures';
  const parsed = JSON.parse(line) as StockClientResult & { fatal?: string };
  if (parsed.fatal) return `the driver failed: ${parsed.fatal.split('\n')[0]}`;
  return { ...parsed, engineCpuMsPerCall: ((cpuAfter - cpuBefore) * 1000) / parsed.answered };
}

export function printStockClient(db: string, client: string, result: StockClientResult | string): string {
  if (typeof result === 'string') return `${db}: stock ${client}: ${result}`;
  const errors = Object.values(result.errors).reduce((sum, n) => sum + n, 0);
  return (
    `${db}: stock ${client}: ${result.answered} calls in ${result.seconds.toFixed(1)} s = ${result.callsPerSecond.toFixed(0)} calls/s ` +
    `(${result.calls.createWithResult} instances with result + their completeJob, ${result.calls.topology} Topology) on ` +
    `${result.connections} connection(s); ${errors} errors${errors > 0 ? ` ${JSON.stringify(result.errors).slice(0, 300)}` : ''}; ` +
    `${result.resetsOfOpenStreams} client stream resets; engine CPU ${result.engineCpuMsPerCall.toFixed(2)} ms per call`
  );
}
