import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../helpers/bpmn';
import { verifyLog } from '../../src/engine/log/verify-log';

describe('log verification (hash chain)', () => {
  let t: TestEngine;

  beforeEach(async () => {
    t = await startTestEngine();
    const xml = bpmnXml('audited', start(), serviceTask('work', 'audited-work'), end(), ...chain('start', 'work', 'end'));
    await t.client.deployResource({ process: Buffer.from(xml), name: 'audited.bpmn' });
    await t.client.createProcessInstance({ bpmnProcessId: 'audited', variables: { amount: 100 } });
    await t.embedded.engine.whenIdle();
  });

  afterEach(() => t.stop());

  it('when the log is untouched, then every record verifies', async () => {
    const result = await verifyLog(t.db);
    expect(result.problems).to.deep.equal([]);
    expect(result.ok).to.equal(true);
    expect(result.records).to.be.greaterThan(10);
  });

  it('when a stored value is edited, then verification names the edited position', async () => {
    const row = (await t.db.raw("select position::int as p from engine_records where value_type = 'VARIABLE' limit 1")).rows[0];
    await t.db.raw(`update engine_records set value = replace(value, '100', '999') where position = ?`, [row.p]);
    const result = await verifyLog(t.db);
    expect(result.ok).to.equal(false);
    expect(result.problems[0]).to.include(`at position ${row.p} `);
  });

  it('when a record is deleted, then verification reports the gap', async () => {
    await t.db.raw('delete from engine_records where position = 5');
    const result = await verifyLog(t.db);
    expect(result.ok).to.equal(false);
    expect(result.problems[0]).to.equal('Expected the record at position 5, but the next one is at 6');
  });
});
