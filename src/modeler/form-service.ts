import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { ZBClient } from 'zeebe-node';
import type { SessionUser } from '../auth/session-user';
import { appendOperation } from '../tasklist/operation-log';
import type { Refusal } from './check-bpmn';
import { checkForm } from './check-form';
import { deleteDraft, findDraft, listDrafts, saveDraft } from './drafts';
import { listDeployments, recordDeployment } from './deployments';

export interface FormSummary {
  formId: string;
  fileName: string | null;
  latestVersion: number | null;
  draft: { savedBy: string; savedAt: Date } | null;
}

export type FormDeployed = { ok: true; formId: string; version: number; resourceName: string; unchanged: boolean };

/**
 * The process owners' use cases over the Camunda Forms of forms/: open, save a draft, deploy through
 * zeebe-node (also as part of deploying a process that uses the form). Versions are the modeler's own
 * deployments: forms deployed at start are the files themselves.
 */
export class FormService {
  constructor(private readonly options: { db: Knex; client: ZBClient; now: () => Date; formsDir: string; refused: (user: SessionUser, operation: string, refusal: Refusal) => Promise<Refusal> }) {}

  async listForms(): Promise<FormSummary[]> {
    const { db } = this.options;
    const byId = new Map<string, FormSummary>();
    const entry = (id: string) => {
      let found = byId.get(id);
      if (!found) byId.set(id, (found = { formId: id, fileName: null, latestVersion: null, draft: null }));
      return found;
    };
    for (const [id, fileName] of this.files()) entry(id).fileName = fileName;
    for (const row of await db('modeler_deployments').where({ kind: 'form' }).select('resource_id').max('version as version').groupBy('resource_id')) {
      entry(row.resource_id).latestVersion = Number(row.version);
    }
    for (const draft of await listDrafts(db, 'form')) entry(draft.resourceId).draft = { savedBy: draft.savedBy, savedAt: draft.savedAt };
    return [...byId.values()].sort((a, b) => a.formId.localeCompare(b.formId));
  }

  /** The draft when there is one, else the modeler's latest deployment, else the file of forms/. */
  async open(formId: string): Promise<{ formId: string; json: string; source: 'draft' | 'version' | 'file'; version?: number } | undefined> {
    const { db, formsDir } = this.options;
    const draft = await findDraft(db, 'form', formId);
    if (draft) return { formId, json: draft.content, source: 'draft' };
    const latest = (await listDeployments(db, 'form', formId)).at(-1);
    if (latest) {
      const row = await db('modeler_deployments').where({ kind: 'form', resource_id: formId, version: latest.version }).orderBy('id', 'desc').select('content').first();
      return { formId, json: row.content, source: 'version', version: latest.version };
    }
    const fileName = this.files().get(formId);
    return fileName ? { formId, json: fs.readFileSync(path.join(formsDir, fileName), 'utf8'), source: 'file' } : undefined;
  }

  async saveDraft(user: SessionUser, json: unknown): Promise<{ ok: true; formId: string; savedAt: Date } | Refusal> {
    const { db, now } = this.options;
    const text = typeof json === 'string' ? json : '';
    const checked = checkForm(text);
    if (!checked.ok) return this.options.refused(user, 'save-form-draft', checked);
    const savedAt = now();
    await db.transaction(async (trx) => {
      await saveDraft(trx, { kind: 'form', resourceId: checked.formId, resourceName: `${checked.formId}.form`, content: text, savedBy: user.username, savedAt });
      await appendOperation(trx, { at: savedAt, username: user.username, action: 'draft-saved', detail: { kind: 'form', formId: checked.formId, bytes: Buffer.byteLength(text) } });
    });
    return { ok: true, formId: checked.formId, savedAt };
  }

  async deploy(user: SessionUser, json: unknown): Promise<FormDeployed | Refusal> {
    const { db, client, now } = this.options;
    const text = typeof json === 'string' ? json : '';
    const checked = checkForm(text);
    if (!checked.ok) return this.options.refused(user, 'deploy-form', checked);
    const resourceName = `${checked.formId}.form`;
    const before = (await listDeployments(db, 'form', checked.formId)).at(-1)?.version ?? 0;
    let answer;
    try {
      answer = await client.deployResource({ form: Buffer.from(text, 'utf8'), name: resourceName });
    } catch (error) {
      return this.options.refused(user, 'deploy-form', { ok: false, reason: 'engine', message: `引擎拒绝部署 / The engine refused the form: ${String((error as Error).message ?? error)}`, problems: [] });
    }
    const form = (answer.deployments as any[]).map((d) => d.form).find((f) => f?.formId === checked.formId);
    const version = Number(form.version);
    const deployed: FormDeployed = { ok: true, formId: checked.formId, version, resourceName, unchanged: version <= before };
    const at = now();
    await db.transaction(async (trx) => {
      await recordDeployment(trx, { kind: 'form', resourceId: checked.formId, resourceName, version, definitionKey: String(form.formKey), deploymentKey: String(answer.key), unchanged: deployed.unchanged, content: text, deployedBy: user.username, deployedAt: at });
      await deleteDraft(trx, 'form', checked.formId);
      await appendOperation(trx, { at, username: user.username, action: 'deployed', detail: { kind: 'form', formId: checked.formId, version, resourceName } });
    });
    return deployed;
  }

  /** Deploys the saved drafts of these forms (the ones a process about to be deployed refers to). */
  async deployDrafts(user: SessionUser, formIds: string[]): Promise<FormDeployed[] | Refusal> {
    const deployed: FormDeployed[] = [];
    for (const formId of formIds) {
      const draft = await findDraft(this.options.db, 'form', formId);
      if (!draft) continue;
      const outcome = await this.deploy(user, draft.content);
      if (!outcome.ok) return outcome;
      deployed.push(outcome);
    }
    return deployed;
  }

  private files(): Map<string, string> {
    const { formsDir } = this.options;
    if (!fs.existsSync(formsDir)) return new Map();
    return new Map(fs.readdirSync(formsDir).filter((f) => f.endsWith('.form')).sort().map((f) => [f.replace(/\.form$/, ''), f]));
  }
}
