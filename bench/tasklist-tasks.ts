// Creates the bench's user tasks through zeebe-node and follows them into the task list's table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZBClient, type JSONDoc } from 'zeebe-node';
import { percentile } from './stats';

export const TASKLIST_PROCESS = 'bench-tasklist';

/** Spread over groups and departments with cycles of different lengths, so that every combination occurs. */
const GROUPS = [['user-unit'], ['big-data-bureau'], ['user-unit', 'cloud-chief'], ['finance'], ['drc', 'big-data-bureau']];
const DEPARTMENTS = ['dept-a', 'dept-b', undefined];
const DAY_MS = 86_400_000;

export function taskVariables(i: number, now: number): Record<string, unknown> {
  const departmentId = DEPARTMENTS[i % DEPARTMENTS.length];
  return {
    groups: GROUPS[i % GROUPS.length],
    // Due dates spread over the next 60 days (and a few overdue), so the due sort and filter have work to do.
    due: new Date(now + ((i * 7919) % 64) * DAY_MS - 3 * DAY_MS).toISOString(),
    ...(departmentId ? { departmentId } : {}),
    projectId: `bench-${i}`,
  };
}

export interface Creation {
  /** Wall-clock ms (Date.now) when each create was answered, by process instance key: the job exists then. */
  answeredAt: Map<string, number>;
  startedAt: number;
  endedAt: number;
  errors: number;
}

export async function deployBenchProcess(client: ZBClient): Promise<void> {
  await client.deployResource({ process: readFileSync(join(__dirname, 'tasklist-bench.bpmn')), name: 'tasklist-bench.bpmn' });
}

/** N instances with `inFlight` create calls open at a time; a rejected create is tried again (up to 5 times). */
export async function createTasks(client: ZBClient, count: number, inFlight: number): Promise<Creation> {
  const answeredAt = new Map<string, number>();
  let next = 0;
  let errors = 0;
  const startedAt = Date.now();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      for (let attempt = 0; ; attempt++) {
        try {
          const created = await client.createProcessInstance({ bpmnProcessId: TASKLIST_PROCESS, variables: taskVariables(i, startedAt) as JSONDoc });
          answeredAt.set(String(created.processInstanceKey), Date.now());
          break;
        } catch (error) {
          errors++;
          if (attempt >= 4) throw new Error(`Expected instance ${i} to be created, but: ${(error as Error).message}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { answeredAt, startedAt, endedAt: Date.now(), errors };
}

export interface ImportFigures {
  /** Tasks per second from the first create call until the last of them was a row. */
  perSecond: number;
  seconds: number;
  /** Per task: from its create being answered (its job exists) to its row's created_at. */
  lagP50: number;
  lagP95: number;
  lagP99: number;
}

export function importFigures(creation: Creation, rowCreatedAt: Map<string, number>): ImportFigures {
  const lags: number[] = [];
  let last = creation.startedAt;
  for (const [key, answered] of creation.answeredAt) {
    const row = rowCreatedAt.get(key);
    if (row === undefined) continue;
    lags.push(row - answered);
    last = Math.max(last, row);
  }
  lags.sort((a, b) => a - b);
  const seconds = (last - creation.startedAt) / 1000;
  return {
    perSecond: lags.length / seconds,
    seconds,
    lagP50: percentile(lags, 0.5),
    lagP95: percentile(lags, 0.95),
    lagP99: percentile(lags, 0.99),
  };
}
