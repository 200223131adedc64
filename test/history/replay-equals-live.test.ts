import { expect } from 'chai';
import { compileProcessXml } from '../../src/engine/model/compile';
import { LogStore } from '../../src/engine/log/log-store';
import { applyRecord } from '../../src/engine/state/apply';
import { EngineState } from '../../src/engine/state/engine-state';
import { readInstanceLog } from '../../src/history/instance-log';
import { InstanceReplay } from '../../src/history/replay';
import { replayFrame } from '../../src/history/replay-frame';
import { givenContract, givenSystemInOperation } from '../helpers/operation-fixtures';
import { startScenario, type Scenario } from '../helpers/scenario';
import { instanceSlice } from './instance-slice';

const AUDITOR = { username: 'auditor', groups: ['auditor'] };

/**
 * The proof that the auditors' replay shows what the engine had, for regulation scenario runs:
 * 1. live: while the run goes on, the engine's own in-memory state is captured at each wait state (every
 *    user task open, after each completion, at the end); the instance's replay at that position must equal it;
 * 2. every record: the whole log is replayed record by record the way the engine recovers (all records, all
 *    instances); after each record of the instance, the instance's replay must equal the instance's part of it;
 * 3. an independent check at every step: the tokens the replay panel shows equal the element instances
 *    derived from the records alone (activated and not yet completed or terminated).
 * 1 and 2 share the appliers, by design (the replay must use them); 3 does not use them at all.
 */
describe('history: replay equals the engine’s state at every step of regulation scenario runs', function () {
  this.timeout(90_000);
  let s: Scenario;
  afterEach(() => s?.stop());

  type Capture = { position: number; slice: unknown };
  const capture = (key: string, captures: Capture[]) => {
    const state = s.t.embedded.engine.currentState;
    captures.push({ position: state.lastPosition, slice: instanceSlice(state, key) });
  };

  async function proveReplay(key: string, captures: Capture[]): Promise<void> {
    const log = (await readInstanceLog(s.t.db, key))!;
    const replay = await InstanceReplay.of(log);
    expect(captures.length).to.be.greaterThan(3);
    for (const c of captures) {
      expect(instanceSlice(replay.stateAt(c.position), key), `live state at position ${c.position}`).to.deep.equal(c.slice);
    }

    const global = new EngineState();
    const store = new LogStore(s.t.db);
    const derived = new Map<string, string>();
    let compared = 0;
    for (let page = await store.readAfter(0, 10_000); page.length > 0; page = await store.readAfter(global.lastPosition, 10_000)) {
      for (const { record, hash } of page) {
        if (record.valueType === 'PROCESS' && record.intent === 'CREATED' && record.recordType === 'EVENT') {
          const value = record.value as { resource: string; bpmnProcessId: string };
          global.models.set(record.key, await compileProcessXml(value.resource, value.bpmnProcessId));
        }
        applyRecord(global, record, hash);
        const value = record.value as Record<string, string>;
        if (value.processInstanceKey !== key) continue;
        expect(instanceSlice(replay.stateAt(record.position), key), `after record ${record.position} (${record.valueType} ${record.intent})`).to.deep.equal(instanceSlice(global, key));
        compared += 1;
        if (record.recordType === 'EVENT' && record.valueType === 'PROCESS_INSTANCE' && value.bpmnElementType !== 'PROCESS') {
          if (record.intent === 'ELEMENT_ACTIVATING') derived.set(record.key, value.elementId);
          if (record.intent === 'ELEMENT_COMPLETED' || record.intent === 'ELEMENT_TERMINATED') derived.delete(record.key);
        }
        const frame = replayFrame(replay, record.position, AUDITOR);
        expect(frame.tokens.map((t) => t.elementId).sort(), `tokens after record ${record.position}`).to.deep.equal(frame.ended ? [] : [...derived.values()].sort());
      }
    }
    expect(compared).to.equal(log.records.length);
  }

  it('Art. 28–29: a supervision round (parallel reports, a multi-instance sub-process, a job worker) replays equal to the live engine at every step', async () => {
    s = await startScenario({ processes: ['supervision-inspection'] });
    await givenSystemInOperation(s.t.db, { id: 'sys-edu', departmentId: 'dept-a' });
    await givenContract(s.t.db, { id: 'c-edu', projectId: 'sys-edu' });
    const key = await s.start('supervision-inspection');
    const captures: Capture[] = [];
    const materials = await s.userTask('RequestMaterials', key);
    capture(key, captures);
    await s.complete(materials, { materials: '2026年第四季度运维报告', materialsTruthful: true });
    capture(key, captures);
    const experience = await s.userTask('ReportUserExperience', key);
    capture(key, captures);
    await s.complete(experience, { userSatisfaction: 'satisfied', userProblems: [], userComment: '' });
    capture(key, captures);
    const inspect = await s.userTask('InspectAgainstContract', key);
    capture(key, captures);
    await s.complete(inspect, { findingTypes: [], findingDetails: '', rectificationDays: 30, majorProblem: false });
    await s.waitForEnd(key);
    capture(key, captures);
    await proveReplay(key, captures);
  });

  it('Art. 10: an out-of-plan application through examination and consent replays equal to the live engine at every step', async () => {
    s = await startScenario({ processes: ['out-of-plan-application'] });
    const key = await s.start('out-of-plan-application', { departmentId: 'dept-a' });
    const captures: Capture[] = [];
    const apply = await s.userTask('Apply', key);
    capture(key, captures);
    await s.complete(apply, {
      orderedBy: 'government', orderReference: '桂政办发〔2027〕1号', justification: '临时部署的招生考试安全保障任务',
      itemName: '招生考试视频巡查系统', itemCategory: 'security', itemKind: 'new', itemFundingSource: 'regional',
      itemEstimate: '450000.00', itemPriority: true, itemDomesticProducts: ['chip'],
    });
    capture(key, captures);
    const examine = await s.userTask('Examine', key);
    capture(key, captures);
    await s.complete(examine, { decision: 'approve', comment: '确需列入' });
    const consent = await s.userTask('Consent', key);
    capture(key, captures);
    await s.complete(consent, { decision: 'approve', comment: '同意' });
    await s.waitForEnd(key);
    capture(key, captures);
    await proveReplay(key, captures);
  });
});
