import { expect } from 'chai';
import { startHarness, type Harness } from '../tasklist/harness';
import { verifyExport } from '../../src/history/verify-export';

/** Issue 10: the verification badge's JSON and the exports over HTTP, for auditors and the Bureau only. */
describe('audit trail: /api/history', function () {
  this.timeout(120_000);
  let h: Harness;
  let key: string;
  before(async () => {
    h = await startHarness({ audit: true });
    key = await h.start('tl-request', { departmentId: 'dept-a', bidAmount: 7654321 });
    await h.task(key);
  });
  after(() => h.stop());

  it('when a clerk asks for the verification or an export, then 403 says who may', async () => {
    const token = h.token('clerk-a');
    for (const route of ['/api/history/verification', `/api/history/instances/${key}/export.json`]) {
      const answer = await h.api('GET', route, { token });
      expect(answer.status).to.equal(403);
      expect(answer.body.message).to.include('Only auditors and the Bureau');
    }
  });

  it('when an auditor asks for the verification, then the agreed JSON says ok with counts and the last checkpoint', async () => {
    const answer = await h.api('GET', '/api/history/verification', { token: h.token('auditor') });
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ ok: true, firstProblem: null });
    expect(answer.body).to.have.keys('ok', 'checkedAt', 'keyId', 'records', 'operations', 'checkpoints', 'lastCheckpointAt', 'unsignedRecords', 'unsignedOperations', 'firstProblem', 'problems');
    expect(answer.body.records).to.be.greaterThan(0);
    expect(answer.body.checkpoints).to.be.at.least(1);
  });

  it('when the Bureau exports the instance, then the JSON verifies offline with the sensitive bid masked, and the CSV downloads', async () => {
    const json = await h.api('GET', `/api/history/instances/${key}/export.json`, { token: h.token('bureau') });
    expect(json.status).to.equal(200);
    expect(json.headers.get('content-disposition')).to.include(`instance-${key}.json`);
    expect(JSON.stringify(json.body)).not.to.include('7654321');
    const audit = (await h.api('GET', '/api/history/verification', { token: h.token('auditor') })).body;
    expect(audit.unsignedRecords, 'the export signed what it exports').to.equal(0);
    expect(verifyExport(json.body, h.audit!.publicKey).problems).to.deep.equal([]);
    const csv = await h.api('GET', `/api/history/instances/${key}/export.csv`, { token: h.token('auditor') });
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.include('text/csv');
    expect(String(csv.body)).to.include('source,position,time');
  });

  it('when a search result is exported, then each key is checked: none, too many, not digits, unknown say what is wrong', async () => {
    const token = h.token('auditor');
    expect((await h.api('GET', `/api/history/export.json?keys=${key},${key}`, { token })).body.processInstanceKeys).to.deep.equal([key]);
    expect((await h.api('GET', '/api/history/export.json?keys=', { token })).status).to.equal(400);
    const many = Array.from({ length: 501 }, (_, i) => String(i + 1)).join(',');
    expect((await h.api('GET', `/api/history/export.json?keys=${many}`, { token })).body.message).to.include('at most 500');
    expect((await h.api('GET', '/api/history/export.json?keys=abc', { token })).status).to.equal(400);
    expect((await h.api('GET', '/api/history/instances/123/export.json', { token })).status).to.equal(404);
  });
});
