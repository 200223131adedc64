import type { Knex } from 'knex';

/** What a worker may use besides its job: the application database and the time (injected for tests). */
export interface WorkerDeps {
  db: Knex;
  now: () => Date;
}
