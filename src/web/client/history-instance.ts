import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './history/history-instance.css';
import { InstanceDiagram, type ElementStats } from './history/diagram';
import { el, fetchJson, timeText } from './history/fetch-json';
import { renderFrame, renderTimeline, renderVariableHistory, type Frame, type TimelineEntry, type VariableChange } from './history/instance-panels';
import { ReplayPlayer } from './history/replay-player';
import { showVerification } from './history/verification-badge';

interface InstanceHistory {
  summary: { processInstanceKey: string; bpmnProcessId: string; version: number; state: string; startedAt: number; endedAt: number | null; openIncidents: number; records: number; parentProcessInstanceKey: string | null };
  diagramXml: string;
  elements: Record<string, ElementStats>;
  timeline: TimelineEntry[];
  steps: number[];
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The path taken up to a step: elements entered and flows taken at or before it. */
function visitedUpTo(timeline: TimelineEntry[], position: number): Set<string> {
  const visited = new Set<string>();
  for (const entry of timeline) {
    if (entry.kind !== 'record' || entry.position > position || entry.valueType !== 'PROCESS_INSTANCE' || !entry.elementId) continue;
    if (entry.elementType !== 'PROCESS' && (entry.intent === 'ELEMENT_ACTIVATED' || entry.intent === 'SEQUENCE_FLOW_TAKEN')) visited.add(entry.elementId);
  }
  return visited;
}

async function main(): Promise<void> {
  const root = byId('history-instance');
  const base = root.dataset.base!;
  void showVerification(byId('verification'));
  let history: InstanceHistory;
  try {
    history = await fetchJson<InstanceHistory>(`${base}/data.json`);
  } catch (error) {
    byId('loading').textContent = `无法加载 / Could not load: ${(error as Error).message}`;
    byId('loading').className = 'error';
    return;
  }
  byId('loading').hidden = true;
  const s = history.summary;
  const summary = byId('summary');
  const facts: Array<[string, string | Node]> = [
    ['流程 / Process', `${s.bpmnProcessId} v${s.version}`],
    ['状态 / State', s.state],
    ['开始 / Started', timeText(s.startedAt)],
    ['结束 / Ended', s.endedAt ? timeText(s.endedAt) : '—'],
    ['记录 / Records', String(s.records)],
  ];
  if (s.parentProcessInstanceKey) {
    const link = el('a', s.parentProcessInstanceKey);
    link.href = `/history/instances/${s.parentProcessInstanceKey}`;
    facts.push(['上级实例 / Parent', link]);
  }
  for (const [term, value] of facts) summary.append(el('dt', term), el('dd', typeof value === 'string' ? value : [value]));
  summary.hidden = false;

  const diagram = new InstanceDiagram(byId('diagram'));
  await diagram.show(history.diagramXml, history.elements).catch((error: Error) => {
    // A version deployed without diagram interchange has nothing to draw; the timeline and replay still work.
    byId('diagram').replaceChildren(el('p', `无法显示流程图 / The diagram cannot be shown: ${error.message}`, 'empty'));
  });

  const rows = renderTimeline(byId('timeline'), history.timeline, (position) => void player.go(history.steps.indexOf(position)));
  let selected: HTMLElement | undefined;
  let latest = 0;
  const player = new ReplayPlayer(
    history.steps,
    async (position, index) => {
      // Dragging the slider asks for many steps at once; only the last one asked for is drawn.
      const asked = ++latest;
      byId('step-label').textContent = `第 ${index + 1} / ${history.steps.length} 步 · position ${position}`;
      selected?.classList.remove('selected');
      selected = rows.get(position);
      selected?.classList.add('selected');
      const frame = await fetchJson<Frame>(`${base}/replay.json?position=${position}`).catch((error: Error) => {
        byId('step-label').textContent += ` · 无法回放此步 / Could not replay this step: ${error.message}`;
        return undefined;
      });
      if (!frame || asked !== latest) return;
      renderFrame(frame, { tokens: byId('tokens'), variables: byId('variables'), incidents: byId('incidents') });
      diagram.highlight(visitedUpTo(history.timeline, position), frame.tokens.map((t) => t.elementId));
      byId('step-label').textContent += ` · ${timeText(frame.timestamp)}`;
      root.dataset.shownIndex = String(index);
    },
    {
      slider: byId('slider'),
      play: byId('play'),
      speed: byId('speed'),
      link: byId('step-link'),
      buttons: { first: byId('first'), previous: byId('previous'), next: byId('next'), last: byId('last') },
    },
  );
  await player.start();

  const names = [...new Set(history.timeline.flatMap((e) => (e.kind === 'record' && e.valueType === 'VARIABLE' ? [String(e.value?.name)] : [])))].sort();
  const select = byId<HTMLSelectElement>('variable-name');
  select.append(...names.map((n) => Object.assign(el('option', n), { value: n })));
  const showHistory = async () => {
    if (!select.value) return renderVariableHistory(byId('variable-history'), []);
    const { changes } = await fetchJson<{ changes: VariableChange[] }>(`${base}/variables.json?name=${encodeURIComponent(select.value)}`);
    renderVariableHistory(byId('variable-history'), changes);
  };
  select.addEventListener('change', () => void showHistory());
  await showHistory();
  root.dataset.ready = 'true';
}

void main();
