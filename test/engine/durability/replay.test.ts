import { expect } from 'chai';
import fc from 'fast-check';
import type { Knex } from 'knex';
import type { ZBClient } from 'zeebe-node';
import { ManualClock } from '../../../src/engine/clock';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../src/engine/embedded';
import { LogStore } from '../../../src/engine/log/log-store';
import { recoverState } from '../../../src/engine/recovery';
import { canonicalState } from '../../../src/engine/state/compare';
import type { EngineState } from '../../../src/engine/state/engine-state';
import { migrate } from '../../../src/db';
import { openTestDatabase, startTestEngine } from '../../helpers/engine';
import {
  bpmnXml,
  chain,
  definitions,
  end,
  errorBoundary,
  errorEnd,
  exclusiveGateway,
  flow,
  manualTask,
  message,
  messageBoundary,
  messageCatch,
  messageDefinition,
  messageStart,
  parallelGateway,
  process as processElement,
  receiveTask,
  serviceTask,
  start,
  subProcess,
  terminateEnd,
  timerBoundary,
  timerCatch,
  timerDefinition,
  timerStart,
  type TimerKind,
} from '../../helpers/bpmn';
import { differences, readLogRows, type LogRow } from './log-audit';
import { verifyLog } from '../../../src/engine/log/verify-log';
import { isolatedClient } from './clients';

/**
 * Zeebe's ReplayStatePropertyTest, over gRPC: random processes (tasks, gateways, timers, messages and
 * signals caught and thrown, call activities, multi-instance activities, sub-processes and event
 * sub-processes, and a second start event on a timer, a message or a signal) driven by random worker,
 * publisher and operator actions;
 * afterwards the state rebuilt from the log alone, and from a snapshot taken on the way plus the log after
 * it, must equal the state the engine holds. Reproduce a failure with REPLAY_SEED=<seed> (and REPLAY_PATH).
 */
const SEED = Number(process.env.REPLAY_SEED ?? 830_2026);
const RUNS = Number(process.env.REPLAY_RUNS ?? 100);

// ---------------------------------------------------------------------------------------------------------
// Process structures

type ErrorCode = 'E1' | 'E2';
/** Messages caught by catch events, receive tasks and boundary events, correlated by `=n`. */
type MessageName = 'M1' | 'M2';
/** Signals caught and thrown inside instances; SS only starts instances and is only broadcast by a caller. */
type SignalName = 'S1' | 'S2';
/**
 * A boundary event: an error boundary (without a code it catches every error), an interrupting timer
 * (a duration) or a non-interrupting timer (a cycle, so that it fires beside its host more than once), or
 * a message or signal boundary, interrupting or not.
 */
type Boundary =
  | { kind: 'error'; code?: ErrorCode }
  | { kind: 'timer'; interrupting: true; duration: string }
  | { kind: 'timer'; interrupting: false; cycle: string }
  | { kind: 'message'; name: MessageName; interrupting: boolean }
  | { kind: 'signal'; name: SignalName; interrupting: boolean };

/** An event sub-process of a scope: a service task then an end event, started by one of these. */
type EventSub = { trigger: 'timer' | 'message' | 'signal'; interrupting: boolean } | { trigger: 'error'; interrupting: true };

/** What a multi-instance activity repeats: a service task, an embedded sub-process or a call activity. */
type MultiInner = { kind: 'service'; jobType: string } | { kind: 'sub'; body: Step[] } | { kind: 'call' };

type Step =
  | { kind: 'service'; jobType: string; retries: number; mapped: boolean; boundary?: Boundary }
  | { kind: 'manual' }
  | { kind: 'timer'; definition: TimerKind; text: string }
  | { kind: 'xor'; branches: Step[][] }
  /** A parallel split; with `terminate`, one more branch runs those steps and ends in a terminate end event. */
  | { kind: 'and'; branches: Step[][]; terminate?: Step[] }
  | { kind: 'sub'; body: Step[]; mapped: boolean; boundary?: Boundary; errorEnd?: ErrorCode; terminateEnd: boolean; eventSub?: EventSub }
  | { kind: 'message'; name: MessageName; receiveTask: boolean }
  | { kind: 'signal'; name: SignalName }
  | { kind: 'signalThrow'; name: SignalName; end: boolean }
  /** A call activity of the child process (or, as an incident, of a process never deployed). */
  | { kind: 'call'; calledElement: 'replay_child' | 'replay_missing'; propagate: boolean; boundary?: Boundary }
  | { kind: 'multi'; sequential: boolean; collection: string; output: boolean; completion?: string; inner: MultiInner; boundary?: Boundary };

const JOB_TYPES = ['alpha', 'beta', 'gamma'];
const ERROR_CODES: ErrorCode[] = ['E1', 'E2'];
const MESSAGE_NAMES: MessageName[] = ['M1', 'M2'];
const SIGNAL_NAMES: SignalName[] = ['S1', 'S2'];

/** A value in one case out of `oneIn`, else undefined (fc.option is the other way round: undefined one in freq). */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbitrary });
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The ManualClock starts at 2026-01-01T00:00Z; this date is in its future at first and in its past after two hours. */
const FIXED_DATE = '2026-01-01T02:00:00Z';

/**
 * Timers of minutes to hours, so that the clock advances below fire some and not others. The FEEL duration
 * reads n: 0 gives a timer due at once, a missing n an EXTRACT_VALUE_ERROR incident.
 */
const catchTimerArb: fc.Arbitrary<{ definition: TimerKind; text: string }> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ definition: fc.constant('duration' as const), text: fc.constantFrom('PT5M', 'PT1H', 'PT3H') }) },
  { weight: 1, arbitrary: fc.record({ definition: fc.constant('duration' as const), text: fc.constant('="PT" + string(n) + "0M"') }) },
  { weight: 1, arbitrary: fc.record({ definition: fc.constant('date' as const), text: fc.constant(FIXED_DATE) }) },
);

const boundaryArb: fc.Arbitrary<Boundary | undefined> = fc.option(
  fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('error' as const), code: fc.option(fc.constantFrom(...ERROR_CODES), { nil: undefined }) }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('timer' as const), interrupting: fc.constant(true as const), duration: fc.constantFrom('PT10M', 'PT2H') }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('timer' as const), interrupting: fc.constant(false as const), cycle: fc.constantFrom('R2/PT1H', 'R3/PT20M') }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('message' as const), name: fc.constantFrom(...MESSAGE_NAMES), interrupting: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('signal' as const), name: fc.constantFrom(...SIGNAL_NAMES), interrupting: fc.boolean() }) },
  ) as fc.Arbitrary<Boundary>,
  { nil: undefined, freq: 3 },
);

const eventSubArb: fc.Arbitrary<EventSub | undefined> = sometimes(
  fc.oneof(
    fc.record({ trigger: fc.constantFrom('timer' as const, 'message' as const, 'signal' as const), interrupting: fc.boolean() }),
    fc.constant({ trigger: 'error' as const, interrupting: true as const }),
  ) as fc.Arbitrary<EventSub>,
  4,
);

/** Steps that wait on something and contain nothing: the child process of call activities is made of these. */
const leafStepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('service' as const), jobType: fc.constantFrom(...JOB_TYPES), retries: fc.integer({ min: 1, max: 3 }), mapped: fc.boolean(), boundary: boundaryArb }) },
  { weight: 1, arbitrary: catchTimerArb.map((timer) => ({ kind: 'timer' as const, ...timer })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('message' as const), name: fc.constantFrom(...MESSAGE_NAMES), receiveTask: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('signal' as const), name: fc.constantFrom(...SIGNAL_NAMES) }) },
);

/** An input collection: lists of one to three items, an empty one, or `x`, which may be anything (or missing: an incident). */
const collectionArb = fc.constantFrom('=[1,2]', '=[1,2,3]', '=[]', '=x');

const { steps: stepsArb } = fc.letrec<{ step: Step; steps: Step[]; branch: Step[] }>((tie) => ({
  step: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'step' },
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('service' as const),
        jobType: fc.constantFrom(...JOB_TYPES),
        retries: fc.integer({ min: 1, max: 3 }),
        mapped: fc.boolean(),
        boundary: boundaryArb,
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'manual' as const }) },
    { weight: 2, arbitrary: catchTimerArb.map((timer) => ({ kind: 'timer' as const, ...timer })) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('xor' as const), branches: fc.array(tie('branch'), { minLength: 2, maxLength: 3 }) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('and' as const),
        branches: fc.array(tie('branch'), { minLength: 2, maxLength: 3 }),
        terminate: sometimes(tie('branch'), 2),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('sub' as const),
        body: tie('steps'),
        mapped: fc.boolean(),
        boundary: boundaryArb,
        errorEnd: fc.option(fc.constantFrom(...ERROR_CODES), { nil: undefined }),
        terminateEnd: fc.integer({ min: 0, max: 3 }).map((v) => v === 0),
        eventSub: eventSubArb,
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('message' as const), name: fc.constantFrom(...MESSAGE_NAMES), receiveTask: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('signal' as const), name: fc.constantFrom(...SIGNAL_NAMES) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('signalThrow' as const), name: fc.constantFrom(...SIGNAL_NAMES), end: fc.boolean() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('call' as const),
        calledElement: fc.integer({ min: 0, max: 5 }).map((v) => (v === 0 ? ('replay_missing' as const) : ('replay_child' as const))),
        propagate: fc.boolean(),
        boundary: boundaryArb,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('multi' as const),
        sequential: fc.boolean(),
        collection: collectionArb,
        output: fc.boolean(),
        completion: sometimes(fc.constantFrom('=numberOfCompletedInstances >= 1', '=loopCounter = 2'), 3),
        inner: fc.oneof(
          { weight: 3, arbitrary: fc.record({ kind: fc.constant('service' as const), jobType: fc.constantFrom(...JOB_TYPES) }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('sub' as const), body: tie('steps') }) },
          { weight: 1, arbitrary: fc.constant({ kind: 'call' as const }) },
        ) as fc.Arbitrary<MultiInner>,
        boundary: boundaryArb,
      }),
    },
  ) as fc.Arbitrary<Step>,
  steps: fc.array(tie('step'), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Step[]>,
  branch: fc.array(tie('step'), { minLength: 0, maxLength: 2 }) as fc.Arbitrary<Step[]>,
}));

/**
 * A second start event, which starts instances of its own: on a timer as the clock passes it, on the
 * message MS (one active instance per correlation key), or on the signal SS.
 */
type ExtraStart = { definition: 'date' | 'cycle'; text: string } | { definition: 'message' } | { definition: 'signal' } | undefined;

const extraStartArb: fc.Arbitrary<ExtraStart> = sometimes(
  fc.oneof(
    fc.record({ definition: fc.constant('date' as const), text: fc.constant(FIXED_DATE) }),
    fc.record({ definition: fc.constant('cycle' as const), text: fc.constant('R2/PT1H') }),
    fc.constant({ definition: 'message' as const }),
    fc.constant({ definition: 'signal' as const }),
  ),
  3,
);

const signalDefinition = (name: string) => `<bpmn:signalEventDefinition signalRef="sig_${name}" />`;
const signalDeclarations = ['S1', 'S2', 'SS'].map((name) => `<bpmn:signal id="sig_${name}" name="${name}" />`);
/** Every message a process may refer to; process() moves them to the definitions. MS and ME start things, so they need no key. */
const messageDeclarations = [message('M1', '=n'), message('M2', '=n'), message('MS'), message('ME', '=n')];

function loopCharacteristics(step: Extract<Step, { kind: 'multi' }>): string {
  const output = step.output ? ' outputCollection="results" outputElement="=item"' : '';
  const condition = step.completion
    ? `<bpmn:completionCondition xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression">${step.completion.replace(/>/g, '&gt;')}</bpmn:completionCondition>`
    : '';
  return (
    `<bpmn:multiInstanceLoopCharacteristics isSequential="${step.sequential}"><bpmn:extensionElements>` +
    `<zeebe:loopCharacteristics inputCollection="${step.collection}" inputElement="item"${output} />` +
    `</bpmn:extensionElements>${condition}</bpmn:multiInstanceLoopCharacteristics>`
  );
}

/** Puts XML just before an element's own closing tag (the last one, so that nested elements of the same kind are passed over). */
function beforeClosingTag(xml: string, tag: string, inner: string): string {
  const at = xml.lastIndexOf(`</bpmn:${tag}>`);
  return `${xml.slice(0, at)}${inner}${xml.slice(at)}`;
}

function callActivity(id: string, calledElement: string, propagate: boolean): string {
  return (
    `<bpmn:callActivity id="${id}"><bpmn:extensionElements>` +
    `<zeebe:calledElement processId="${calledElement}" propagateAllChildVariables="${propagate}" />` +
    `</bpmn:extensionElements></bpmn:callActivity>`
  );
}

/**
 * Writes the steps as BPMN: each step has one way in and one way out; flows get unique ids. A timer start
 * event, if any, joins the none start event's path through an exclusive merge.
 */
function processXml(processId: string, steps: Step[], extraStart?: ExtraStart, eventSub?: EventSub): string {
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}_${++counter}`;
  const link = (out: string[], from: string, to: string, condition?: string) => {
    const id = nextId('flow');
    out.push(flow(from, to, condition, id));
    return id;
  };

  const emitSequence = (items: Step[], out: string[]): { entry: string; exit: string } | undefined => {
    let first: { entry: string; exit: string } | undefined;
    let previousExit: string | undefined;
    for (const item of items) {
      const emitted = emitStep(item, out);
      if (previousExit) link(out, previousExit, emitted.entry);
      first ??= emitted;
      previousExit = emitted.exit;
    }
    return first && { entry: first.entry, exit: previousExit! };
  };

  /**
   * An error or interrupting timer boundary event leads to an exclusive merge after its host, so either way
   * one token goes on. A non-interrupting timer leads, each time it fires, to a reminder job and an end
   * event of its own, beside the host that goes on waiting.
   */
  const withBoundary = (hostId: string, boundary: Boundary | undefined, out: string[]) => {
    if (!boundary) return { entry: hostId, exit: hostId };
    const catchId = nextId('catch');
    if (boundary.kind !== 'error' && !boundary.interrupting) {
      const reminder = nextId('remind');
      const reminded = nextId('end');
      out.push(boundaryXml(catchId, hostId, boundary), serviceTask(reminder, 'gamma'), end(reminded));
      link(out, catchId, reminder);
      link(out, reminder, reminded);
      return { entry: hostId, exit: hostId };
    }
    const merge = nextId('merge');
    out.push(boundaryXml(catchId, hostId, boundary), exclusiveGateway(merge));
    link(out, hostId, merge);
    link(out, catchId, merge);
    return { entry: hostId, exit: merge };
  };

  const boundaryXml = (catchId: string, hostId: string, boundary: Boundary): string => {
    switch (boundary.kind) {
      case 'error':
        return errorBoundary(catchId, hostId, boundary.code);
      case 'timer':
        return boundary.interrupting
          ? timerBoundary(catchId, hostId, 'duration', boundary.duration)
          : timerBoundary(catchId, hostId, 'cycle', boundary.cycle, false);
      case 'message':
        return messageBoundary(catchId, hostId, boundary.name, boundary.interrupting);
      case 'signal':
        return `<bpmn:boundaryEvent id="${catchId}" attachedToRef="${hostId}" cancelActivity="${boundary.interrupting}">${signalDefinition(boundary.name)}</bpmn:boundaryEvent>`;
    }
  };

  /** An event sub-process in a scope: started by its trigger, it runs a service task of its own to an end event. */
  const emitEventSub = (trigger: EventSub, out: string[]) => {
    const id = nextId('esp');
    const definitionOf = {
      timer: () => timerDefinition(trigger.interrupting ? 'duration' : 'cycle', trigger.interrupting ? 'PT30M' : 'R2/PT40M'),
      message: () => messageDefinition('ME'),
      signal: () => signalDefinition('S2'),
      error: () => '<bpmn:errorEventDefinition />',
    }[trigger.trigger];
    const inner: string[] = [];
    const [startId, handle, endId] = [nextId('esp_start'), nextId('handle'), nextId('esp_end')];
    inner.push(`<bpmn:startEvent id="${startId}" isInterrupting="${trigger.interrupting}">${definitionOf()}</bpmn:startEvent>`, serviceTask(handle, 'gamma'), end(endId));
    link(inner, startId, handle);
    link(inner, handle, endId);
    out.push(`<bpmn:subProcess id="${id}" triggeredByEvent="true">${inner.join('\n')}</bpmn:subProcess>`);
  };

  const emitStep = (item: Step, out: string[]): { entry: string; exit: string } => {
    switch (item.kind) {
      case 'service': {
        const id = nextId('task');
        const mapping = item.mapped ? { inputs: [['=n', 'local']] as Array<[string, string]>, outputs: [['=local', 'echo']] as Array<[string, string]> } : {};
        out.push(serviceTask(id, item.jobType, { retries: String(item.retries), ...mapping }));
        return withBoundary(id, item.boundary, out);
      }
      case 'manual': {
        const id = nextId('manual');
        out.push(manualTask(id));
        return { entry: id, exit: id };
      }
      case 'timer': {
        const id = nextId('wait');
        out.push(timerCatch(id, item.definition, item.text));
        return { entry: id, exit: id };
      }
      case 'xor': {
        const split = nextId('xor');
        const merge = nextId('merge');
        let defaultFlow = '';
        item.branches.forEach((branch, i) => {
          const isDefault = i === item.branches.length - 1;
          const condition = isDefault ? undefined : `=n = ${i}`;
          const body = emitSequence(branch, out);
          const id = link(out, split, body ? body.entry : merge, condition);
          if (body) link(out, body.exit, merge);
          if (isDefault) defaultFlow = id;
        });
        out.push(exclusiveGateway(split, defaultFlow), exclusiveGateway(merge));
        return { entry: split, exit: merge };
      }
      case 'and': {
        const fork = nextId('fork');
        const join = nextId('join');
        for (const branch of item.branches) {
          const body = emitSequence(branch, out);
          link(out, fork, body ? body.entry : join);
          if (body) link(out, body.exit, join);
        }
        if (item.terminate) {
          // The terminating branch does not reach the join: when it ends, it ends everything in the scope.
          const terminator = nextId('terminate');
          const body = emitSequence(item.terminate, out);
          link(out, fork, body ? body.entry : terminator);
          if (body) link(out, body.exit, terminator);
          out.push(terminateEnd(terminator));
        }
        out.push(parallelGateway(fork), parallelGateway(join));
        return { entry: fork, exit: join };
      }
      case 'sub': {
        const id = nextId('sub');
        const inner: string[] = [];
        const startId = nextId('start');
        const endId = nextId('end');
        inner.push(start(startId), item.terminateEnd ? terminateEnd(endId) : end(endId));
        const body = emitSequence(item.body, inner);
        if (body) link(inner, startId, body.entry);
        const last = body ? body.exit : startId;
        if (item.errorEnd) {
          // The sub-process ends in its error when `boom` is true, else normally.
          const split = nextId('xor');
          const thrower = nextId('throw');
          link(inner, last, split);
          link(inner, split, thrower, '=boom = true');
          const normal = link(inner, split, endId);
          inner.push(exclusiveGateway(split, normal), errorEnd(thrower, item.errorEnd));
        } else {
          link(inner, last, endId);
        }
        if (item.eventSub) emitEventSub(item.eventSub, inner);
        out.push(subProcess(id, inner, item.mapped ? { inputs: [['=n', 'n']] } : {}));
        return withBoundary(id, item.boundary, out);
      }
      case 'message': {
        const id = nextId('receive');
        out.push(item.receiveTask ? receiveTask(id, item.name) : messageCatch(id, item.name));
        return { entry: id, exit: id };
      }
      case 'signal': {
        const id = nextId('signal');
        out.push(`<bpmn:intermediateCatchEvent id="${id}">${signalDefinition(item.name)}</bpmn:intermediateCatchEvent>`);
        return { entry: id, exit: id };
      }
      case 'signalThrow': {
        // A throwing end event ends its branch; the step then goes on by a parallel fork beside it.
        const id = nextId('throw');
        if (!item.end) {
          out.push(`<bpmn:intermediateThrowEvent id="${id}">${signalDefinition(item.name)}</bpmn:intermediateThrowEvent>`);
          return { entry: id, exit: id };
        }
        const fork = nextId('fork');
        out.push(parallelGateway(fork), `<bpmn:endEvent id="${id}">${signalDefinition(item.name)}</bpmn:endEvent>`);
        link(out, fork, id);
        return { entry: fork, exit: fork };
      }
      case 'call': {
        const id = nextId('call');
        out.push(callActivity(id, item.calledElement, item.propagate));
        return withBoundary(id, item.boundary, out);
      }
      case 'multi': {
        const id = nextId('multi');
        const loop = loopCharacteristics(item);
        if (item.inner.kind === 'service') {
          out.push(beforeClosingTag(serviceTask(id, item.inner.jobType), 'serviceTask', loop));
        } else if (item.inner.kind === 'call') {
          out.push(beforeClosingTag(callActivity(id, 'replay_child', false), 'callActivity', loop));
        } else {
          const inner: string[] = [];
          const [startId, endId] = [nextId('start'), nextId('end')];
          inner.push(start(startId), end(endId));
          const body = emitSequence(item.inner.body, inner);
          link(inner, startId, body ? body.entry : endId);
          if (body) link(inner, body.exit, endId);
          out.push(beforeClosingTag(subProcess(id, inner), 'subProcess', loop));
        }
        return withBoundary(id, item.boundary, out);
      }
    }
  };

  const elements: string[] = [start('start'), end('end')];
  const body = emitSequence(steps, elements)!;
  if (extraStart) {
    const extra =
      extraStart.definition === 'message'
        ? messageStart('extra_start', 'MS')
        : extraStart.definition === 'signal'
          ? `<bpmn:startEvent id="extra_start">${signalDefinition('SS')}</bpmn:startEvent>`
          : timerStart('extra_start', extraStart.definition, extraStart.text);
    elements.push(extra, exclusiveGateway('started'));
    elements.push(...chain('start', 'started', body.entry), flow('extra_start', 'started', undefined, 'extra_to_started'));
  } else {
    elements.push(...chain('start', body.entry));
  }
  elements.push(flow(body.exit, 'end', undefined, 'to_end'));
  if (eventSub) emitEventSub(eventSub, elements);
  return definitions(...signalDeclarations, processElement(processId, ...messageDeclarations, ...elements));
}

// ---------------------------------------------------------------------------------------------------------
// Actions

type Variables = Record<string, unknown>;

type Action =
  | { kind: 'create'; variables: Variables }
  | { kind: 'activate'; jobType: string; max: number; timeout: number }
  | { kind: 'complete'; pick: number; stale: boolean; variables: Variables }
  | { kind: 'fail'; pick: number; stale: boolean; retries: number; backoff: number; variables: Variables }
  | { kind: 'throw'; pick: number; stale: boolean; code: string; variables: Variables }
  | { kind: 'setVariables'; pick: number; local: boolean; variables: Variables }
  | { kind: 'cancel'; pick: number }
  | { kind: 'resolve'; pick: number; updateRetries: boolean; retries: number }
  /** With `aim`, the message is the one an open subscription waits for (if any), picked as jobs are. */
  | { kind: 'publish'; name: MessageName | 'ME' | 'MS'; correlationKey: string; aim?: number; ttl: number; messageId?: string; variables: Variables }
  | { kind: 'broadcast'; name: SignalName | 'SS'; variables: Variables }
  | { kind: 'advance'; ms: number }
  | { kind: 'restart' };

const valueArb = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
  fc.record({ a: fc.integer({ min: 0, max: 9 }) }),
);

/** Few names, so that writes update variables as often as they create them; n and boom steer the gateways. */
const variablesArb: fc.Arbitrary<Variables> = fc.record(
  { n: fc.integer({ min: 0, max: 3 }), boom: fc.boolean(), x: valueArb, y: valueArb },
  { requiredKeys: [] },
);

const pick = fc.nat({ max: 1000 });
const stale = fc.integer({ min: 0, max: 9 }).map((v) => v === 0);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), variables: variablesArb }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('activate' as const),
      jobType: fc.constantFrom(...JOB_TYPES),
      max: fc.integer({ min: 1, max: 3 }),
      timeout: fc.constantFrom(1_000, 5_000, 60_000),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick, stale, variables: variablesArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('fail' as const),
      pick,
      stale,
      retries: fc.integer({ min: 0, max: 2 }),
      backoff: fc.constantFrom(0, 2_000),
      variables: variablesArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('throw' as const), pick, stale, code: fc.constantFrom('E1', 'E2', 'E3'), variables: variablesArb }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('setVariables' as const), pick, local: fc.boolean(), variables: variablesArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick, updateRetries: fc.boolean(), retries: fc.integer({ min: 1, max: 2 }) }),
  },
  // Seconds let back-offs end and short job time-outs pass; minutes and hours fire timers (and time out every job).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(500, 1_500, 3_000, 70_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(5 * MINUTE, 25 * MINUTE, HOUR, 2 * HOUR) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  {
    // Keys are what `=n` gives; a zero TTL correlates only to what waits already, minutes and hours buffer.
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('publish' as const),
      name: fc.constantFrom('M1' as const, 'M1' as const, 'M2' as const, 'M2' as const, 'ME' as const, 'MS' as const),
      correlationKey: fc.constantFrom('0', '1', '2', '3'),
      aim: sometimes(pick, 2),
      ttl: fc.constantFrom(0, 10 * MINUTE, 2 * HOUR),
      messageId: sometimes(fc.constantFrom('id-a', 'id-b'), 3),
      variables: variablesArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('broadcast' as const), name: fc.constantFrom('S1' as const, 'S2' as const, 'SS' as const), variables: variablesArb }) },
);

const scenarioArb = fc.record({
  steps: stepsArb,
  extraStart: extraStartArb,
  eventSub: eventSubArb,
  childSteps: fc.array(leafStepArb, { minLength: 1, maxLength: 2 }),
  instances: fc.array(variablesArb, { minLength: 2, maxLength: 4 }),
  actions: fc.array(actionArb, { minLength: 20, maxLength: 120 }),
  snapshotAt: fc.nat({ max: 120 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------------------
// Driving an engine

/** gRPC codes a rejected command may carry; anything else (INTERNAL, UNKNOWN, UNAVAILABLE…) is an engine fault. */
const REJECTION_CODES = new Set([3 /* INVALID_ARGUMENT */, 5 /* NOT_FOUND */, 6 /* ALREADY_EXISTS */, 9 /* FAILED_PRECONDITION */]);

interface ActivatedJobRef {
  key: string;
}

class Driver {
  embedded!: EmbeddedEngine;
  client!: ZBClient;
  readonly clock = new ManualClock();
  readonly instances: string[] = [];
  readonly jobs: ActivatedJobRef[] = [];
  readonly faults: string[] = [];
  restarts = 0;
  /** The snapshot taken on the way, kept here because later snapshots may replace it in the table. */
  midwaySnapshot?: { position: number; parts: string[] };

  constructor(private readonly db: Knex) {}

  get state(): EngineState {
    return this.embedded.engine.currentState;
  }

  async start(): Promise<void> {
    this.embedded = await startEmbeddedEngine({ port: 0, host: '127.0.0.1', clock: this.clock, db: this.db });
    this.client = isolatedClient(this.embedded.address);
  }

  /**
   * Stops the engine and starts it again from the log, with a new client whose connection is its own
   * (see ./clients.ts).
   */
  async restart(): Promise<void> {
    this.restarts += 1;
    await this.client.close();
    await this.embedded.stop();
    this.embedded = await startEmbeddedEngine({ port: 0, host: '127.0.0.1', clock: this.clock, db: this.db });
    this.client = isolatedClient(this.embedded.address);
  }

  async stop(): Promise<void> {
    await this.client.close();
    await this.embedded.stop();
  }

  /**
   * Lets time-outs and timers fired by the clock run through the queue (yielding the event loop, not waiting
   * on a timer), until the log stops growing: a cycle fired after a long advance sets its next timer, which
   * may be due already and fire in the next round. The cycles here repeat at most three times, so an
   * engine that does not come to rest within a few dozen rounds keeps firing something it should not.
   */
  async settle(): Promise<void> {
    const from = this.state.lastPosition;
    let position = -1;
    for (let round = 0; position !== this.state.lastPosition; round++) {
      if (round === 30) {
        throw new Error(`Expected the engine to come to rest after the clock moved, but it went on writing (position ${from} to ${this.state.lastPosition})`);
      }
      position = this.state.lastPosition;
      for (let i = 0; i < 3; i++) {
        await withDeadline(this.embedded.engine.whenIdle(), 'the engine to become idle', 5_000);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Runs a gRPC call; a rejection is an expected outcome, any other error is recorded as a fault. */
  async call(label: string, operation: () => Promise<unknown>): Promise<boolean> {
    try {
      await withDeadline(operation(), label);
      return true;
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === undefined || !REJECTION_CODES.has(code)) this.faults.push(`${label}: ${(error as Error).message}`);
      return false;
    }
  }

  private jobFor(pickIndex: number, includeStale: boolean): string | undefined {
    const candidates = includeStale ? this.jobs : this.jobs.filter((job) => this.state.jobs.has(job.key));
    return candidates.length === 0 ? undefined : candidates[pickIndex % candidates.length].key;
  }

  async createInstance(variables: Variables): Promise<void> {
    await this.call('create', async () => {
      const created = await this.client.createProcessInstance({ bpmnProcessId: 'replay', variables: variables as any });
      this.instances.push(created.processInstanceKey);
    });
  }

  async run(action: Action): Promise<void> {
    const client = this.client;
    switch (action.kind) {
      case 'create':
        return this.createInstance(action.variables);
      case 'activate': {
        // zeebe-node's activateJobs never settles on an empty answer, so only ask for a type that has jobs.
        const available = [action.jobType, ...JOB_TYPES].find((type) => this.state.activatableJobs.has(type));
        if (!available) return;
        await this.call('activate', async () => {
          const jobs = await client.activateJobs({
            type: available,
            worker: 'replay-worker',
            maxJobsToActivate: action.max,
            timeout: action.timeout,
            requestTimeout: -1,
          });
          for (const job of jobs) this.jobs.push({ key: job.key });
        });
        return;
      }
      case 'complete': {
        const jobKey = this.jobFor(action.pick, action.stale);
        if (jobKey) await this.call('complete', () => client.completeJob({ jobKey, variables: action.variables }));
        return;
      }
      case 'fail': {
        const jobKey = this.jobFor(action.pick, action.stale);
        if (!jobKey) return;
        await this.call('fail', () =>
          // zeebe-node 8.3.2 sends failJob's variables as given, so they go as JSON text.
          client.failJob({
            jobKey,
            retries: action.retries,
            errorMessage: 'worker gave up',
            retryBackOff: action.backoff,
            variables: JSON.stringify(action.variables),
          } as any),
        );
        return;
      }
      case 'throw': {
        const jobKey = this.jobFor(action.pick, action.stale);
        if (!jobKey) return;
        await this.call('throw', () => client.throwError({ jobKey, errorCode: action.code, errorMessage: 'business error', variables: action.variables } as any));
        return;
      }
      case 'setVariables': {
        const scopes = [...this.state.elementInstances.keys()].sort(byKey);
        if (scopes.length === 0) return;
        const elementInstanceKey = scopes[action.pick % scopes.length];
        await this.call('setVariables', () => client.setVariables({ elementInstanceKey, variables: action.variables, local: action.local } as any));
        return;
      }
      case 'cancel': {
        if (this.instances.length === 0) return;
        const key = this.instances[action.pick % this.instances.length];
        await this.call('cancel', () => client.cancelProcessInstance(key));
        return;
      }
      case 'resolve': {
        const incidents = [...this.state.incidents.values()].sort((a, b) => byKey(a.key, b.key));
        if (incidents.length === 0) return;
        const incident = incidents[action.pick % incidents.length];
        const jobKey = incident.value.jobKey;
        if (action.updateRetries && jobKey !== '-1') {
          await this.call('updateJobRetries', () => client.updateJobRetries({ jobKey, retries: action.retries }));
        }
        await this.call('resolveIncident', () => client.resolveIncident({ incidentKey: incident.key }));
        return;
      }
      case 'publish': {
        const { ttl, messageId, variables } = action;
        const open = [...this.state.messageSubscriptions.values()].sort((a, b) => byKey(a.key, b.key));
        const aimed = action.aim !== undefined && open.length > 0 ? open[action.aim % open.length].value : undefined;
        const name = aimed?.messageName ?? action.name;
        const correlationKey = aimed?.correlationKey ?? action.correlationKey;
        await this.call('publish', () => client.publishMessage({ name, correlationKey, timeToLive: ttl, messageId, variables: variables as any }));
        return;
      }
      case 'broadcast':
        await this.call('broadcast', () => client.broadcastSignal({ signalName: action.name, variables: action.variables as any }));
        return;
      case 'advance':
        this.clock.advance(action.ms);
        await this.settle();
        return;
      case 'restart':
        await this.restart();
        return;
    }
  }

  async takeMidwaySnapshot(): Promise<void> {
    await this.settle();
    await this.embedded.engine.snapshot();
    this.midwaySnapshot = await new LogStore(this.db).latestSnapshot();
  }
}

function byKey(a: string, b: string): number {
  return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
}

/** A safety net so that a lost answer fails the run with a message instead of hanging mocha. */
function withDeadline<T>(promise: Promise<T>, label: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Expected an answer to ${label} within ${ms} ms, but none came`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------
// Comparing states

/**
 * The derived indexes (not part of canonicalState) as plain data, without their order (compared apart).
 */
function derivedIndexes(state: EngineState) {
  const sorted = (keys: Iterable<string>) => [...keys].sort(byKey);
  const indexed = (index: Map<string, Set<string>>) => [...index].sort(([a], [b]) => a.localeCompare(b)).map(([slot, keys]) => [slot, sorted(keys)]);
  const dueKeys = (index: EngineState['jobDeadlines']) => ({ size: index.size, next: index.nextDue() ?? null, keys: sorted(index.due(Number.MAX_SAFE_INTEGER, 1e9)) });
  return {
    models: sorted(state.models.keys()),
    processVersions: [...state.processVersions].sort().map(([id, versions]) => [id, versions.map((v) => v.key)]),
    children: [...state.children].sort(([a], [b]) => byKey(a, b)).map(([scope, keys]) => [scope, sorted(keys)]),
    activatableJobs: [...state.activatableJobs].sort().map(([type, keys]) => [type, sorted(keys)]),
    jobDeadlines: dueKeys(state.jobDeadlines),
    jobBackoffs: dueKeys(state.jobBackoffs),
    messageExpiries: dueKeys(state.messageExpiries),
    timerDueDates: dueKeys(state.timerDueDates),
    timersByOwner: [...state.timersByOwner].sort(([a], [b]) => a.localeCompare(b)).map(([owner, keys]) => [owner, sorted(keys)]),
    messagesByCorrelation: indexed(state.messagesByCorrelation),
    messageIds: [...state.messageIds].sort(([a], [b]) => a.localeCompare(b)),
    subscriptionsByCorrelation: indexed(state.subscriptionsByCorrelation),
    subscriptionsByElement: indexed(state.subscriptionsByElement),
    signalSubscriptionsByName: indexed(state.signalSubscriptionsByName),
    signalSubscriptionsByOwner: indexed(state.signalSubscriptionsByOwner),
    nextKey: state.keys.lastKey(),
  };
}

/** A store whose newest snapshot is the given one, to recover from the midway snapshot even after later ones. */
function storeWithSnapshot(store: LogStore, snapshot: { position: number; parts: string[] }): LogStore {
  return { readAfter: (position: number, limit: number) => store.readAfter(position, limit), latestSnapshot: async () => snapshot } as unknown as LogStore;
}

function describeDifference(label: string, live: unknown, recovered: unknown): string | undefined {
  const found = differences(live, recovered);
  return found.length === 0 ? undefined : `${label} differs from the live state:\n  ${found.join('\n  ')}`;
}

async function checkScenario(db: Knex, scenario: Scenario): Promise<void> {
  await db.raw('delete from engine_records');
  await db.raw('delete from engine_snapshots');
  const driver = new Driver(db);
  await driver.start();
  try {
    // Given a random process (perhaps with a timer start event) and a few instances of it
    // The child first: the parent's message or signal start may start instances that call it at once.
    await driver.client.deployResource({ name: 'replay_child.bpmn', process: Buffer.from(processXml('replay_child', scenario.childSteps)) });
    const xml = processXml('replay', scenario.steps, scenario.extraStart, scenario.eventSub);
    await driver.client.deployResource({ name: 'replay.bpmn', process: Buffer.from(xml) });
    for (const variables of scenario.instances) await driver.createInstance(variables);

    // When workers and operators act on them in a random order, and the clock moves by seconds to hours
    const snapshotAt = scenario.snapshotAt % (scenario.actions.length + 1);
    for (let i = 0; i < scenario.actions.length; i++) {
      if (i === snapshotAt) await driver.takeMidwaySnapshot();
      await driver.run(scenario.actions[i]);
    }
    if (snapshotAt === scenario.actions.length) await driver.takeMidwaySnapshot();
    await driver.settle();

    // Then every answer was a result or a rejection, and each way of rebuilding state gives the live state
    if (driver.faults.length > 0) throw new Error(`Expected every call to succeed or be rejected, but:\n  ${driver.faults.join('\n  ')}`);
    const live = driver.state;
    const overdue = live.timerDueDates.due(driver.clock.now(), 10);
    if (overdue.length > 0) throw new Error(`Expected every timer due by now to have fired, but these wait: ${overdue.join(', ')}`);
    const store = new LogStore(db);
    const fromLog = await recoverState(store, { useSnapshot: false });
    const fromMidway = await recoverState(storeWithSnapshot(store, driver.midwaySnapshot!));
    const fromLatest = await recoverState(store);
    const problems = [
      describeDifference('state replayed from the log alone', canonicalState(live), canonicalState(fromLog)),
      describeDifference(`state from the midway snapshot (position ${driver.midwaySnapshot!.position}) plus the log`, canonicalState(live), canonicalState(fromMidway)),
      describeDifference('state from the newest snapshot plus the log', canonicalState(live), canonicalState(fromLatest)),
      describeDifference('derived indexes replayed from the log alone', derivedIndexes(live), derivedIndexes(fromLog)),
      describeDifference('derived indexes from the midway snapshot', derivedIndexes(live), derivedIndexes(fromMidway)),
      // Jobs are handed out oldest key first, live and after any rebuild alike.
      describeDifference('activatable job order replayed from the log alone', orderOfActivatable(live), orderOfActivatable(fromLog)),
      describeDifference('activatable job order from the midway snapshot', orderOfActivatable(live), orderOfActivatable(fromMidway)),
    ].filter((p): p is string => p !== undefined);
    const rows = await readLogRows(db);
    if (coverage) countRecords(rows);
    problems.push(...timerLifecycleProblems(rows));
    const chainProblems = (await verifyLog(db)).problems;
    if (chainProblems.length > 0) problems.push(`the hash chain does not verify:\n  ${chainProblems.join('\n  ')}`);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } finally {
    await driver.stop();
  }
}

/**
 * Each timer in the log is CREATED, then at most once either TRIGGERED (not before its due date) or
 * CANCELED, and nothing after that: a timer fires once, and a cancelled one never.
 */
function timerLifecycleProblems(rows: LogRow[]): string[] {
  const histories = new Map<string, string[]>();
  const problems: string[] = [];
  for (const row of rows) {
    if (row.value_type !== 'TIMER' || row.record_type !== 'EVENT') continue;
    const history = histories.get(row.key) ?? [];
    histories.set(row.key, [...history, row.intent]);
    const value = JSON.parse(row.value);
    if (row.intent === 'TRIGGERED' && Number(row.timestamp) < value.dueDate) {
      problems.push(`Expected timer ${row.key} (${value.targetElementId}) not to fire before its due date, but it fired ${value.dueDate - Number(row.timestamp)} ms early`);
    }
  }
  const allowed = new Set(['CREATED', 'CREATED TRIGGERED', 'CREATED CANCELED']);
  for (const [key, history] of histories) {
    if (!allowed.has(history.join(' '))) problems.push(`Expected timer ${key} to be CREATED and then TRIGGERED or CANCELED at most once, but its events are ${history.join(', ')}`);
  }
  return problems.slice(0, 12);
}

/** With REPLAY_VERBOSE, how often each kind of record was written over all runs: shows what the runs reach. */
const coverage: Map<string, number> | undefined = process.env.REPLAY_VERBOSE ? new Map() : undefined;

function countRecords(rows: Array<{ record_type: string; value_type: string; intent: string; value: string; rejection_type: string | null }>): void {
  for (const row of rows) {
    let name = `${row.record_type} ${row.value_type} ${row.intent}`;
    if (row.value_type === 'PROCESS_INSTANCE' && row.record_type === 'EVENT') {
      const value = JSON.parse(row.value);
      name += ` ${value.bpmnElementType}${value.bpmnEventType === 'UNSPECIFIED' ? '' : ` ${value.bpmnEventType}`}`;
    }
    // Which kind of timer: of a catch event (wait_), a boundary event (catch_) or the timer start event.
    if (row.value_type === 'TIMER') name += ` ${JSON.parse(row.value).targetElementId.replace(/_\d+$/, '')}`;
    if (row.value_type === 'INCIDENT' && row.intent === 'CREATED') name += ` ${JSON.parse(row.value).errorType}`;
    if (row.record_type === 'COMMAND_REJECTION') name += ` ${row.rejection_type}`;
    coverage!.set(name, (coverage!.get(name) ?? 0) + 1);
  }
}

function orderOfActivatable(state: EngineState) {
  return [...state.activatableJobs].sort().map(([type, keys]) => [type, [...keys]]);
}

// ---------------------------------------------------------------------------------------------------------

describe('engine durability: replay', function () {
  this.timeout(300_000);

  describe('given random processes driven by random commands', () => {
    let db: Knex;
    let drop: () => Promise<void>;

    before(async () => {
      ({ db, drop } = await openTestDatabase());
      await migrate(db);
    });
    after(async () => {
      await drop?.();
    });

    it('when state is rebuilt from the log, or from a midway snapshot plus the log, then it equals the live state', async () => {
      const started = Date.now();
      try {
        await fc.assert(
          fc.asyncProperty(scenarioArb, (scenario) => checkScenario(db, scenario)),
          { seed: SEED, numRuns: RUNS, path: process.env.REPLAY_PATH, endOnFailure: !process.env.REPLAY_SHRINK },
        );
      } catch (error) {
        (error as Error).message = `Replay property failed (seed ${SEED}; rerun with REPLAY_SEED=${SEED}, add REPLAY_SHRINK=1 to shrink):\n${(error as Error).message}`;
        throw error;
      } finally {
        if (coverage) {
          console.log(`replay property: ${RUNS} runs in ${Date.now() - started} ms; records written:`);
          for (const [name, count] of [...coverage].sort()) console.log(`  ${String(count).padStart(6)}  ${name}`);
        }
      }
    });
  });

  describe('given an instance part-way through a chain of service tasks', () => {
    const xml = bpmnXml(
      'restartable',
      start(),
      serviceTask('first', 'first'),
      serviceTask('second', 'second'),
      serviceTask('third', 'third'),
      end(),
      ...chain('start', 'first', 'second', 'third', 'end'),
    );

    it('when the engine restarts, then the instance goes on where it was and finishes', async () => {
      const t = await startTestEngine();
      try {
        await t.client.deployResource({ name: 'restartable.bpmn', process: Buffer.from(xml) });
        const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'restartable', variables: { step: 0 } });
        const [first] = await t.client.activateJobs({ type: 'first', worker: 'w', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1 });
        await t.client.completeJob({ jobKey: first.key, variables: { step: 1 } });
        // The second job is handed out before the restart and completed after it, with the same key.
        const [second] = await t.client.activateJobs({ type: 'second', worker: 'w', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1 });
        const before = canonicalState(t.embedded.engine.currentState);

        await t.restart();

        expect(canonicalState(t.embedded.engine.currentState)).to.deep.equal(before);
        const client = isolatedClient(t.embedded.address);
        try {
          await client.completeJob({ jobKey: second.key, variables: { step: 2 } });
          const [third] = await client.activateJobs({ type: 'third', worker: 'w', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1 });
          expect(third.variables).to.deep.equal({ step: 2 });
          await client.completeJob({ jobKey: third.key, variables: { step: 3 } });
        } finally {
          await client.close();
        }
        await t.embedded.engine.whenIdle();

        const state = t.embedded.engine.currentState;
        expect(state.elementInstances.has(processInstanceKey), 'instance still running').to.equal(false);
        const completed = await t.db.raw(
          `select count(*)::int as n from engine_records
            where process_instance_key = ? and value_type = 'PROCESS_INSTANCE' and intent = 'ELEMENT_COMPLETED'
              and record_type = 'EVENT' and value::jsonb->>'bpmnElementType' = 'PROCESS'`,
          [processInstanceKey],
        );
        expect(completed.rows[0].n).to.equal(1);
      } finally {
        await t.stop();
      }
    });

    it('when state is rebuilt from a log of more than nine records, then the records are applied in position order', async () => {
      const t = await startTestEngine();
      try {
        await t.client.deployResource({ name: 'restartable.bpmn', process: Buffer.from(xml) });
        await t.client.createProcessInstance({ bpmnProcessId: 'restartable', variables: {} });
        await t.client.createProcessInstance({ bpmnProcessId: 'restartable', variables: {} });
        await t.embedded.engine.whenIdle();
        const live = t.embedded.engine.currentState;
        expect(live.lastPosition).to.be.greaterThan(9);

        const store = new LogStore(t.db);
        const positions = (await store.readAfter(0, 1000)).map(({ record }) => record.position);
        const replayed = await recoverState(store, { useSnapshot: false });

        expect(positions).to.deep.equal(positions.map((_, i) => i + 1));
        expect(differences(canonicalState(live), canonicalState(replayed))).to.deep.equal([]);
      } finally {
        await t.stop();
      }
    });

    it('when the engine restarts after a job timed out, then the job is handed out again', async () => {
      const t = await startTestEngine();
      try {
        await t.client.deployResource({ name: 'restartable.bpmn', process: Buffer.from(xml) });
        await t.client.createProcessInstance({ bpmnProcessId: 'restartable', variables: {} });
        const [first] = await t.client.activateJobs({ type: 'first', worker: 'w', maxJobsToActivate: 1, timeout: 1_000, requestTimeout: -1 });
        t.clock.advance(1_001);
        await t.embedded.engine.whenIdle();

        await t.restart();

        const client = isolatedClient(t.embedded.address);
        try {
          const [again] = await client.activateJobs({ type: 'first', worker: 'w', maxJobsToActivate: 1, timeout: 1_000, requestTimeout: -1 });
          expect(again.key).to.equal(first.key);
        } finally {
          await client.close();
        }
      } finally {
        await t.stop();
      }
    });
  });
});
