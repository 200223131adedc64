// Printing: one block per scenario as it finishes, and a compact table at the end.
import type { BpmnEngineResult } from './bpmn-engine-bench';
import type { ScenarioResult } from './zeebe-scenario';

export interface Row {
  db: string;
  subject: string;
  load: string;
  createdPerSecond?: number;
  instancesPerSecond: number;
  jobsPerSecond?: number;
  p50: number;
  p99: number;
  max: number;
  unfinished: number;
  errors: number;
  rssPeakMb?: number;
  rssEndMb?: number;
  engineCpuPercent?: number;
  benchCpuPercent?: number;
  /** The PostgreSQL server's processes, when the engine's log is on the server of this machine. */
  databaseCpuPercent?: number;
  /** Engine (or bpmn-engine process) CPU time per completed instance, from /proc: holds across machines better than rates. */
  engineCpuMsPerInstance?: number;
  /** The same for the engine's main thread alone (not measured for bpmn-engine). */
  mainThreadCpuMsPerInstance?: number;
}

/** CPU % of one core over the window and instances/s in it give CPU milliseconds per instance. */
export function cpuMsPerInstance(cpuPercent: number | undefined, instancesPerSecond: number): number | undefined {
  if (cpuPercent === undefined || !(instancesPerSecond > 0)) return undefined;
  return (cpuPercent * 10) / instancesPerSecond;
}

const fixed = (value: number | undefined, digits = 0) =>
  value === undefined || value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);

export function scenarioRow(db: string, result: ScenarioResult): Row {
  return {
    db,
    subject: result.name,
    load: result.load,
    createdPerSecond: result.createdPerSecond,
    instancesPerSecond: result.instancesPerSecond,
    jobsPerSecond: result.jobsPerSecond,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    unfinished: result.unfinished,
    errors: result.errors,
    rssPeakMb: result.engineRssPeakMb,
    rssEndMb: result.engineRssEndMb,
    engineCpuPercent: result.engineCpuPercent,
    benchCpuPercent: result.benchCpuPercent,
    databaseCpuPercent: result.databaseCpuPercent,
    engineCpuMsPerInstance: cpuMsPerInstance(result.engineCpuPercent, result.instancesPerSecond),
    mainThreadCpuMsPerInstance: cpuMsPerInstance(result.engineMainThreadCpuPercent, result.instancesPerSecond),
  };
}

export function bpmnEngineRow(db: string, result: BpmnEngineResult): Row {
  return {
    db,
    subject: 'bpmn-engine one-task',
    load: `${result.concurrency} instances in flight`,
    instancesPerSecond: result.instancesPerSecond,
    jobsPerSecond: result.instancesPerSecond,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    unfinished: result.unfinished,
    errors: result.errors,
    rssPeakMb: result.benchRssPeakMb,
    engineCpuPercent: result.cpuPercent,
    engineCpuMsPerInstance: cpuMsPerInstance(result.cpuPercent, result.instancesPerSecond),
  };
}

export function printScenario(db: string, result: ScenarioResult): void {
  const { latency } = result;
  console.log(
    `  ${result.name} [${db}, ${result.load}]: ${fixed(result.instancesPerSecond, 1)} instances/s completed ` +
      `(${fixed(result.createdPerSecond, 1)}/s created), ${fixed(result.jobsPerSecond, 1)} jobs/s; ` +
      `latency p50 ${fixed(latency.p50, 1)} ms, p90 ${fixed(latency.p90, 1)} ms, p99 ${fixed(latency.p99, 1)} ms, ` +
      `max ${fixed(latency.max, 1)} ms (n=${latency.count}); unfinished ${result.unfinished}, errors ${result.errors}; ` +
      `engine RSS peak ${fixed(result.engineRssPeakMb)} MB, end ${fixed(result.engineRssEndMb)} MB; ` +
      `CPU engine ${fixed(result.engineCpuPercent)}%, bench ${fixed(result.benchCpuPercent)}%` +
      `${result.databaseCpuPercent === undefined ? '' : `, PostgreSQL ${fixed(result.databaseCpuPercent)}%`}; ` +
      `engine CPU ${fixed(cpuMsPerInstance(result.engineCpuPercent, result.instancesPerSecond), 2)} ms per instance ` +
      `(main thread ${fixed(cpuMsPerInstance(result.engineMainThreadCpuPercent, result.instancesPerSecond), 2)})` +
      `${result.databaseCpuPercent === undefined ? '' : `, PostgreSQL ${fixed(cpuMsPerInstance(result.databaseCpuPercent, result.instancesPerSecond), 2)}`}`,
  );
  for (const [kind, count] of result.errorKinds.slice(0, 8)) console.log(`    ${count} x ${kind}`);
}

export function printBpmnEngine(db: string, result: BpmnEngineResult): void {
  const { latency } = result;
  console.log(
    `  bpmn-engine one-task [${db}, ${result.concurrency} in flight]: ${fixed(result.instancesPerSecond, 1)} instances/s; ` +
      `latency p50 ${fixed(latency.p50, 1)} ms, p99 ${fixed(latency.p99, 1)} ms (n=${latency.count}); ` +
      `unfinished ${result.unfinished}, errors ${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ''}; ` +
      `process RSS peak ${fixed(result.benchRssPeakMb)} MB, CPU ${fixed(result.cpuPercent)}%, ` +
      `${fixed(cpuMsPerInstance(result.cpuPercent, result.instancesPerSecond), 2)} ms per instance`,
  );
}

export function printTable(rows: Row[]): void {
  const header = ['db', 'subject', 'load', 'created/s', 'inst/s', 'jobs/s', 'p50 ms', 'p99 ms', 'max ms', 'unfin', 'errors', 'RSS peak MB', 'RSS end MB', 'eng CPU%', 'bench CPU%', 'eng CPU ms/inst', 'main thread ms/inst', 'pg CPU ms/inst'];
  const body = rows.map((row) => [
    row.db,
    row.subject,
    row.load,
    fixed(row.createdPerSecond, 1),
    fixed(row.instancesPerSecond, 1),
    fixed(row.jobsPerSecond, 1),
    fixed(row.p50, 1),
    fixed(row.p99, 1),
    fixed(row.max, 1),
    String(row.unfinished),
    String(row.errors),
    fixed(row.rssPeakMb),
    fixed(row.rssEndMb),
    fixed(row.engineCpuPercent),
    fixed(row.benchCpuPercent),
    fixed(row.engineCpuMsPerInstance, 2),
    fixed(row.mainThreadCpuMsPerInstance, 2),
    fixed(cpuMsPerInstance(row.databaseCpuPercent, row.instancesPerSecond), 2),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of body) console.log(line(cells));
}
