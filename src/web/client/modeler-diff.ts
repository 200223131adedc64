import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { diff } from 'bpmn-js-differ';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './modeler/modeler.css';
import { el, getJson } from './modeler/page-api';
import { changedProperties } from './modeler/element-properties';

/**
 * Two deployed versions side by side, with bpmn-js-differ's changes marked on both diagrams: added
 * (on the newer), removed (on the older), changed and moved (on both), and listed with their attributes.
 */
const app = document.getElementById('diff-app')!;
const processId = app.dataset.processId ?? '';
const status = document.getElementById('status')!;

async function load(version: string): Promise<string> {
  const answer = await getJson<{ xml: string }>(`/processes/${encodeURIComponent(processId)}/xml?source=${encodeURIComponent(version)}`);
  if (!answer.ok) throw new Error(answer.body.message ?? `version ${version}: ${answer.status}`);
  return answer.body.xml;
}

function viewer(container: string): NavigatedViewer {
  return new NavigatedViewer({ container, moddleExtensions: { zeebe: zeebeModdle } });
}

function mark(target: NavigatedViewer, ids: string[], marker: string): void {
  const registry = target.get<any>('elementRegistry');
  const canvas = target.get<any>('canvas');
  for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker);
}

async function main(): Promise<void> {
  const { from, to } = app.dataset;
  if (!from || !to) {
    status.textContent = '请选择两个版本 / Choose two versions to compare';
    return;
  }
  const [oldXml, newXml] = await Promise.all([load(from), load(to)]);
  const older = viewer('#diff-old');
  const newer = viewer('#diff-new');
  await older.importXML(oldXml);
  await newer.importXML(newXml);
  for (const v of [older, newer]) v.get<any>('canvas').zoom('fit-viewport');
  const changes = diff(older.getDefinitions(), newer.getDefinitions());
  const added = Object.keys(changes._added);
  const removed = Object.keys(changes._removed);
  // bpmn-js-differ finds what changed; the attributes are compared here, extension elements included (the
  // differ does not see a changed candidate group, and it names the old and new values the other way round).
  const oldRegistry = older.get<any>('elementRegistry');
  const newRegistry = newer.get<any>('elementRegistry');
  const attributes = new Map<string, string[]>();
  for (const element of newRegistry.getAll()) {
    const before = oldRegistry.get(element.id);
    if (!before || element.type === 'label') continue;
    const list = changedProperties(before.businessObject, element.businessObject);
    if (list.length > 0) attributes.set(element.id, list);
  }
  const changed = [...new Set([...Object.keys(changes._changed), ...attributes.keys()])].filter((id) => !changes._added[id] && !changes._removed[id]);
  const moved = Object.keys(changes._layoutChanged);
  mark(newer, added, 'diff-added');
  mark(older, removed, 'diff-removed');
  for (const v of [older, newer]) {
    mark(v, changed, 'diff-changed');
    mark(v, moved, 'diff-layout-changed');
  }
  const body = (document.getElementById('changes') as HTMLTableElement).tBodies[0];
  const row = (kind: string, label: string, id: string, type: string, attrs: string) => {
    const tr = document.createElement('tr');
    tr.className = `diff-change-${kind}`;
    tr.dataset.elementId = id;
    tr.append(el('td', label), el('td', id), el('td', type.replace(/^bpmn:/, '')), el('td', attrs));
    body.append(tr);
  };
  for (const id of added) row('added', '新增 / added', id, changes._added[id].$type, '');
  for (const id of removed) row('removed', '删除 / removed', id, changes._removed[id].$type, '');
  for (const id of changed) {
    const type = newRegistry.get(id)?.businessObject?.$type ?? changes._changed[id]?.model?.$type ?? '';
    row('changed', '修改 / changed', id, type, (attributes.get(id) ?? []).join('; '));
  }
  for (const id of moved) row('layout', '仅布局 / layout', id, changes._layoutChanged[id].$type, '');
  const total = added.length + removed.length + changed.length + moved.length;
  status.textContent = total === 0 ? '两个版本没有差别 / The two versions are the same' : `${added.length} 新增 / added, ${removed.length} 删除 / removed, ${changed.length} 修改 / changed, ${moved.length} 仅布局 / layout only`;
}

main().catch((error) => {
  status.textContent = `无法对比 / Could not compare: ${(error as Error).message}`;
  status.className = 'modeler-status error';
});
