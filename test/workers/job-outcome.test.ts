import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const WORKERS = path.resolve(__dirname, '../../src/workers');

function workerFiles(): string[] {
  return fs
    .readdirSync(WORKERS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(WORKERS, d.name)).map((f) => path.join(WORKERS, d.name, f)))
    .filter((f) => fs.readFileSync(f, 'utf8').includes('createWorker'));
}

/**
 * One idiom for acknowledging a job: settleJob completes with what the work returns and fails on a thrown
 * error, so no path leaves a job unanswered. Only a worker that throws a BPMN error writes its own handler,
 * and says why in a comment.
 */
describe('every worker acknowledges its job through settleJob', () => {
  for (const file of workerFiles()) {
    const name = path.relative(WORKERS, file);
    it(`when ${name} handles a job, then it settles it with settleJob, or throws a BPMN error and says why it does not`, () => {
      const text = fs.readFileSync(file, 'utf8');
      if (text.includes('job.error(')) {
        expect(text, 'a one-line reason for the hand-written handler').to.match(/Hand-written, not settleJob: /);
        return;
      }
      expect(text).to.contain('settleJob(job,');
      expect(text).not.to.match(/job\.(complete|fail)\(/);
      expect(text).not.to.match(/deps\.db\(|\.transaction\(/);
    });
  }
});
