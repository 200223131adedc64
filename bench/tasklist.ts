// `npx tsx bench/tasklist.ts`: how quick the task list is (issue 5). Starts the whole application (src/main.ts:
// embedded engine, demo seed, workers, the task list's import worker and web app) in its own process, creates
// BENCH_TL_TASKS user tasks of bench/tasklist-bench.bpmn through zeebe-node, waits until they are imported and
// then measures the pages and the JSON API with concurrent HTTP clients. Prints figures; asserts nothing.
// PGlite by default; with DATABASE_URL, a fresh database on that server (created, then dropped).
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZBClient } from 'zeebe-node';
import { issueToken } from '../src/auth/tokens';
import { SESSION_COOKIE } from '../src/web/session';
import { EngineProcess, findFreePort } from './engine-process';
import { EXHAUSTED, measure, type LoadFigures, type LoadSpec, type Request } from './http-load';
import { readProcessSample } from './process-sampler';
import { createServerDatabase, type ServerDatabase } from './server-database';
import { createTasks, deployBenchProcess, importFigures } from './tasklist-tasks';

const env = process.env;
const TASKS = Number(env.BENCH_TL_TASKS ?? 10_000);
const LOAD: LoadSpec = {
  clients: Number(env.BENCH_TL_CLIENTS ?? 8),
  seconds: Number(env.BENCH_TL_SECONDS ?? 1.5),
  warmupSeconds: Number(env.BENCH_TL_WARMUP ?? 0.5),
  runs: Number(env.BENCH_TL_RUNS ?? 3),
};
const IN_FLIGHT = Number(env.BENCH_TL_IN_FLIGHT ?? 200);
const IMPORT_TIMEOUT_S = Number(env.BENCH_TL_IMPORT_TIMEOUT ?? 300);
const SIGNING_KEY = `bench-signing-key-${process.pid}-0123456789abcdef0123456789`;
const USERS = ['clerk-a', 'bureau'];
const PAGE_SIZE = 20;

const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} CPUs`;
const ms = (value: number) => (Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(1) : value.toFixed(0));

class Http {
  constructor(private readonly base: string) {}

  token(username: string): string {
    return issueToken(username, { key: SIGNING_KEY, now: () => new Date() });
  }

  async json(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  }

  async page(token: string, path: string): Promise<number> {
    const response = await fetch(`${this.base}${path}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` }, redirect: 'manual' });
    await response.arrayBuffer();
    return response.status;
  }
}

function printRow(name: string, user: string, figures: LoadFigures): void {
  const runs = figures.runs.map((run) => run.perSecond.toFixed(0)).join('/');
  console.log(
    `  ${name.padEnd(34)} ${user.padEnd(8)} ${figures.perSecond.toFixed(0).padStart(6)} req/s  p50 ${ms(figures.p50).padStart(5)}  p95 ${ms(figures.p95).padStart(5)}  p99 ${ms(figures.p99).padStart(5)} ms` +
      `  (runs ${runs} req/s${figures.errors ? `, ${figures.errors} errors` : ''})`,
  );
}

/** Ids of tasks the user may see, in list order, up to `limit` (pages of 100). */
async function visibleIds(http: Http, token: string, query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < limit; page++) {
    const { body } = await http.json(token, 'GET', `/api/tasks?${query}&pageSize=100&page=${page}`);
    if (!body.items?.length) break;
    ids.push(...body.items.map((item: { id: string }) => item.id));
  }
  return ids.slice(0, limit);
}

async function run(databaseUrl: string | undefined): Promise<void> {
  const label = databaseUrl ? 'PostgreSQL server' : 'PGlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'tlbench-'));
  let serverDb: ServerDatabase | undefined;
  if (databaseUrl) {
    const created = await createServerDatabase(databaseUrl, '_tasklist');
    if ('unavailable' in created) throw new Error(`Expected a server database, but ${created.unavailable}`);
    serverDb = created;
  }
  const [zeebePort, webPort] = [await findFreePort(), await findFreePort()];
  const app = new EngineProcess({
    port: zeebePort,
    dataDir,
    databaseUrl: serverDb?.url,
    logFile: join(dataDir, 'app.log'),
    startTimeoutMs: 120_000,
    script: 'src/main.ts',
    readyLine: 'Application ready',
    env: { PORT: String(webPort), JWT_SECRET: SIGNING_KEY, DEMO: '1' },
  });
  console.log(`task list bench on ${label}: ${TASKS} tasks, ${LOAD.clients} clients, ${LOAD.runs} runs of ${LOAD.seconds} s (+${LOAD.warmupSeconds} s warm-up) per figure`);
  console.log(`  at start: ${load()}`);
  const client = new ZBClient(`127.0.0.1:${zeebePort}`, { loglevel: 'NONE' });
  try {
    await app.start();
    const rss = () => `${readProcessSample(app.pid)?.rssMb.toFixed(0)} MB`;
    console.log(`  application ready after ${app.startupMs.toFixed(0)} ms (engine, migrations, seed, deploy, workers, web), RSS ${rss()}`);
    const http = new Http(`http://127.0.0.1:${webPort}`);
    const auditor = http.token('auditor');

    await deployBenchProcess(client);
    const creation = await createTasks(client, TASKS, IN_FLIGHT);
    const createSeconds = (creation.endedAt - creation.startedAt) / 1000;
    console.log(`  created ${TASKS} instances in ${createSeconds.toFixed(1)} s (${(TASKS / createSeconds).toFixed(0)}/s, ${creation.errors} retried)`);
    const deadline = Date.now() + IMPORT_TIMEOUT_S * 1000;
    for (;;) {
      const { body } = await http.json(auditor, 'GET', `/api/tasks?pageSize=1&process=bench-tasklist`);
      if (body.total >= TASKS) break;
      if (Date.now() > deadline) throw new Error(`Expected ${TASKS} imported tasks within ${IMPORT_TIMEOUT_S} s, but there are ${body.total}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const rows = new Map<string, number>();
    for (let page = 1; ; page++) {
      const { body } = await http.json(auditor, 'GET', `/api/tasks?process=bench-tasklist&sort=created&order=asc&pageSize=100&page=${page}`);
      if (!body.items.length) break;
      for (const item of body.items) rows.set(item.processInstanceKey, Date.parse(item.createdAt));
    }
    const imported = importFigures(creation, rows);
    console.log(
      `  imported ${rows.size} tasks: ${imported.perSecond.toFixed(0)} tasks/s (first create to last row, ${imported.seconds.toFixed(1)} s);` +
        ` create answered → row p50 ${ms(imported.lagP50)} p95 ${ms(imported.lagP95)} p99 ${ms(imported.lagP99)} ms; RSS ${rss()}`,
    );

    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, readProcessSample(app.pid)?.rssMb ?? 0)), 200);
    const dueBefore = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    for (const user of USERS) {
      const token = http.token(user);
      const { body } = await http.json(token, 'GET', '/api/tasks?pageSize=1');
      const lastPage = Math.max(1, Math.ceil(body.total / PAGE_SIZE));
      console.log(`  ${user} sees ${body.total} open tasks (${lastPage} pages of ${PAGE_SIZE})`);
      const api = (path: string): Request => async () => (await http.json(token, 'GET', path)).status === 200;
      const scenarios: [string, Request][] = [
        ['GET /api/tasks first page (created)', api('/api/tasks?sort=created&order=desc')],
        ['GET /api/tasks sorted by due date', api('/api/tasks?sort=due&order=asc')],
        ['GET /api/tasks filtered (dept, due)', api(`/api/tasks?view=unassigned&department=dept-a&dueBefore=${dueBefore}`)],
        ['GET /api/tasks text search (q=review)', api('/api/tasks?q=review')],
        [`GET /api/tasks deep page (${lastPage})`, api(`/api/tasks?sort=due&page=${lastPage}`)],
        ['GET /tasks (HTML page)', async () => (await http.page(token, '/tasks')) === 200],
      ];
      const sample = await visibleIds(http, token, 'sort=due', 500);
      let next = 0;
      scenarios.push(['GET /api/tasks/:id', async () => (await http.json(token, 'GET', `/api/tasks/${sample[next++ % sample.length]}`)).status === 200]);
      for (const [name, request] of scenarios) printRow(name, user, await measure(request, LOAD));
    }
    // Last, because it uses tasks up: each client takes the next unclaimed task of the user's groups.
    for (const user of USERS) {
      const token = http.token(user);
      const queue = await visibleIds(http, token, 'view=unassigned&sort=created', 4000);
      const roundTrip: Request = async () => {
        const id = queue.shift();
        if (!id) throw new Error(EXHAUSTED);
        const claimed = await http.json(token, 'POST', `/api/tasks/${id}/claim`);
        if (claimed.status !== 200) return false;
        return (await http.json(token, 'POST', `/api/tasks/${id}/complete`, { variables: {} })).status === 200;
      };
      const before = queue.length;
      printRow('claim + complete round trip', user, await measure(roundTrip, LOAD));
      if (queue.length === 0) console.log(`    (ran out of the ${before} unclaimed tasks; the figures cover what was done)`);
    }
    clearInterval(sampler);
    console.log(`  application RSS: ${rss()} at the end, peak ${peakRss.toFixed(0)} MB during the HTTP load`);
    console.log(`  at end: ${load()}; application stderr lines: ${app.stderrLines}`);
  } finally {
    await client.close().catch(() => undefined);
    await app.stop();
    if (serverDb && env.BENCH_TL_KEEP_DB === '1') console.log(`  kept the database ${serverDb.url} (BENCH_TL_KEEP_DB=1)`);
    else await serverDb?.drop().catch((error) => console.log(`  could not drop ${serverDb?.name}: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run(env.DATABASE_URL || undefined).then(
  () => process.exit(0),
  (error) => {
    console.error(`task list bench failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
