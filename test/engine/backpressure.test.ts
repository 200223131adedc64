import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../helpers/bpmn';

describe('backpressure', () => {
  let t: TestEngine;

  before(async () => {
    // A tiny queue so that a burst of requests overflows it.
    t = await startTestEngine({ engine: { maxQueuedCommands: 4, batchSize: 2 } });
    const xml = bpmnXml('bp', start(), serviceTask('work', 'bp-work'), end(), ...chain('start', 'work', 'end'));
    await t.client.deployResource({ process: Buffer.from(xml), name: 'bp.bpmn' });
  });

  after(() => t.stop());

  it('when more commands arrive than the queue holds, then the surplus is refused with RESOURCE_EXHAUSTED and the rest is created', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () => t.client.createProcessInstance({ bpmnProcessId: 'bp', variables: {} })),
    );
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    const created = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ processInstanceKey: string }>[];
    expect(refused.length, 'some requests refused').to.be.greaterThan(0);
    expect(created.length, 'some requests created').to.be.greaterThan(0);
    for (const r of refused) {
      expect(r.reason.code).to.equal(8);
      expect(r.reason.details).to.equal('Reached maximum capacity of requests handled');
    }
    // Then: exactly the acknowledged instances exist; a refused request left nothing behind.
    const rows = await t.db.raw(
      "select count(*)::int as n from engine_records where value_type = 'PROCESS_INSTANCE_CREATION' and intent = 'CREATED'",
    );
    expect(rows.rows[0].n).to.equal(created.length);
  });
});
