import path from 'node:path';
import type { Server } from 'node:http';
import { expect } from 'chai';
import { issueToken } from '../../src/auth/tokens';
import { startTaskList, type TaskList } from '../../src/tasklist/start-task-list';
import { startScenario, type Scenario } from '../helpers/scenario';
import { waitFor } from '../helpers/settle';
import { startTestAuditTrail } from '../helpers/audit-trail';
import type { AuditTrail } from '../../src/history/audit-trail';

const SIGNING_KEY = 'history-test-signing-key-0123456789abcdef';

/**
 * A regulation process run for real with people in it: the scenario (engine, workers, processes/ and forms/)
 * plus the task list on a free port, where each user task is claimed and completed by its user through the
 * JSON API, so the operation log knows who did what.
 */
export interface AuditedRun {
  s: Scenario;
  url: string;
  /** With { audit: true }: the audit trail (its public key verifies exports). */
  audit?: AuditTrail;
  /** Claims and completes the open task of this element as this user; returns the task id. */
  work(processInstanceKey: string, elementId: string, username: string, variables: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

/** `audit`: with the audit trail behind the verification badge and the exports. */
export async function startAuditedRun(processes: string[], options: { audit?: boolean } = {}): Promise<AuditedRun> {
  const s = await startScenario({ processes });
  const now = () => new Date(s.t.clock.now());
  const testAudit = options.audit ? await startTestAuditTrail(s.t.db, () => s.t.clock.now()) : undefined;
  const root = path.resolve(__dirname, '../..');
  const taskList: TaskList = await startTaskList({
    client: s.t.client,
    db: s.t.db,
    now,
    processesDir: path.join(root, 'processes'),
    formsDir: path.join(root, 'forms'),
    signingKey: SIGNING_KEY,
    audit: testAudit?.trail,
    secureCookies: false,
    reconcile: false,
    log: () => undefined,
  });
  const { server, url } = await taskList.listen(0, '127.0.0.1');
  const call = async (route: string, username: string, body: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issueToken(username, { key: SIGNING_KEY, now })}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, `${route} as ${username}: ${await response.clone().text()}`).to.equal(200);
  };
  return {
    s,
    url,
    audit: testAudit?.trail,
    async work(processInstanceKey, elementId, username, variables) {
      let id = '';
      await waitFor(async () => {
        const row = await s.t.db('tasks').where({ process_instance_key: processInstanceKey, element_id: elementId, state: 'open' }).first();
        id = row?.id ?? '';
        return !!row;
      }, 10_000);
      await call(`/api/tasks/${id}/claim`, username, {});
      s.t.clock.advance(10 * 60_000);
      await call(`/api/tasks/${id}/complete`, username, { variables });
      return id;
    },
    async stop() {
      await new Promise((resolve) => (server as Server).close(resolve));
      server.closeAllConnections();
      await taskList.close();
      await testAudit?.stop();
      await s.stop();
    },
  };
}
