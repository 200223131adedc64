// Runs the bpmn-engine comparison in a child process (bpmn-engine-child.ts) and collects what it prints.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BpmnEngineResult } from './bpmn-engine-bench';

export interface BpmnEngineJob {
  store: { kind: 'pglite'; dataDir: string } | { kind: 'server'; url: string; poolSize: number };
  concurrency: number[];
  /** Unmeasured run first (JIT, caches), at the highest concurrency. */
  warmupRunSeconds: number;
  seconds: number;
  warmupSeconds: number;
  drainSeconds: number;
}

export const JOB_VARIABLE = 'BENCH_BPMN_ENGINE_JOB';
export const RESULT_PREFIX = 'RESULT ';
export const DESCRIPTION_PREFIX = 'DESCRIPTION ';

export async function runBpmnEngineJob(
  job: BpmnEngineJob,
  onDescription: (description: string) => void,
  onResult: (result: BpmnEngineResult) => void,
): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'bpmn-engine-child.ts')], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, [JOB_VARIABLE]: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let rest = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(RESULT_PREFIX)) onResult(JSON.parse(line.slice(RESULT_PREFIX.length)) as BpmnEngineResult);
      else if (line.startsWith(DESCRIPTION_PREFIX)) onDescription(line.slice(DESCRIPTION_PREFIX.length));
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`Expected the bpmn-engine child to exit with 0, but it exited with ${code}:\n${stderr}`);
}
