import type { Knex } from 'knex';
import type { ZBClient } from 'zeebe-node';
import type { SessionUser } from '../auth/session-user';
import { appendOperation } from '../tasklist/operation-log';
import { checkBpmn, type Refusal } from './check-bpmn';
import { deleteDraft, findDraft, listDrafts, saveDraft } from './drafts';
import { findDeployedContent, listDeployments, recordDeployment } from './deployments';
import { readEngineVersions, readEngineXml, readRunningInstances } from './engine-log';
import { FormService, type FormDeployed } from './form-service';
import type { LintProblem } from './lint-bpmn';
import { listProcessFiles, readProcessFile } from './process-files';

export interface ModelerOptions {
  db: Knex;
  client: ZBClient;
  now: () => Date;
  processesDir: string;
  formsDir: string;
  /**
   * The engine's log table is readable (the application runs on the embedded engine): versions deployed
   * from elsewhere, their XML and the running instances come from it. Off against a real Zeebe.
   */
  engineLog: boolean;
}

export interface ProcessSummary {
  bpmnProcessId: string;
  name: string;
  latestVersion: number | null;
  fileName: string | null;
  draft: { savedBy: string; savedAt: Date } | null;
}

export type Source = 'draft' | 'file' | 'latest' | number;

export interface OpenedDiagram {
  bpmnProcessId: string;
  xml: string;
  /** What was opened: the draft, the processes/ file, or a deployed version. */
  source: 'draft' | 'file' | 'version';
  version?: number;
}

export interface VersionRow {
  version: number;
  processDefinitionKey: string;
  deployedAt: Date;
  /** Who deployed it from the modeler; null for versions deployed otherwise (at start, by a tool). */
  deployedBy: string | null;
  /** Running instances of this version; null where the engine's figures are not available. */
  running: number | null;
}

export interface Versions {
  bpmnProcessId: string;
  /** False against a real Zeebe: only the modeler's own deployments are listed, without instance counts. */
  engineFigures: boolean;
  versions: VersionRow[];
}

export type Saved = { ok: true; bpmnProcessId: string; savedAt: Date; problems: LintProblem[] };
export type Deployed = {
  ok: true;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  unchanged: boolean;
  warnings: LintProblem[];
  /** Saved form drafts the diagram's user tasks refer to, deployed with it (before it). */
  forms: FormDeployed[];
};

/**
 * The process owners' use cases over diagrams: list, open, save a draft, deploy through zeebe-node,
 * versions with who deployed them. Every save and deploy, and every refusal, goes to the operation log.
 */
export class ModelerService {
  readonly forms: FormService;

  constructor(private readonly options: ModelerOptions) {
    this.forms = new FormService({ ...options, refused: (user, operation, refusal) => this.refused(user, operation, refusal) });
  }

  get engineFigures(): boolean {
    return this.options.engineLog;
  }

  async listProcesses(): Promise<ProcessSummary[]> {
    const { db, processesDir } = this.options;
    const byId = new Map<string, ProcessSummary>();
    const entry = (id: string) => {
      let found = byId.get(id);
      if (!found) byId.set(id, (found = { bpmnProcessId: id, name: id, latestVersion: null, fileName: null, draft: null }));
      return found;
    };
    for (const file of listProcessFiles(processesDir)) Object.assign(entry(file.bpmnProcessId), { name: file.name, fileName: file.fileName });
    for (const version of await this.knownVersions()) {
      const e = entry(version.bpmnProcessId);
      e.latestVersion = Math.max(e.latestVersion ?? 0, version.version);
    }
    for (const draft of await listDrafts(db, 'bpmn')) entry(draft.resourceId).draft = { savedBy: draft.savedBy, savedAt: draft.savedAt };
    return [...byId.values()].sort((a, b) => a.bpmnProcessId.localeCompare(b.bpmnProcessId));
  }

  /** The diagram to edit: a draft, the file, the latest or a given deployed version. */
  async open(bpmnProcessId: string, source: Source): Promise<OpenedDiagram | undefined> {
    const { db, processesDir } = this.options;
    if (source === 'draft') {
      const draft = await findDraft(db, 'bpmn', bpmnProcessId);
      return draft && { bpmnProcessId, xml: draft.content, source: 'draft' };
    }
    if (source === 'file') {
      const file = readProcessFile(processesDir, bpmnProcessId);
      return file && { bpmnProcessId, xml: file.xml, source: 'file' };
    }
    const versions = (await this.knownVersions()).filter((v) => v.bpmnProcessId === bpmnProcessId).map((v) => v.version);
    const version = source === 'latest' ? Math.max(0, ...versions) : source;
    const xml = version > 0 ? await this.versionXml(bpmnProcessId, version) : undefined;
    return xml === undefined ? undefined : { bpmnProcessId, xml, source: 'version', version };
  }

  /**
   * Saves the diagram as the process's draft (one per process, replaced by the next save). Structural
   * problems refuse it; lint errors do not (a draft is work in progress) but are returned, and block deploy.
   */
  async saveDraft(user: SessionUser, xml: unknown): Promise<Saved | Refusal> {
    const { db, now } = this.options;
    const checked = await checkBpmn(typeof xml === 'string' ? xml : '');
    if (!checked.ok && checked.reason !== 'lint') return this.refused(user, 'save-draft', checked);
    const text = xml as string;
    const bpmnProcessId = checked.bpmnProcessId!;
    const savedAt = now();
    await db.transaction(async (trx) => {
      await saveDraft(trx, { kind: 'bpmn', resourceId: bpmnProcessId, resourceName: `${bpmnProcessId}.bpmn`, content: text, savedBy: user.username, savedAt });
      await appendOperation(trx, { at: savedAt, username: user.username, action: 'draft-saved', detail: { kind: 'bpmn', bpmnProcessId, bytes: Buffer.byteLength(text) } });
    });
    return { ok: true, bpmnProcessId, savedAt, problems: checked.ok ? checked.warnings : checked.problems };
  }

  /** Checks (lint errors block), deploys through zeebe-node, records who deployed, and drops the draft. */
  async deploy(user: SessionUser, xml: unknown): Promise<Deployed | Refusal> {
    const { db, client, now } = this.options;
    const text = typeof xml === 'string' ? xml : '';
    const checked = await checkBpmn(text);
    if (!checked.ok) return this.refused(user, 'deploy', checked);
    const resourceName = `${checked.bpmnProcessId}.bpmn`;
    const forms = await this.forms.deployDrafts(user, formKeysOf(text));
    if (!Array.isArray(forms)) return forms;
    const before = Math.max(0, ...(await this.knownVersions()).filter((v) => v.bpmnProcessId === checked.bpmnProcessId).map((v) => v.version));
    let answer;
    try {
      answer = await client.deployResource({ process: Buffer.from(text, 'utf8'), name: resourceName });
    } catch (error) {
      const message = `引擎拒绝部署 / The engine refused the deployment: ${String((error as Error).message ?? error).replace(/^\d+ [A-Z_]+: /, '')}`;
      return this.refused(user, 'deploy', { ok: false, reason: 'engine', message, problems: [] });
    }
    const process = answer.deployments.map((d) => d.process).find((p) => p?.bpmnProcessId === checked.bpmnProcessId)!;
    const version = Number(process.version);
    const deployed = {
      bpmnProcessId: checked.bpmnProcessId,
      version,
      processDefinitionKey: String(process.processDefinitionKey),
      resourceName,
      unchanged: version <= before,
    };
    const at = now();
    await db.transaction(async (trx) => {
      await recordDeployment(trx, {
        kind: 'bpmn',
        resourceId: deployed.bpmnProcessId,
        resourceName,
        version,
        definitionKey: deployed.processDefinitionKey,
        deploymentKey: String(answer.key),
        unchanged: deployed.unchanged,
        content: text,
        deployedBy: user.username,
        deployedAt: at,
      });
      await deleteDraft(trx, 'bpmn', deployed.bpmnProcessId);
      await appendOperation(trx, { at, username: user.username, action: 'deployed', detail: { kind: 'bpmn', ...deployed, forms: forms.map((f) => `${f.formId}@${f.version}`) } });
    });
    return { ok: true, ...deployed, warnings: checked.warnings, forms };
  }

  async versions(bpmnProcessId: string): Promise<Versions> {
    const { db, engineLog } = this.options;
    const ours = await listDeployments(db, 'bpmn', bpmnProcessId);
    const deployer = new Map<number, string>();
    for (const d of ours) if (!deployer.has(d.version)) deployer.set(d.version, d.deployedBy);
    if (!engineLog) {
      const rows = ours.filter((d) => !d.unchanged).map((d) => ({ version: d.version, processDefinitionKey: d.definitionKey, deployedAt: d.deployedAt, deployedBy: d.deployedBy, running: null }));
      return { bpmnProcessId, engineFigures: false, versions: rows.reverse() };
    }
    const running = await readRunningInstances(db, bpmnProcessId);
    const rows = (await readEngineVersions(db, bpmnProcessId)).map((v) => ({
      version: v.version,
      processDefinitionKey: v.processDefinitionKey,
      deployedAt: v.deployedAt,
      deployedBy: deployer.get(v.version) ?? null,
      running: running.get(v.processDefinitionKey) ?? 0,
    }));
    return { bpmnProcessId, engineFigures: true, versions: rows.reverse() };
  }

  /** A deployed version's XML: the modeler's own copy, else (embedded engine) the engine's log. */
  async versionXml(bpmnProcessId: string, version: number): Promise<string | undefined> {
    const { db, engineLog } = this.options;
    return (await findDeployedContent(db, 'bpmn', bpmnProcessId, version)) ?? (engineLog ? await readEngineXml(db, bpmnProcessId, version) : undefined);
  }

  private async knownVersions(): Promise<Array<{ bpmnProcessId: string; version: number }>> {
    const { db, engineLog } = this.options;
    if (engineLog) return readEngineVersions(db);
    const rows = await db('modeler_deployments').where({ kind: 'bpmn' }).select('resource_id', 'version');
    return rows.map((row: any) => ({ bpmnProcessId: row.resource_id, version: Number(row.version) }));
  }

  private async refused(user: SessionUser, operation: string, refusal: Refusal): Promise<Refusal> {
    await appendOperation(this.options.db, {
      at: this.options.now(),
      username: user.username,
      action: 'refused',
      detail: { operation: `modeler.${operation}`, reason: refusal.reason, message: refusal.message, errors: refusal.problems.filter((p) => p.category === 'error').length },
    });
    return refusal;
  }
}

/** The form ids the diagram's user tasks refer to (zeebe:formDefinition formKey or formId). */
function formKeysOf(xml: string): string[] {
  const ids = new Set<string>();
  for (const match of xml.matchAll(/<zeebe:formDefinition\b[^>]*\b(?:formKey|formId)="([^"]+)"/g)) ids.add(match[1].replace(/^camunda-forms:bpmn:/, ''));
  return [...ids];
}
