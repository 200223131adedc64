import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import LintModule from 'bpmn-js-bpmnlint';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { lintSetup } from '../../modeler/lint-rules';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './modeler/modeler.css';
import { getJson, postJson, type LintProblem } from './modeler/page-api';
import { showLintIssues, showServerProblems, type LintIssues } from './modeler/lint-panel';
import { loadVersions } from './modeler/versions-panel';
import { newDiagram } from './modeler/new-diagram';
import { statusLine } from './modeler/status-line';

/**
 * The modeler page: bpmn-js with the Zeebe properties panel and Camunda 8 behaviours, linted as you edit
 * with the same rules as the server; save a draft, deploy, open a file, see the versions.
 */
const app = document.getElementById('modeler-app')!;
const csrf = app.dataset.csrf ?? '';
let processId = app.dataset.processId ?? '';
const say = statusLine(document.getElementById('status')!);
const saveButton = document.getElementById('save-draft') as HTMLButtonElement;
const deployButton = document.getElementById('deploy') as HTMLButtonElement;
const lintList = document.getElementById('lint-list')!;
const lintSummary = document.getElementById('lint-summary')!;
let lintErrors = 0;
let dirty = false;

const modeler = new BpmnModeler({
  container: '#canvas',
  propertiesPanel: { parent: '#properties' },
  additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeBehaviorsModule, LintModule],
  moddleExtensions: { zeebe: zeebeModdle },
  linting: { bpmnlint: lintSetup(), active: true },
});
const eventBus = modeler.get<any>('eventBus');

function updateButtons(): void {
  saveButton.disabled = false;
  deployButton.disabled = lintErrors > 0;
  deployButton.title = lintErrors > 0 ? `先修正 ${lintErrors} 个检查错误 / Fix the ${lintErrors} lint error(s) first` : '';
}

eventBus.on('linting.completed', (event: { issues: LintIssues }) => {
  lintErrors = showLintIssues(lintList, lintSummary, event.issues, (id) => {
    const element = modeler.get<any>('elementRegistry').get(id);
    if (element) modeler.get<any>('selection').select(element);
  });
  updateButtons();
});
eventBus.on('commandStack.changed', () => {
  dirty = true;
  say('有未保存的修改 / Unsaved changes');
});
window.addEventListener('beforeunload', (event) => {
  if (dirty) event.preventDefault();
});

async function importXml(xml: string, label: string): Promise<void> {
  try {
    const { warnings } = await modeler.importXML(xml);
    // A collaboration's root is the collaboration: the process is its first participant's.
    const root = modeler.get<any>('canvas').getRootElement().businessObject;
    const process = root?.$type === 'bpmn:Collaboration' ? root.participants?.find((p: any) => p.processRef)?.processRef : root;
    processId = process?.id ?? processId;
    document.getElementById('process-name')!.textContent = `${process?.name ?? processId} (${processId})`;
    document.getElementById('opened-source')!.textContent = label;
    modeler.get<any>('canvas').zoom('fit-viewport');
    dirty = false;
    say(warnings.length > 0 ? `已打开，有 ${warnings.length} 条导入警告 / Opened with ${warnings.length} import warning(s)` : '已打开 / Opened');
    updateButtons();
  } catch (error) {
    say(`无法打开：${(error as Error).message} / Could not open the diagram`, 'error');
  }
}

async function open(): Promise<void> {
  const source = app.dataset.source ?? 'latest';
  if (source === 'new') {
    await importXml(newDiagram(processId, app.dataset.newName || processId), '新流程 / new process');
    dirty = true;
    return;
  }
  const answer = await getJson<{ xml: string; source: string; version?: number }>(`/processes/${encodeURIComponent(processId)}/xml?source=${encodeURIComponent(source)}`);
  if (!answer.ok) {
    say(answer.body.message ?? `无法加载 / Could not load (${answer.status})`, 'error');
    return;
  }
  const { body } = answer;
  const label = body.source === 'draft' ? '草稿 / draft' : body.source === 'file' ? '文件 / file in processes/' : `v${body.version} 已部署 / deployed version ${body.version}`;
  await importXml(body.xml, label);
}

async function currentXml(): Promise<string> {
  const { xml } = await modeler.saveXML({ format: true });
  return xml ?? '';
}

function refusal(body: { message?: string; problems?: LintProblem[] }): void {
  say(body.message ?? '被拒绝 / Refused', 'error');
  if (body.problems?.length) showServerProblems(lintList, body.problems);
}

saveButton.addEventListener('click', async () => {
  saveButton.disabled = true;
  say('正在保存… / Saving…');
  const answer = await postJson<{ savedAt: string; problems: LintProblem[] }>('/drafts', { xml: await currentXml() }, csrf);
  saveButton.disabled = false;
  if (!answer.ok) return refusal(answer.body);
  dirty = false;
  const errors = answer.body.problems.filter((p) => p.category === 'error').length;
  say(errors > 0 ? `草稿已保存；${errors} 个检查错误须在部署前修正 / Draft saved; ${errors} lint error(s) must be fixed before deploying` : '草稿已保存 / Draft saved', 'done');
});

deployButton.addEventListener('click', async () => {
  deployButton.disabled = true;
  say('正在部署… / Deploying…');
  const answer = await postJson<{ version: number; unchanged: boolean; warnings: LintProblem[] }>('/deployments', { xml: await currentXml() }, csrf);
  updateButtons();
  if (!answer.ok) return refusal(answer.body);
  dirty = false;
  const { version, unchanged, warnings } = answer.body;
  const warned = warnings.filter((w) => w.category === 'warn').length;
  say(
    (unchanged ? `没有变化，仍为 v${version} / Unchanged: still version ${version}` : `已部署 v${version} / Deployed version ${version}`) +
      (warned > 0 ? `（${warned} 个警告 / warning(s)）` : ''),
    'done',
  );
  document.getElementById('opened-source')!.textContent = `v${version} 已部署 / deployed version ${version}`;
  await refreshVersions();
});

document.getElementById('open-file')!.addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) await importXml(await file.text(), `文件 / file ${file.name}`);
  dirty = true;
});

document.getElementById('download')!.addEventListener('click', async () => {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([await currentXml()], { type: 'application/xml' }));
  link.download = `${processId}.bpmn`;
  link.click();
  URL.revokeObjectURL(link.href);
});

function refreshVersions(): Promise<number> {
  return loadVersions(processId, document.getElementById('versions') as HTMLTableElement, document.getElementById('diff-from') as HTMLSelectElement, document.getElementById('diff-to') as HTMLSelectElement);
}

void open().then(refreshVersions);
