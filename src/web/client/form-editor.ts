import { Form, FormEditor } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js/dist/assets/properties-panel.css';
import './modeler/modeler.css';
import { getJson, postJson } from './modeler/page-api';
import { statusLine } from './modeler/status-line';

/**
 * The form editor page: form-js's editor beside a live preview (the form-js viewer, as a user would see
 * it), saving drafts and deploying through the modeler's JSON routes.
 */
const app = document.getElementById('form-app')!;
const formId = app.dataset.formId ?? '';
const csrf = app.dataset.csrf ?? '';
const say = statusLine(document.getElementById('status')!);
const saveButton = document.getElementById('save-draft') as HTMLButtonElement;
const deployButton = document.getElementById('deploy') as HTMLButtonElement;
const editor = new FormEditor({ container: document.getElementById('form-editor')! });
const preview = new Form({ container: document.getElementById('form-preview')! });

let previewing = Promise.resolve();
function refreshPreview(): void {
  // One import at a time: a quick series of edits must not interleave two imports of the viewer.
  previewing = previewing.then(() => preview.importSchema(editor.saveSchema()).then(() => undefined)).catch((error) => say(`预览失败 / Preview failed: ${error.message}`, 'error'));
}

function json(): string {
  return JSON.stringify(editor.saveSchema(), null, 2);
}

async function post(route: string, doneText: (body: any) => string): Promise<void> {
  saveButton.disabled = deployButton.disabled = true;
  const answer = await postJson<any>(route, { json: json() }, csrf);
  saveButton.disabled = deployButton.disabled = false;
  if (answer.ok) say(doneText(answer.body), 'done');
  else say(answer.body.message ?? `被拒绝 / Refused (${answer.status})`, 'error');
}

saveButton.addEventListener('click', () => post('/form-drafts', () => '草稿已保存 / Draft saved'));
deployButton.addEventListener('click', () =>
  post('/form-deployments', (body) => (body.unchanged ? `没有变化，仍为 v${body.version} / Unchanged: still version ${body.version}` : `已部署 v${body.version} / Deployed version ${body.version}`)),
);

async function open(): Promise<void> {
  const answer = await getJson<{ json: string; source: string; version?: number }>(`/forms/${encodeURIComponent(formId)}`);
  if (!answer.ok) return say(answer.body.message ?? `无法加载 / Could not load (${answer.status})`, 'error');
  await editor.importSchema(JSON.parse(answer.body.json));
  const { source, version } = answer.body;
  document.getElementById('opened-source')!.textContent = source === 'draft' ? '草稿 / draft' : source === 'file' ? '文件 / file in forms/' : `v${version} 已部署 / deployed version ${version}`;
  editor.on('changed', () => {
    say('有未保存的修改 / Unsaved changes');
    refreshPreview();
  });
  refreshPreview();
  saveButton.disabled = deployButton.disabled = false;
  say('已打开 / Opened');
}

open().catch((error) => say(`无法打开 / Could not open: ${error.message}`, 'error'));
