// Entry of the child process that runs the bpmn-engine comparison, so its CPU and memory are its own and not
// shared with the harness. Reads its job from BENCH_BPMN_ENGINE_JOB (JSON), prints one `RESULT <json>` line per
// concurrency level.
import { benchBpmnEngine, loadBpmnEngineModel } from './bpmn-engine-bench';
import { DESCRIPTION_PREFIX, JOB_VARIABLE, RESULT_PREFIX, type BpmnEngineJob } from './bpmn-engine-job';
import { openPgliteStore, openServerStore, type StateStore } from './state-store';

async function main(): Promise<void> {
  const job = JSON.parse(process.env[JOB_VARIABLE] ?? '') as BpmnEngineJob;
  const store: StateStore =
    job.store.kind === 'pglite' ? await openPgliteStore(job.store.dataDir) : await openServerStore(job.store.url, job.store.poolSize);
  console.log(DESCRIPTION_PREFIX + store.description);
  try {
    const model = await loadBpmnEngineModel();
    if (job.warmupRunSeconds > 0) {
      await benchBpmnEngine(store, model, Math.max(...job.concurrency), job.warmupRunSeconds, 0, job.drainSeconds, 'warmup');
    }
    for (const concurrency of job.concurrency) {
      const result = await benchBpmnEngine(store, model, concurrency, job.seconds, job.warmupSeconds, job.drainSeconds);
      console.log(RESULT_PREFIX + JSON.stringify(result));
    }
  } finally {
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
