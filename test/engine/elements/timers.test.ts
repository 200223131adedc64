import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import {
  bpmnXml,
  chain,
  end,
  flow,
  serviceTask,
  start,
  subProcess,
  timerBoundary,
  timerCatch,
  timerStart,
  type TimerKind,
} from '../../helpers/bpmn';
import { elementPath, incidentsOf, intents, isCompleted, recordsOf } from '../../helpers/log';
import { readRecords, type LoggedRecord } from '../../helpers/records';
import { advanceClock, settle } from '../../helpers/settle';
import { activateJob, activateJobs, deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

/** The TIMER records of one process instance (start event timers have none: use timersOfDefinition). */
async function timerRecords(t: TestEngine, processInstanceKey: string, intent?: string): Promise<LoggedRecord[]> {
  const records = await readRecords(t.db, { valueType: 'TIMER', intent });
  return records.filter((r) => r.value.processInstanceKey === processInstanceKey);
}

async function timerEvents(t: TestEngine, processInstanceKey: string, intent: string): Promise<LoggedRecord[]> {
  return (await timerRecords(t, processInstanceKey, intent)).filter((r) => r.recordType === 'EVENT');
}

/** The TIMER events of the start events of one process definition. */
async function startTimerEvents(t: TestEngine, processDefinitionKey: string, intent: string): Promise<LoggedRecord[]> {
  const records = await readRecords(t.db, { valueType: 'TIMER', intent, recordType: 'EVENT' });
  return records.filter((r) => r.value.processDefinitionKey === processDefinitionKey);
}

/** The PROCESS_INSTANCE_CREATION CREATED events of a process id: one per instance started. */
async function instancesCreated(t: TestEngine, bpmnProcessId: string): Promise<LoggedRecord[]> {
  const records = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE_CREATION', intent: 'CREATED', recordType: 'EVENT' });
  return records.filter((r) => r.value.bpmnProcessId === bpmnProcessId);
}

/** Deploys and returns the process definition key of the (only) process deployed. */
async function deployForKey(t: TestEngine, name: string, xml: string): Promise<{ key: string; version: number }> {
  const result = await t.client.deployResource({ process: Buffer.from(xml), name: `${name}.bpmn` });
  const process = (result.deployments as any[]).find((d) => d.process)!.process;
  return { key: String(process.processDefinitionKey), version: Number(process.version) };
}

/** An ISO 8601 date-time of the instant, written in the given UTC offset (minutes), e.g. 2026-01-01T02:00:00+02:00. */
function isoWithOffset(instant: number, offsetMinutes: number): string {
  const local = new Date(instant + offsetMinutes * MINUTE).toISOString().replace(/\.\d{3}Z$/, '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

describe('timer events', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;
  const nextId = (prefix: string) => `${prefix}_${++given}`;

  describe('given an intermediate timer catch event', () => {
    /** start -> wait (timer) -> end. */
    function timerProcess(processId: string, kind: TimerKind, text: string): string {
      return bpmnXml(processId, start(), timerCatch('wait', kind, text), end(), ...chain('start', 'wait', 'end'));
    }

    type Row = [definition: string, kind: TimerKind, text: (now: number) => string, variables: Record<string, unknown>, delay: number];
    const rows: Row[] = [
      ['timeDuration PT10M', 'duration', () => 'PT10M', {}, 10 * MINUTE],
      ['timeDuration P1DT2H', 'duration', () => 'P1DT2H', {}, 26 * HOUR],
      ['timeDate one hour ahead, written at +02:00', 'date', (now) => isoWithOffset(now + HOUR, 120), {}, HOUR],
      ['timeDate 90 minutes ahead, written at -05:30', 'date', (now) => isoWithOffset(now + 90 * MINUTE, -330), {}, 90 * MINUTE],
      ['timeDuration =duration("PT5M")', 'duration', () => '=duration("PT5M")', {}, 5 * MINUTE],
      ['timeDuration ="PT"+string(n)+"M" with n = 7', 'duration', () => '="PT" + string(n) + "M"', { n: 7 }, 7 * MINUTE],
      ['timeDate =date and time(...) two hours ahead', 'date', (now) => `=date and time("${new Date(now + 2 * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z')}")`, {}, 2 * HOUR],
    ];

    for (const [definition, kind, text, variables, delay] of rows) {
      it(`(${definition}) when the clock passes the due date, then the catch event completes, and not a millisecond before`, async () => {
        const processId = nextId('tc_catch');
        const startedAt = t.clock.now();
        await deployProcess(t.client, processId, timerProcess(processId, kind, text(startedAt)));
        const processInstanceKey = await startInstance(t.client, processId, variables);

        const created = await timerEvents(t, processInstanceKey, 'CREATED');
        expect(created, 'TIMER CREATED').to.have.length(1);
        expect(created[0].value).to.include({ processInstanceKey, targetElementId: 'wait', dueDate: startedAt + delay, repetitions: 0 });
        expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);

        await advanceClock(t, delay - 1);
        expect(await isCompleted(t.db, processInstanceKey), 'completed 1 ms before the due date').to.equal(false);
        expect(await timerEvents(t, processInstanceKey, 'TRIGGERED'), 'TIMER TRIGGERED before due').to.have.length(0);

        await advanceClock(t, 1);
        expect(await isCompleted(t.db, processInstanceKey), 'completed at the due date').to.equal(true);
        expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'wait', 'end']);
        const triggered = await timerEvents(t, processInstanceKey, 'TRIGGERED');
        expect(triggered, 'TIMER TRIGGERED').to.have.length(1);
        expect(triggered[0].key).to.equal(created[0].key);
        expect(triggered[0].value).to.include({ targetElementId: 'wait', dueDate: startedAt + delay });
      });
    }

    it('when the timer fires, then the log holds TIMER TRIGGER (command) before TRIGGERED, and the catch event completes after them', async () => {
      const processId = nextId('tc_order');
      await deployProcess(t.client, processId, timerProcess(processId, 'duration', 'PT1M'));
      const processInstanceKey = await startInstance(t.client, processId);
      await advanceClock(t, MINUTE);

      const records = await recordsOf(t.db, processInstanceKey);
      const timer = await timerRecords(t, processInstanceKey);
      expect(timer.map((r) => `${r.recordType} ${r.intent}`)).to.deep.equal(['EVENT CREATED', 'COMMAND TRIGGER', 'EVENT TRIGGERED']);
      const triggeredAt = timer[2].position;
      const waitCompleted = records.find((r) => r.value.elementId === 'wait' && r.intent === 'ELEMENT_COMPLETED')!;
      expect(waitCompleted.position, 'catch event completed after TIMER TRIGGERED').to.be.greaterThan(triggeredAt);
      expect(timer[0].value).to.have.all.keys(
        'elementInstanceKey',
        'processInstanceKey',
        'processDefinitionKey',
        'targetElementId',
        'dueDate',
        'repetitions',
        'tenantId',
      );
    });

    it('when the expression gives no timer (=42), then an EXTRACT_VALUE_ERROR incident is raised on the catch event and no timer opens', async () => {
      const processId = nextId('tc_bad_static');
      await deployProcess(t.client, processId, timerProcess(processId, 'duration', '=42'));
      const processInstanceKey = await startInstance(t.client, processId);

      const incidents = await incidentsOf(t.db, processInstanceKey);
      expect(incidents).to.have.length(1);
      expect(incidents[0]).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'wait' });
      expect(await timerEvents(t, processInstanceKey, 'CREATED')).to.have.length(0);
      expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(['ELEMENT_ACTIVATING']);
    });

    it('when the expression reads a variable that is not a duration, then after SetVariables and ResolveIncident the timer opens and fires', async () => {
      const processId = nextId('tc_fix');
      await deployProcess(t.client, processId, timerProcess(processId, 'duration', '=wait'));
      const processInstanceKey = await startInstance(t.client, processId, { wait: 42 });
      const [incident] = await incidentsOf(t.db, processInstanceKey);
      expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'wait' });

      await t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { wait: 'PT5M' }, local: false });
      const resolvedAt = t.clock.now();
      await t.client.resolveIncident({ incidentKey: incident.key });
      await settle(t);

      const created = await timerEvents(t, processInstanceKey, 'CREATED');
      expect(created, 'TIMER CREATED after the fix').to.have.length(1);
      expect(created[0].value).to.include({ targetElementId: 'wait', dueDate: resolvedAt + 5 * MINUTE });
      expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);

      await advanceClock(t, 5 * MINUTE);
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
    });

    it('when the instance is cancelled while it waits, then its timer is CANCELED and never fires', async () => {
      const processId = nextId('tc_cancel');
      await deployProcess(t.client, processId, timerProcess(processId, 'duration', 'PT10M'));
      const processInstanceKey = await startInstance(t.client, processId);

      await t.client.cancelProcessInstance(processInstanceKey);
      expect(await timerEvents(t, processInstanceKey, 'CANCELED')).to.have.length(1);

      await advanceClock(t, HOUR);
      expect(await timerEvents(t, processInstanceKey, 'TRIGGERED')).to.have.length(0);
      expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_TERMINATING', 'ELEMENT_TERMINATED']);
    });
  });

  describe('given an interrupting timer boundary event on a service task', () => {
    /** start -> task -> end, with a PT1H boundary on task -> late_end. */
    function deadlineProcess(processId: string, type: string): string {
      return bpmnXml(
        processId,
        start(),
        serviceTask('task', type),
        end(),
        timerBoundary('deadline', 'task', 'duration', 'PT1H'),
        end('late_end'),
        ...chain('start', 'task', 'end'),
        flow('deadline', 'late_end'),
      );
    }

    it('when the timer is due first, then the task is terminated, its job CANCELED, and the boundary path is taken', async () => {
      const processId = nextId('tb_due');
      const type = `${processId}-work`;
      await deployProcess(t.client, processId, deadlineProcess(processId, type));
      const processInstanceKey = await startInstance(t.client, processId);
      const job = await activateJob(t.client, type);

      await advanceClock(t, HOUR);

      expect(await intents(t.db, processInstanceKey, 'task')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_TERMINATING', 'ELEMENT_TERMINATED']);
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'deadline', 'late_end']);
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
      const jobEvents = (await recordsOf(t.db, processInstanceKey)).filter((r) => r.valueType === 'JOB' && r.recordType === 'EVENT').map((r) => r.intent);
      expect(jobEvents).to.include('CANCELED');
      expect(await timerEvents(t, processInstanceKey, 'TRIGGERED')).to.have.length(1);

      const late = await rejectionOf(t.client.completeJob({ jobKey: job.key, variables: {} }));
      expect(late.code, 'completing the cancelled job').to.equal(NOT_FOUND);
    });

    it('when the timer fires, then the boundary event itself opens no timer of its own (one TIMER CREATED, never CANCELED)', async () => {
      const processId = nextId('tb_once');
      await deployProcess(t.client, processId, deadlineProcess(processId, `${processId}-work`));
      const processInstanceKey = await startInstance(t.client, processId);

      await advanceClock(t, HOUR);

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'deadline', 'late_end']);
      const timerLog = (await timerRecords(t, processInstanceKey)).map((r) => `${r.recordType} ${r.intent} ${r.value.targetElementId}`);
      expect(timerLog).to.deep.equal(['EVENT CREATED deadline', 'COMMAND TRIGGER deadline', 'EVENT TRIGGERED deadline']);
    });

    it('when the job completes first, then the timer is CANCELED and the normal path is taken', async () => {
      const processId = nextId('tb_job_first');
      const type = `${processId}-work`;
      await deployProcess(t.client, processId, deadlineProcess(processId, type));
      const processInstanceKey = await startInstance(t.client, processId);
      const [created] = await timerEvents(t, processInstanceKey, 'CREATED');

      await advanceClock(t, 30 * MINUTE);
      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });

      const canceled = await timerEvents(t, processInstanceKey, 'CANCELED');
      expect(canceled).to.have.length(1);
      expect(canceled[0].key).to.equal(created.key);
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'task', 'end']);

      await advanceClock(t, HOUR);
      expect(await timerEvents(t, processInstanceKey, 'TRIGGERED'), 'no trigger after cancel').to.have.length(0);
      expect(await intents(t.db, processInstanceKey, 'deadline')).to.deep.equal([]);
    });
  });

  describe('given an interrupting timer boundary event on an embedded sub-process', () => {
    it('when the timer is due, then the sub-process and the task inside it are terminated and the boundary path is taken', async () => {
      const processId = nextId('tb_sub');
      const type = `${processId}-inner`;
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          start(),
          subProcess('sub', [start('sub_start'), serviceTask('inner', type), end('sub_end'), ...chain('sub_start', 'inner', 'sub_end')]),
          end(),
          timerBoundary('sub_deadline', 'sub', 'duration', 'PT2H'),
          end('late_end'),
          ...chain('start', 'sub', 'end'),
          flow('sub_deadline', 'late_end'),
        ),
      );
      const processInstanceKey = await startInstance(t.client, processId);
      const job = await activateJob(t.client, type);

      await advanceClock(t, 2 * HOUR - 1);
      expect(await intents(t.db, processInstanceKey, 'sub')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);

      await advanceClock(t, 1);
      expect(await intents(t.db, processInstanceKey, 'inner')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_TERMINATING', 'ELEMENT_TERMINATED']);
      expect(await intents(t.db, processInstanceKey, 'sub')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_TERMINATING', 'ELEMENT_TERMINATED']);
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sub_start', 'sub_deadline', 'late_end']);
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
      expect((await rejectionOf(t.client.completeJob({ jobKey: job.key, variables: {} }))).code).to.equal(NOT_FOUND);
    });
  });

  describe('given a non-interrupting cycle timer boundary event R2/PT1H on a service task', () => {
    function reminderProcess(processId: string, type: string): string {
      return bpmnXml(
        processId,
        start(),
        serviceTask('task', type),
        end(),
        timerBoundary('remind', 'task', 'cycle', 'R2/PT1H', false),
        serviceTask('send_reminder', `${type}-reminder`),
        end('reminded'),
        ...chain('start', 'task', 'end'),
        ...chain('remind', 'send_reminder', 'reminded'),
      );
    }
    const remindersOf = async (processInstanceKey: string) =>
      (await intents(t.db, processInstanceKey, 'remind')).filter((intent) => intent === 'ELEMENT_COMPLETED').length;

    it('when 1, 2 and 3 hours pass, then the boundary path runs once, twice, and not a third time, while the task waits', async () => {
      const processId = nextId('tb_cycle');
      const type = `${processId}-work`;
      await deployProcess(t.client, processId, reminderProcess(processId, type));
      const processInstanceKey = await startInstance(t.client, processId);

      await advanceClock(t, HOUR);
      expect(await remindersOf(processInstanceKey), 'after 1 h').to.equal(1);
      expect(await intents(t.db, processInstanceKey, 'task')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);
      expect(await activateJobs(t.client, `${type}-reminder`), 'reminder jobs after 1 h').to.have.length(1);

      await advanceClock(t, HOUR);
      expect(await remindersOf(processInstanceKey), 'after 2 h').to.equal(2);
      expect(await intents(t.db, processInstanceKey, 'task')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);

      await advanceClock(t, HOUR);
      expect(await remindersOf(processInstanceKey), 'after 3 h').to.equal(2);
      expect(await timerEvents(t, processInstanceKey, 'TRIGGERED')).to.have.length(2);
      const created = await timerEvents(t, processInstanceKey, 'CREATED');
      expect(created.map((r) => r.value.repetitions), 'repetitions left on each CREATED').to.deep.equal([1, 0]);
      expect(created[1].value.dueDate - created[0].value.dueDate).to.equal(HOUR);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });
      expect(await intents(t.db, processInstanceKey, 'task')).to.include('ELEMENT_COMPLETED');
    });

    it('when the task completes after the first reminder, then the remaining timer is CANCELED and fires no more', async () => {
      const processId = nextId('tb_cycle_done');
      const type = `${processId}-work`;
      await deployProcess(t.client, processId, reminderProcess(processId, type));
      const processInstanceKey = await startInstance(t.client, processId);
      await advanceClock(t, HOUR);
      expect(await remindersOf(processInstanceKey)).to.equal(1);

      await t.client.completeJob({ jobKey: (await activateJob(t.client, type)).key, variables: {} });
      const created = await timerEvents(t, processInstanceKey, 'CREATED');
      const canceled = await timerEvents(t, processInstanceKey, 'CANCELED');
      expect(canceled, 'TIMER CANCELED').to.have.length(1);
      expect(canceled[0].key, 'the second timer is the one cancelled').to.equal(created[1].key);

      await advanceClock(t, 3 * HOUR);
      expect(await remindersOf(processInstanceKey), 'reminders after the task completed').to.equal(1);
      expect(await timerEvents(t, processInstanceKey, 'TRIGGERED')).to.have.length(1);
    });
  });

  describe('given a deployment with a misplaced or invalid timer', () => {
    type Row = [construct: string, elements: string[], namedId: string];
    const rows: Row[] = [
      ['a timeCycle on an intermediate catch event', [start(), timerCatch('cycle_catch', 'cycle', 'R3/PT1H'), end(), ...chain('start', 'cycle_catch', 'end')], 'cycle_catch'],
      ['a timeDuration on a start event', [timerStart('duration_start', 'duration', 'PT1H'), end(), flow('duration_start', 'end')], 'duration_start'],
      [
        'a timer start event in an embedded sub-process',
        [
          start(),
          subProcess('sub', [timerStart('inner_timer_start', 'date', '2026-06-01T00:00:00Z'), end('sub_end'), flow('inner_timer_start', 'sub_end')]),
          end(),
          ...chain('start', 'sub', 'end'),
        ],
        'inner_timer_start',
      ],
      ["an unparsable static timeDate 'PT' on a start event", [timerStart('bad_date_start', 'date', 'PT'), end(), flow('bad_date_start', 'end')], 'bad_date_start'],
      ["an unparsable static timeCycle 'R3/PT' on a start event", [timerStart('bad_cycle_start', 'cycle', 'R3/PT'), end(), flow('bad_cycle_start', 'end')], 'bad_cycle_start'],
      // Zeebe validates static timer expressions of every timer event at deploy time, not only start events.
      ["an unparsable static timeDuration 'PT' on an intermediate catch event", [start(), timerCatch('bad_catch', 'duration', 'PT'), end(), ...chain('start', 'bad_catch', 'end')], 'bad_catch'],
    ];

    for (const [construct, elements, namedId] of rows) {
      it(`(${construct}) when it is deployed, then it is rejected with INVALID_ARGUMENT naming '${namedId}'`, async () => {
        const processId = nextId('tv');
        const rejection = await rejectionOf(deployProcess(t.client, processId, bpmnXml(processId, ...elements)));
        expect(rejection.code).to.equal(INVALID_ARGUMENT);
        expect(rejection.message).to.include(namedId);
      });
    }
  });
});

describe('timer start events', () => {
  let t: TestEngine;
  // Each test gets an engine of its own: start event timers of one test must not start instances in another,
  // and the cron test needs the clock at 2026-01-01.
  beforeEach(async () => (t = await startTestEngine()));
  afterEach(async () => t.stop());

  const timerStartProcess = (processId: string, kind: TimerKind, text: string, endId = 'end') =>
    bpmnXml(processId, timerStart('timer_start', kind, text), end(endId), flow('timer_start', endId));

  it('given a timeDate start event, when the clock passes the date, then one instance starts at the timer start event, and no more after', async () => {
    const due = t.clock.now() + 3 * HOUR;
    const { key } = await deployForKey(t, 'ts_date', timerStartProcess('ts_date', 'date', isoWithOffset(due, 60)));
    const [created] = await startTimerEvents(t, key, 'CREATED');
    expect(created.value).to.include({ processDefinitionKey: key, targetElementId: 'timer_start', dueDate: due, elementInstanceKey: '-1', processInstanceKey: '-1' });

    await advanceClock(t, 3 * HOUR - 1);
    expect(await instancesCreated(t, 'ts_date'), 'before the date').to.have.length(0);

    await advanceClock(t, 1);
    const instances = await instancesCreated(t, 'ts_date');
    expect(instances, 'at the date').to.have.length(1);
    expect(instances[0].value).to.include({ processDefinitionKey: key, bpmnProcessId: 'ts_date', version: 1 });
    const processInstanceKey = String(instances[0].value.processInstanceKey);
    expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['timer_start', 'end']);
    expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);

    await advanceClock(t, 24 * HOUR);
    expect(await instancesCreated(t, 'ts_date'), 'a day later').to.have.length(1);
  });

  it('given a timeDate start event, when it starts an instance, then the start event opens no further timer (one TIMER CREATED, never CANCELED)', async () => {
    const { key } = await deployForKey(t, 'ts_once', timerStartProcess('ts_once', 'date', isoWithOffset(t.clock.now() + HOUR, 0)));
    await advanceClock(t, HOUR);

    expect(await instancesCreated(t, 'ts_once')).to.have.length(1);
    const timerLog = (await readRecords(t.db, { valueType: 'TIMER' })).map((r) => `${r.recordType} ${r.intent} ${r.value.processDefinitionKey === key}`);
    expect(timerLog).to.deep.equal(['EVENT CREATED true', 'COMMAND TRIGGER true', 'EVENT TRIGGERED true']);
  });

  it('given a timeCycle R3/PT1H start event, when 1, 2, 3 and 5 hours pass, then one instance starts each hour and no fourth', async () => {
    const { key } = await deployForKey(t, 'ts_cycle', timerStartProcess('ts_cycle', 'cycle', 'R3/PT1H'));
    const counts: number[] = [];
    for (const step of [HOUR - 1, 1, HOUR, HOUR, 2 * HOUR]) {
      await advanceClock(t, step);
      counts.push((await instancesCreated(t, 'ts_cycle')).length);
    }
    expect(counts, 'instances after 1h-1ms, 1h, 2h, 3h, 5h').to.deep.equal([0, 1, 2, 3, 3]);
    expect(await startTimerEvents(t, key, 'TRIGGERED')).to.have.length(3);
    const dueDates = (await startTimerEvents(t, key, 'CREATED')).map((r) => r.value.dueDate);
    const origin = Date.UTC(2026, 0, 1);
    expect(dueDates).to.deep.equal([origin + HOUR, origin + 2 * HOUR, origin + 3 * HOUR]);
  });

  it("given a cron start event '0 0 9 1 6 ?', when the clock passes 2026-06-01T09:00Z, then exactly one instance starts", async () => {
    expect(t.clock.now()).to.equal(Date.UTC(2026, 0, 1));
    const { key } = await deployForKey(t, 'ts_cron', timerStartProcess('ts_cron', 'cycle', '0 0 9 1 6 ?'));
    const nineOnFirstOfJune = Date.UTC(2026, 5, 1, 9);
    const [created] = await startTimerEvents(t, key, 'CREATED');
    expect(created.value.dueDate, 'first due date').to.equal(nineOnFirstOfJune);

    await advanceClock(t, nineOnFirstOfJune - t.clock.now() - 1);
    expect(await instancesCreated(t, 'ts_cron'), 'just before').to.have.length(0);

    await advanceClock(t, 1 + HOUR);
    expect(await instancesCreated(t, 'ts_cron'), 'after 09:00').to.have.length(1);
    const next = (await startTimerEvents(t, key, 'CREATED')).map((r) => r.value.dueDate);
    expect(next, 'the next occurrence is a year later').to.deep.equal([nineOnFirstOfJune, Date.UTC(2027, 5, 1, 9)]);
  });

  it('given a deployed timer start, when a changed version is deployed, then the old timer is CANCELED and the new timer starts instances of the new version', async () => {
    const v1 = await deployForKey(t, 'ts_redeploy', timerStartProcess('ts_redeploy', 'cycle', 'R/PT1H'));
    const [oldTimer] = await startTimerEvents(t, v1.key, 'CREATED');

    const v2 = await deployForKey(t, 'ts_redeploy', timerStartProcess('ts_redeploy', 'cycle', 'R/PT2H', 'end_v2'));
    expect(v2.version).to.equal(2);
    const canceled = await startTimerEvents(t, v1.key, 'CANCELED');
    expect(canceled, 'old version timer CANCELED').to.have.length(1);
    expect(canceled[0].key).to.equal(oldTimer.key);
    expect(await startTimerEvents(t, v2.key, 'CREATED'), 'new version timer').to.have.length(1);

    await advanceClock(t, 2 * HOUR);
    const instances = await instancesCreated(t, 'ts_redeploy');
    expect(instances.map((r) => [r.value.processDefinitionKey, r.value.version])).to.deep.equal([[v2.key, 2]]);
    expect(await elementPath(t.db, String(instances[0].value.processInstanceKey))).to.deep.equal(['timer_start', 'end_v2']);
    expect(await startTimerEvents(t, v1.key, 'TRIGGERED'), 'old timer never fires').to.have.length(0);
  });

  it('given an identical redeployment, when it is deployed again, then the timer is neither cancelled nor duplicated', async () => {
    const xml = timerStartProcess('ts_same', 'cycle', 'R/PT1H');
    const v1 = await deployForKey(t, 'ts_same', xml);
    const again = await deployForKey(t, 'ts_same', xml);
    expect(again.key).to.equal(v1.key);
    expect(await startTimerEvents(t, v1.key, 'CANCELED')).to.have.length(0);
    expect(await startTimerEvents(t, v1.key, 'CREATED')).to.have.length(1);

    await advanceClock(t, HOUR);
    expect(await instancesCreated(t, 'ts_same')).to.have.length(1);
  });

  it('given a process with only a timer start event, when CreateProcessInstance is called, then it fails with FAILED_PRECONDITION', async () => {
    await deployProcess(t.client, 'ts_only', timerStartProcess('ts_only', 'cycle', 'R/PT1H'));
    const rejection = await rejectionOf(startInstance(t.client, 'ts_only'));
    expect(rejection.code).to.equal(FAILED_PRECONDITION);
    expect(rejection.message).to.include('Expected to create instance of process with none start event, but there is no such event');
  });
});

describe('timer across a restart', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  it('given a timer in flight, when the engine restarts and the clock passes the due date, then the timer fires exactly once', async () => {
    await deployProcess(t.client, 'tr_restart', bpmnXml('tr_restart', start(), timerCatch('wait', 'duration', 'PT10M'), end(), ...chain('start', 'wait', 'end')));
    const processInstanceKey = await startInstance(t.client, 'tr_restart');
    await advanceClock(t, 5 * MINUTE);

    await t.restart();
    await settle(t);
    expect(await isCompleted(t.db, processInstanceKey), 'before the due date').to.equal(false);

    await advanceClock(t, 5 * MINUTE);
    expect(await isCompleted(t.db, processInstanceKey), 'after the due date').to.equal(true);
    await advanceClock(t, HOUR);
    expect(await timerEvents(t, processInstanceKey, 'TRIGGERED')).to.have.length(1);
    expect((await intents(t.db, processInstanceKey, 'wait')).filter((i) => i === 'ELEMENT_COMPLETED')).to.have.length(1);
  });

  it('given a timer start cycle, when the engine restarts, then it goes on starting instances once per due date', async () => {
    await deployProcess(t.client, 'tr_cycle', bpmnXml('tr_cycle', timerStart('timer_start', 'cycle', 'R/PT1H'), end(), flow('timer_start', 'end')));
    await advanceClock(t, HOUR);
    expect(await instancesCreated(t, 'tr_cycle')).to.have.length(1);

    await t.restart();
    await settle(t);
    expect(await instancesCreated(t, 'tr_cycle'), 'right after the restart').to.have.length(1);
    await advanceClock(t, HOUR);
    expect(await instancesCreated(t, 'tr_cycle'), 'an hour after the restart').to.have.length(2);
  });
});
