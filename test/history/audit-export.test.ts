import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { expect } from 'chai';
import { startAuditFixture, type AuditFixture } from './audit-fixture';
import { exportInstances, type AuditExport } from '../../src/history/audit-export';
import { exportToCsv } from '../../src/history/export-csv';
import { verifyExport } from '../../src/history/verify-export';
import { appendOperation } from '../../src/tasklist/operation-log';

const AUDITOR = { username: 'auditor', groups: ['auditor'] };

/** Issue 10, export: an instance's records and operations with chain proofs, verified offline. */
describe('audit trail: exports verified offline', function () {
  this.timeout(120_000);
  let f: AuditFixture;
  let doc: AuditExport;
  before(async () => {
    f = await startAuditFixture();
    doc = await exportInstances(f.t.db, [f.first], { reader: AUDITOR, now: new Date(f.t.clock.now()) });
  });
  after(() => f.stop());

  const copy = (): AuditExport => JSON.parse(JSON.stringify(doc));
  const check = (d: unknown) => verifyExport(d, f.key.publicKey);

  it('when an instance is exported, then the export verifies offline against the public key, anchored at the newest checkpoint', () => {
    const result = check(copy());
    expect(result.problems).to.deep.equal([]);
    expect(result.checkpoint?.sequence).to.equal(2);
    expect(result.records).to.be.greaterThan(5);
    expect(result.operations).to.equal(3);
  });

  it('Art. 26: when a record carries a sensitive variable, then the export shows it masked and the secret appears nowhere, yet the record verifies', () => {
    const text = JSON.stringify(doc);
    expect(text).not.to.include('1234500');
    const masked = doc.records.filter((r) => r.masked);
    expect(masked.length).to.be.greaterThan(0);
    expect(masked.every((r) => r.salt === undefined && /^[0-9a-f]{64}$/.test(String(r.valueDigest)))).to.equal(true);
    expect(check(copy()).masked).to.equal(masked.length);
    expect(exportToCsv(doc)).not.to.include('1234500');
  });

  it('attack "tampered export": when an unmasked value, an operation’s user or a masked record’s digest is changed, then the export fails at that position', () => {
    const value = copy();
    const variable = value.records.find((r) => r.valueType === 'VARIABLE' && !r.masked)!;
    (variable.value as Record<string, unknown>).value = '999';
    expect(check(value).firstProblem).to.deep.include({ table: 'engine_records', position: variable.position });
    const user = copy();
    user.operations[1].username = 'someone-else';
    expect(check(user).firstProblem).to.deep.include({ table: 'operation_log', position: user.operations[1].position });
    const digest = copy();
    const masked = digest.records.find((r) => r.masked)!;
    masked.valueDigest = 'a'.repeat(64);
    expect(check(digest).firstProblem).to.deep.include({ table: 'engine_records', position: masked.position });
  });

  it('attack "tampered export": when a record is removed or the proof cut short, then the missing position is reported', () => {
    const removed = copy();
    const [gone] = removed.records.splice(3, 1);
    expect(check(removed).firstProblem).to.deep.include({ table: 'engine_records', position: gone.position, found: 'neither (removed from the export)' });
    const cut = copy();
    cut.proof.engine!.digests.pop();
    expect(check(cut).ok).to.equal(false);
  });

  it('attack "forged checkpoint" in an export: when its head is moved or the file carries no checkpoint, then the export does not verify', () => {
    const moved = copy();
    moved.checkpoint!.engineHash = 'b'.repeat(64);
    expect(check(moved).firstProblem!.found).to.include('does not verify');
    const none = copy();
    none.checkpoint = null;
    expect(check(none).firstProblem).to.deep.include({ table: 'export', expected: 'a signed checkpoint in the export' });
  });

  it('when the CSV is made, then it has one row per record and operation in time order under a header', () => {
    const lines = exportToCsv(doc).trim().split('\r\n');
    expect(lines[0]).to.equal('source,position,time,actor,type,intent_or_action,process_instance_key,element_id,key,masked,value,hash');
    expect(lines).to.have.length(1 + doc.records.length + doc.operations.length);
    expect(lines.some((line) => line.startsWith('operation,') && line.includes(',clerk-a,'))).to.equal(true);
  });

  it('when the instance gains an operation after the newest checkpoint, then the export stops at the checkpoint and still verifies', async () => {
    await appendOperation(f.t.db, { at: new Date(f.t.clock.now()), username: 'late', action: 'comment', processInstanceKey: f.first });
    const later = await exportInstances(f.t.db, [f.first], { reader: AUDITOR, now: new Date(f.t.clock.now()) });
    expect(later.operations.map((o) => o.username)).not.to.include('late');
    expect(check(later).problems).to.deep.equal([]);
  });

  it('when `npm run verify -- file.json` checks an export, then it exits 0 and says OK; a tampered copy exits 1 naming the first bad position', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-'));
    try {
      const good = path.join(dir, 'good.json');
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(good, JSON.stringify(doc));
      const tampered = copy();
      tampered.operations[0].action = 'unclaim';
      fs.writeFileSync(bad, JSON.stringify(tampered));
      const ok = runVerify([good, '--public-key', f.paths.publicKeyFile]);
      const notOk = runVerify([bad, '--public-key', f.paths.publicKeyFile]);
      const [okResult, badResult] = await Promise.all([ok, notOk]);
      expect(okResult.code, okResult.output).to.equal(0);
      expect(okResult.output).to.include('OK: the audit trail verifies');
      expect(badResult.code).to.equal(1);
      expect(badResult.output).to.include(`NOT OK`).and.include(`operation_log at position ${tampered.operations[0].position}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function runVerify(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../src/history/verify-cli.ts'), ...args], (error, stdout, stderr) => {
      resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, output: stdout + stderr });
    });
  });
}
