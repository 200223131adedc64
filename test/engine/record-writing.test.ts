import { expect } from 'chai';
import { KeyGenerator } from '../../src/engine/log/keys';
import { newSalt } from '../../src/engine/log/hash';
import { ProcessingContext } from '../../src/engine/processing/context';
import { EngineState } from '../../src/engine/state/engine-state';

const PARTITION_1_FIRST_KEY = '2251799813685249';

describe('writing records: keys, salts and value JSON', () => {
  describe('the key generator', () => {
    it('when keys are handed out and observed again, then the next key follows the last handed out', () => {
      const keys = new KeyGenerator();
      const first = keys.nextKey();
      const second = keys.nextKey();
      keys.observe(first);
      keys.observe(second);
      expect(first).to.equal(PARTITION_1_FIRST_KEY);
      expect(keys.nextKey()).to.equal('2251799813685251');
    });

    it('when a replayed key lies beyond the last handed out, then the generator moves past it', () => {
      const keys = new KeyGenerator();
      keys.nextKey();
      keys.observe('2251799813690000');
      expect(keys.lastKey()).to.equal('2251799813690000');
      expect(keys.nextKey()).to.equal('2251799813690001');
      // An older key seen after that leaves it where it is.
      keys.observe('2251799813689999');
      expect(keys.nextKey()).to.equal('2251799813690002');
    });

    it('when a key is not one of partition 1 (-1, another partition, not decimal), then it is ignored', () => {
      const keys = new KeyGenerator();
      for (const key of ['-1', '4503599627370497', '9007199254740993', '225179981369000x', 'x251799813690000', '']) keys.observe(key);
      expect(keys.nextKey()).to.equal(PARTITION_1_FIRST_KEY);
    });

    it('when it starts from a snapshot’s last key, then it goes on after that key', () => {
      const keys = new KeyGenerator('2251799813700000');
      keys.observe('2251799813700000');
      expect(keys.nextKey()).to.equal('2251799813700001');
    });
  });

  describe('salts', () => {
    it('when many are drawn, across several refills of the pool, then each is 32 hex digits and none repeats', () => {
      const salts = Array.from({ length: 1000 }, () => newSalt());
      for (const salt of salts) expect(salt).to.match(/^[0-9a-f]{32}$/);
      expect(new Set(salts).size).to.equal(salts.length);
    });
  });

  describe('the JSON of record values', () => {
    it('when one frozen value is written in several records, then each record carries its exact JSON', () => {
      const ctx = new ProcessingContext(new EngineState(), 1000);
      const value = Object.freeze({ bpmnProcessId: 'p', elementId: 'task', flowScopeKey: '-1' });
      const other = Object.freeze({ bpmnProcessId: 'p', elementId: 'end', flowScopeKey: '-1' });
      ctx.event('VARIABLE', 'CREATED', ctx.nextKey(), value);
      ctx.event('VARIABLE', 'CREATED', ctx.nextKey(), other);
      ctx.event('VARIABLE', 'UPDATED', ctx.nextKey(), value);
      expect(ctx.pending.map((p) => p.valueJson)).to.deep.equal([value, other, value].map((v) => JSON.stringify(v)));
    });

    it('when one frozen value is written three times in a batch, then it is turned into JSON once', () => {
      const ctx = new ProcessingContext(new EngineState(), 1000);
      let serialized = 0;
      const value = Object.freeze({
        toJSON: () => {
          serialized += 1;
          return { elementId: 'task' };
        },
      });
      for (let i = 0; i < 3; i++) ctx.event('VARIABLE', 'CREATED', ctx.nextKey(), value);
      expect(serialized).to.equal(1);
      expect(ctx.pending.map((p) => p.valueJson)).to.deep.equal(Array(3).fill('{"elementId":"task"}'));
    });

    it('when a value that is not frozen changes between two records, then the second record carries the changed JSON', () => {
      const ctx = new ProcessingContext(new EngineState(), 1000);
      const value = { name: 'amount', value: '100' };
      ctx.event('VARIABLE', 'CREATED', ctx.nextKey(), value);
      value.value = '999';
      ctx.event('VARIABLE', 'UPDATED', ctx.nextKey(), value);
      expect(ctx.pending.map((p) => p.valueJson)).to.deep.equal(['{"name":"amount","value":"100"}', '{"name":"amount","value":"999"}']);
    });
  });
});
