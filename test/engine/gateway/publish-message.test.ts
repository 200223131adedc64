import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { openRawGateway, type RawGateway } from '../../helpers/raw-gateway';
import { readRecords } from '../../helpers/records';
import { advanceClock, settle } from '../../helpers/settle';

describe('gateway: PublishMessage', () => {
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

  it('when a message is published, then it answers a key and logs MESSAGE PUBLISHED with the deadline now + time to live', async () => {
    const response = await t.client.publishMessage({ name: 'contract-signed', correlationKey: 'c-1', timeToLive: 60_000, variables: { by: 'Wang' } });

    expect(response.key).to.match(/^\d+$/);
    const [published] = await readRecords(t.db, { valueType: 'MESSAGE', intent: 'PUBLISHED', key: String(response.key) });
    expect(published.value).to.deep.include({ name: 'contract-signed', correlationKey: 'c-1', deadline: t.clock.now() + 60_000, variables: { by: 'Wang' } });
  });

  it('when a messageId is published again within its time to live, then ALREADY_EXISTS', async () => {
    await t.client.publishMessage({ name: 'm-dup', correlationKey: 'c', messageId: 'once', timeToLive: 10_000, variables: {} });

    const details = await expectGrpcError(
      t.client.publishMessage({ name: 'm-dup', correlationKey: 'c', messageId: 'once', timeToLive: 10_000, variables: {} }),
      Code.ALREADY_EXISTS,
    );

    expect(details).to.contain("'once'");
    const rejections = await readRecords(t.db, { valueType: 'MESSAGE', recordType: 'COMMAND_REJECTION' });
    expect(rejections.filter((r) => r.value.messageId === 'once').map((r) => r.rejectionType)).to.deep.equal(['ALREADY_EXISTS']);
  });

  it('when the time to live of a message passes on the clock, then MESSAGE EXPIRED is logged and its messageId can be used again', async () => {
    const first = await t.client.publishMessage({ name: 'm-ttl', correlationKey: 'c', messageId: 'reusable', timeToLive: 10_000, variables: {} });
    await advanceClock(t, 9_999);
    await expectGrpcError(
      t.client.publishMessage({ name: 'm-ttl', correlationKey: 'c', messageId: 'reusable', timeToLive: 10_000, variables: {} }),
      Code.ALREADY_EXISTS,
    );

    await advanceClock(t, 2);

    expect(await readRecords(t.db, { valueType: 'MESSAGE', intent: 'EXPIRED', key: String(first.key) })).to.have.length(1);
    const second = await t.client.publishMessage({ name: 'm-ttl', correlationKey: 'c', messageId: 'reusable', timeToLive: 10_000, variables: {} });
    expect(second.key).to.not.equal(first.key);
  });

  it('when a message is published with time to live 0, then it expires at once and its messageId is free again', async () => {
    await t.client.publishMessage({ name: 'm-zero', correlationKey: 'c', messageId: 'fleeting', timeToLive: 0, variables: {} });
    await settle(t);

    const again = await t.client.publishMessage({ name: 'm-zero', correlationKey: 'c', messageId: 'fleeting', timeToLive: 0, variables: {} });

    expect(again.key).to.match(/^\d+$/);
  });

  describe('when the same messageId comes with another name or correlation key, then it is a different message and accepted', () => {
    const rows: Array<[label: string, name: string, correlationKey: string]> = [
      ['another correlation key', 'm-scope', 'other'],
      ['another message name', 'm-scope-other', 'c'],
    ];
    for (const [label, name, correlationKey] of rows) {
      it(`when it has ${label}, then it is accepted`, async () => {
        await t.client.publishMessage({ name: 'm-scope', correlationKey: 'c', messageId: `scoped-${label}`, timeToLive: 10_000, variables: {} });

        const response = await t.client.publishMessage({ name, correlationKey, messageId: `scoped-${label}`, timeToLive: 10_000, variables: {} });

        expect(response.key).to.match(/^\d+$/);
      });
    }
  });

  it('when the message has no name, then INVALID_ARGUMENT', async () => {
    const details = await expectGrpcError(raw.call('PublishMessage', { name: '', correlationKey: 'c', timeToLive: 1000, variables: '{}' }), Code.INVALID_ARGUMENT);

    expect(details).to.match(/name/);
  });

  it('when the variables are not a JSON object (raw client), then INVALID_ARGUMENT and nothing is published', async () => {
    const before = (await readRecords(t.db, { valueType: 'MESSAGE', intent: 'PUBLISHED' })).length;

    await expectGrpcError(raw.call('PublishMessage', { name: 'm-bad', correlationKey: 'c', timeToLive: 1000, variables: '[1,2]' }), Code.INVALID_ARGUMENT);

    expect(await readRecords(t.db, { valueType: 'MESSAGE', intent: 'PUBLISHED' })).to.have.length(before);
  });

  // Last in the file: after a restart t.client sits on a stale channel (zeebe-node stalls ~30 s), so the raw client is used.
  describe('after a restart', () => {
    it('when the engine restarts, then a live messageId is still taken and frees up when its time to live passes', async () => {
      const publish = () =>
        raw.call('PublishMessage', { name: 'm-durable', correlationKey: 'c', messageId: 'kept', timeToLive: 10_000, variables: '{}' });
      await publish();

      await t.restart();

      await expectGrpcError(publish(), Code.ALREADY_EXISTS);
      await advanceClock(t, 10_001);
      expect((await publish()).key).to.match(/^\d+$/);
    });
  });
});
