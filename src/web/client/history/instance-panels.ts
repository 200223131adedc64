import { el, text, timeText } from './fetch-json';

export interface TimelineEntry {
  kind: 'record' | 'operation';
  position: number;
  timestamp: number;
  valueType?: string;
  intent?: string;
  recordType?: string;
  elementId?: string;
  elementType?: string;
  actor?: string;
  username?: string;
  action?: string;
  taskId?: string | null;
  rejectionReason?: string;
  value?: Record<string, unknown>;
}

export interface Frame {
  position: number;
  timestamp: number;
  tokens: Array<{ elementInstanceKey: string; elementId: string; elementType: string; state: string }>;
  variables: Array<{ name: string; scope: string; value: unknown; masked: boolean }>;
  incidents: Array<{ elementId: string; errorType: string; errorMessage: string }>;
  ended: boolean;
}

export interface VariableChange {
  name: string;
  timestamp: number;
  element: string;
  oldValue: unknown;
  newValue: unknown;
  actor: string;
}

const ACTIONS: Record<string, string> = {
  claim: '认领 / claimed',
  unclaim: '退回认领 / unclaimed',
  assign: '指派 / assigned',
  'complete-requested': '提交 / submitted',
  complete: '完成 / completed',
  comment: '评论 / commented',
  refused: '被拒绝 / refused',
  deployed: '部署 / deployed',
  'draft-saved': '保存草稿 / draft saved',
};

function describe(entry: TimelineEntry): string {
  if (entry.kind === 'operation') return `${ACTIONS[entry.action!] ?? entry.action}${entry.taskId ? ` (task ${entry.taskId})` : ''}`;
  const value = entry.value ?? {};
  let what = `${entry.valueType} ${entry.intent}`;
  if (entry.valueType === 'VARIABLE') what += `: ${value.name} = ${value.value}`;
  if (entry.valueType === 'JOB') what += `: ${value.type}`;
  if (entry.valueType === 'INCIDENT') what += `: ${value.errorMessage}`;
  if (entry.recordType === 'COMMAND_REJECTION') what += ` — ${entry.rejectionReason}`;
  return what;
}

/** The timeline as table rows; each record row selects its replay step when clicked. */
export function renderTimeline(body: HTMLElement, entries: TimelineEntry[], select: (position: number) => void): Map<number, HTMLElement> {
  const rows = new Map<number, HTMLElement>();
  for (const entry of entries) {
    const row = el('tr', [
      el('td', entry.kind === 'record' ? String(entry.position) : ''),
      el('td', timeText(entry.timestamp)),
      el('td', describe(entry)),
      el('td', entry.elementId ?? ''),
      el('td', entry.kind === 'operation' ? entry.username! : entry.actor!),
    ], entry.kind === 'operation' ? 'operation' : entry.recordType === 'COMMAND_REJECTION' ? 'rejection' : '');
    if (entry.kind === 'record') {
      row.dataset.position = String(entry.position);
      row.addEventListener('click', () => select(entry.position));
      rows.set(entry.position, row);
    }
    body.append(row);
  }
  return rows;
}

export function renderFrame(frame: Frame, ui: { tokens: HTMLElement; variables: HTMLElement; incidents: HTMLElement }): void {
  ui.tokens.replaceChildren(
    ...(frame.tokens.length > 0
      ? frame.tokens.map((t) => el('li', `${t.elementId} (${t.elementType}, ${t.state})`))
      : [el('li', frame.ended ? '实例已结束 / The instance had ended' : '无 / none', 'muted')]),
  );
  ui.incidents.replaceChildren(...frame.incidents.map((i) => el('p', `故障 / Incident at ${i.elementId}: ${i.errorType} — ${i.errorMessage}`, 'error')));
  ui.variables.replaceChildren(
    ...(frame.variables.length > 0
      ? frame.variables.map((v) => {
          const row = el('tr', [el('td', v.name), el('td', v.scope), el('td', text(v.value), v.masked ? 'masked' : '')]);
          row.dataset.variable = v.name;
          return row;
        })
      : [el('tr', [el('td', '此刻没有变量 / No variables at this step', 'muted')])]),
  );
}

export function renderVariableHistory(body: HTMLElement, changes: VariableChange[]): void {
  body.replaceChildren(
    ...(changes.length > 0
      ? changes.map((c) => el('tr', [el('td', timeText(c.timestamp)), el('td', text(c.oldValue)), el('td', text(c.newValue)), el('td', c.element), el('td', c.actor)]))
      : [el('tr', [el('td', '没有变化 / No changes')])]),
  );
}
