import fs from 'node:fs';
import path from 'node:path';
import type { JSONDoc } from 'zeebe-node';
import { ManualClock } from '../../src/engine/clock';
import { seedDemoData } from '../../src/seed/demo-seed';
import { startWorkers } from '../../src/workers';
import { startTestEngine, type TestEngine } from './engine';
import { readRecords, type LoggedRecord } from './records';
import { advanceClock, settle, waitFor } from './settle';

/**
 * A regulation process run for real: the embedded engine on a manual clock, the demo directory, every job
 * worker of src/workers running through zeebe-node, and the processes of processes/ deployed. The test plays
 * the clerks: it finds a user task as the task list would and completes it with the form's variables.
 */
export interface Scenario {
  t: TestEngine;
  /** Starts an instance of a deployed process and returns its key. */
  start(bpmnProcessId: string, variables?: Record<string, unknown>): Promise<string>;
  /** Waits for the open user task of this element (in this instance, when given) and returns it. */
  userTask(elementId: string, processInstanceKey?: string): Promise<UserTask>;
  /** Completes a user task as the clerk who submitted its form. */
  complete(task: UserTask, variables?: Record<string, unknown>): Promise<void>;
  /** Element ids completed in this instance, in order (the path taken, from the record log). */
  path(processInstanceKey: string): Promise<string[]>;
  /** Waits until the instance has completed; fails with its open incidents if one is raised instead. */
  waitForEnd(processInstanceKey: string): Promise<void>;
  /** The instance's variables at process scope, as last written. */
  variables(processInstanceKey: string): Promise<Record<string, unknown>>;
  /** Moves the engine's clock forward (no sleeping) and lets timers fire. */
  advance(milliseconds: number): Promise<void>;
  stop(): Promise<void>;
}

export interface UserTask {
  jobKey: string;
  elementId: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee?: string;
  formKey?: string;
  dueDate?: string;
}

const USER_TASK = 'io.camunda.zeebe:userTask';
const PROCESSES_DIR = path.resolve(__dirname, '../../processes');
const FORMS_DIR = path.resolve(__dirname, '../../forms');

export interface ScenarioOptions {
  /** Process files of processes/ to deploy, without .bpmn (default: all). */
  processes?: string[];
  /** The engine's clock starts here (default 2027-01-04T09:00:00+08:00, a Monday morning in Nanning). */
  startAt?: string;
}

export async function startScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const t = await startTestEngine({ clock: new ManualClock(Date.parse(options.startAt ?? '2027-01-04T09:00:00+08:00')) });
  await seedDemoData(t.db);
  await deployAll(t, options.processes);
  startWorkers(t.client, { db: t.db, now: () => new Date(t.clock.now()) });

  const isOpen = async (jobKey: string) => {
    const ends = await readRecords(t.db, { valueType: 'JOB', key: jobKey });
    return !ends.some((r) => r.recordType === 'EVENT' && ['COMPLETED', 'CANCELED', 'ERROR_THROWN'].includes(r.intent));
  };

  return {
    t,
    async start(bpmnProcessId, variables = {}) {
      const created = await t.client.createProcessInstance({ bpmnProcessId, variables: variables as JSONDoc });
      return String(created.processInstanceKey);
    },
    async userTask(elementId, processInstanceKey) {
      let found: UserTask | undefined;
      await waitFor(async () => {
        const created = await readRecords(t.db, { valueType: 'JOB', intent: 'CREATED', processInstanceKey });
        for (const record of created.reverse()) {
          if (record.value.type !== USER_TASK || record.value.elementId !== elementId) continue;
          if (await isOpen(record.key)) {
            found = toUserTask(record);
            return true;
          }
        }
        return false;
      }).catch(async () => {
        throw new Error(`Expected an open user task '${elementId}', but there is none. Path so far: ${await describe(t, processInstanceKey)}`);
      });
      return found!;
    },
    async complete(task, variables = {}) {
      await t.client.completeJob({ jobKey: task.jobKey, variables: variables as JSONDoc });
      await settle(t);
    },
    path: (processInstanceKey) => completedElements(t, processInstanceKey),
    async waitForEnd(processInstanceKey) {
      await waitFor(async () => {
        const incidents = await readRecords(t.db, { valueType: 'INCIDENT', intent: 'CREATED', processInstanceKey });
        if (incidents.length > 0) {
          throw new Error(`Expected instance ${processInstanceKey} to complete, but an incident was raised: ${incidents.map((i) => `${i.value.elementId}: ${i.value.errorMessage}`).join('; ')}`);
        }
        const done = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', key: processInstanceKey });
        return done.length > 0;
      }, 10_000).catch(async (error) => {
        throw new Error(`${error.message}. Path so far: ${await describe(t, processInstanceKey)}`);
      });
    },
    async variables(processInstanceKey) {
      const records = await readRecords(t.db, { valueType: 'VARIABLE', processInstanceKey });
      const result: Record<string, unknown> = {};
      for (const r of records) if (r.value.scopeKey === processInstanceKey) result[r.value.name] = JSON.parse(r.value.value);
      return result;
    },
    advance: (milliseconds) => advanceClock(t, milliseconds),
    stop: () => t.stop(),
  };
}

async function deployAll(t: TestEngine, names?: string[]): Promise<void> {
  const forms = fs.existsSync(FORMS_DIR) ? fs.readdirSync(FORMS_DIR).filter((f) => f.endsWith('.form')) : [];
  for (const file of forms) {
    await t.client.deployResource({ form: fs.readFileSync(path.join(FORMS_DIR, file)), name: file });
  }
  const files = names?.map((n) => `${n}.bpmn`) ?? fs.readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.bpmn'));
  for (const file of files) {
    await t.client.deployResource({ process: fs.readFileSync(path.join(PROCESSES_DIR, file)), name: file });
  }
}

function toUserTask(record: LoggedRecord): UserTask {
  const headers: Record<string, string> = record.value.customHeaders ?? {};
  const list = (value?: string) => (value ? (JSON.parse(value) as string[]) : []);
  return {
    jobKey: record.key,
    elementId: record.value.elementId,
    processInstanceKey: String(record.value.processInstanceKey),
    bpmnProcessId: record.value.bpmnProcessId,
    candidateGroups: list(headers['io.camunda.zeebe:candidateGroups']),
    candidateUsers: list(headers['io.camunda.zeebe:candidateUsers']),
    assignee: headers['io.camunda.zeebe:assignee'],
    formKey: headers['io.camunda.zeebe:formKey'],
    dueDate: headers['io.camunda.zeebe:dueDate'],
  };
}

async function completedElements(t: TestEngine, processInstanceKey: string): Promise<string[]> {
  const records = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', processInstanceKey });
  return records.filter((r) => r.value.bpmnElementType !== 'PROCESS').map((r) => r.value.elementId);
}

async function describe(t: TestEngine, processInstanceKey?: string): Promise<string> {
  if (!processInstanceKey) return '(no instance given)';
  return (await completedElements(t, processInstanceKey)).join(' → ') || '(nothing completed)';
}
