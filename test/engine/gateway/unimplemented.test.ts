import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { openRawGateway, type RawGateway } from '../../helpers/raw-gateway';
import { lastPosition } from '../../helpers/records';

describe('gateway: RPCs the embedded engine does not implement', () => {
  let t: TestEngine;
  let raw: RawGateway;
  before(async () => {
    t = await startTestEngine();
    raw = openRawGateway(t.embedded.address);
  });
  after(async () => {
    raw.close();
    await t.stop();
  });

  const rows: Array<[rpc: string, call: () => Promise<unknown>]> = [
    ['EvaluateDecision', () => t.client.evaluateDecision({ decisionId: 'approval', variables: {} } as any)],
    [
      'ModifyProcessInstance',
      () => t.client.modifyProcessInstance({ processInstanceKey: '2251799813685249', activateInstructions: [], terminateInstructions: [] } as any),
    ],
    ['DeleteResource', () => raw.call('DeleteResource', { resourceKey: '2251799813685249' })],
  ];

  for (const [rpc, call] of rows) {
    it(`when a client calls ${rpc}, then UNIMPLEMENTED names the RPC and nothing is written to the log`, async () => {
      const before = await lastPosition(t.db);

      const details = await expectGrpcError(call, Code.UNIMPLEMENTED);

      expect(details).to.contain(rpc);
      expect(details).to.match(/not implement/);
      expect(await lastPosition(t.db)).to.equal(before);
    });
  }
});
