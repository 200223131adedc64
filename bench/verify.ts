/**
 * `npx tsx bench/verify.ts`: what the audit chain costs. Prints figures, asserts nothing.
 *
 * 1. The engine's hashing per record, old scheme (one sha256 over previous ‖ header ‖ value) against the
 *    chained one (salt from a pool, value digest, content digest, link), on the same records, in memory:
 *    this is the only part of the audit trail on the engine's single writer.
 * 2. verifyAuditTrail over BENCH_VERIFY_RECORDS engine records (default 200,000) and a tenth as many
 *    operations with one checkpoint, written straight into a fresh database (PGlite in memory, or the
 *    server when DATABASE_URL is set: its own schema, dropped afterwards). The time is scaled to 1 M records
 *    (linear: verification reads the log once, page by page). Each figure is the median of BENCH_VERIFY_RUNS.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { GENESIS_HASH, chainHash, newSalt } from '../src/engine/log/hash';
import { LogStore } from '../src/engine/log/log-store';
import type { LogRecord } from '../src/engine/log/record';
import type { PendingRecord } from '../src/engine/processing/context';
import { openTestDatabase } from '../test/helpers/engine';
import { migrate } from '../src/db';
import { auditPaths, loadOrCreateSigningKey } from '../src/history/audit-keys';
import { writeCheckpoint } from '../src/history/checkpoint';
import { verifyAuditTrail } from '../src/history/verify-trail';
import { appendOperation } from '../src/tasklist/operation-log';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RECORDS = Number(process.env.BENCH_VERIFY_RECORDS ?? 200_000);
const RUNS = Number(process.env.BENCH_VERIFY_RUNS ?? 3);

function sampleRecord(position: number): { record: LogRecord; valueJson: string } {
  const value = {
    bpmnElementType: 'SERVICE_TASK',
    elementId: `Task_${position % 40}`,
    flowScopeKey: String(2251799813685248 + (position % 997)),
    processInstanceKey: String(2251799813685248 + Math.floor(position / 30)),
    processDefinitionKey: '2251799813685249',
    bpmnProcessId: 'project-construction',
    version: 3,
    parentProcessInstanceKey: '-1',
    parentElementInstanceKey: '-1',
    tenantId: '<default>',
    bpmnEventType: 'UNSPECIFIED',
  };
  const record: LogRecord = {
    position,
    sourceRecordPosition: position - 1,
    key: String(2251799813685248 + position),
    timestamp: 1_800_000_000_000 + position,
    recordType: 'EVENT',
    valueType: 'PROCESS_INSTANCE',
    intent: position % 2 ? 'ELEMENT_ACTIVATED' : 'ELEMENT_COMPLETED',
    rejectionType: 'NULL_VAL',
    rejectionReason: '',
    partitionId: 1,
    value,
  };
  return { record, valueJson: JSON.stringify(value) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function oldHash(previous: string, r: LogRecord, valueJson: string): string {
  const header = JSON.stringify([r.position, r.sourceRecordPosition, r.key, r.timestamp, r.recordType, r.valueType, r.intent, r.rejectionType, r.rejectionReason]);
  return createHash('sha256').update(previous).update(header).update(valueJson).digest('hex');
}

function hashingFigures(): void {
  const n = 100_000;
  const samples = Array.from({ length: n }, (_, i) => sampleRecord(i + 1));
  const oldScheme = () => {
    let previous = GENESIS_HASH;
    for (const { record, valueJson } of samples) previous = oldHash(previous, record, valueJson);
  };
  const newScheme = () => {
    let previous = GENESIS_HASH;
    for (const { record, valueJson } of samples) previous = chainHash(previous, record, valueJson, newSalt());
  };
  // Alternated, so that a load change on the shared machine hits both alike.
  const times: [number[], number[]] = [[], []];
  const rounds = Math.max(RUNS, 5);
  for (let i = 0; i < rounds; i++) {
    [oldScheme, newScheme].forEach((run, which) => {
      const start = performance.now();
      run();
      times[which].push(((performance.now() - start) * 1000) / n);
    });
  }
  const before = median(times[0]);
  const after = median(times[1]);
  console.log(`engine hashing per record (${n.toLocaleString('en')} records, median of ${rounds} alternated rounds):`);
  console.log(`  before the audit chain  ${before.toFixed(2)} µs`);
  console.log(`  salted three-step chain ${after.toFixed(2)} µs  (×${(after / before).toFixed(2)}, +${(after - before).toFixed(2)} µs per record)`);
}

async function verificationFigures(): Promise<void> {
  const { db, drop } = await openTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verify-'));
  try {
    await migrate(db);
    const store = new LogStore(db);
    let previous = GENESIS_HASH;
    const fillStart = performance.now();
    for (let from = 1; from <= RECORDS; from += 5000) {
      const batch: PendingRecord[] = [];
      for (let position = from; position < Math.min(from + 5000, RECORDS + 1); position++) {
        const { record, valueJson } = sampleRecord(position);
        const salt = newSalt();
        previous = chainHash(previous, record, valueJson, salt);
        batch.push({ record, valueJson, salt, hash: previous });
      }
      await store.append(batch);
    }
    const operations = Math.round(RECORDS / 10);
    for (let i = 0; i < operations; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, operations - i) }, (_, j) => appendOperation(db, { at: new Date(1_800_000_000_000 + i + j), username: 'clerk-a', action: 'claim', taskId: String(i + j), detail: {} })));
    }
    const key = loadOrCreateSigningKey(auditPaths({}, dir), () => undefined);
    await writeCheckpoint(db, key, Date.now());
    console.log(`\nfilled ${RECORDS.toLocaleString('en')} records + ${operations.toLocaleString('en')} operations in ${((performance.now() - fillStart) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite in memory'})`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const result = await verifyAuditTrail(db, key.publicKey);
      times.push(performance.now() - start);
      if (!result.ok) throw new Error(`Expected the bench trail to verify, but: ${JSON.stringify(result.firstProblem)}`);
    }
    const seconds = median(times) / 1000;
    const rows = RECORDS + operations;
    console.log(`verifyAuditTrail, median of ${RUNS}: ${seconds.toFixed(2)} s for ${rows.toLocaleString('en')} rows (${Math.round(rows / seconds).toLocaleString('en')} rows/s)`);
    console.log(`  scaled to 1 M records (+100 k operations): ${((seconds * 1_000_000) / RECORDS).toFixed(1)} s (measured on ${RECORDS.toLocaleString('en')}, scaled linearly)`);
  } finally {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(async () => {
  console.log(`bench/verify.ts — ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} (a shared machine makes these noisy)\n`);
  hashingFigures();
  await verificationFigures();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
