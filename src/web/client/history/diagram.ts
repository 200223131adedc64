import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
// The page is drawn from the server's answer: one definition of its shape (a type import; nothing is bundled).
import type { ElementStats } from '../../../history/instance-summary';

export type { ElementStats };

interface Canvas {
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  zoom(level: string): void;
}
interface Overlays {
  add(id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): void;
}
interface ElementRegistry {
  get(id: string): { type: string } | undefined;
}

/**
 * The instance's diagram in bpmn-js's NavigatedViewer (pan and zoom, no editing): a badge with how often each
 * element was entered, incidents marked, and per replay step the path taken so far and where tokens are.
 */
export class InstanceDiagram {
  private readonly viewer: InstanceType<typeof NavigatedViewer>;
  private marked: Array<[string, string]> = [];

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
  }

  async show(xml: string, stats: Record<string, ElementStats>): Promise<void> {
    await this.viewer.importXML(xml);
    const canvas = this.viewer.get<Canvas>('canvas');
    canvas.zoom('fit-viewport');
    const overlays = this.viewer.get<Overlays>('overlays');
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    for (const [id, s] of Object.entries(stats)) {
      const element = registry.get(id);
      if (!element) continue;
      if (s.incidents > 0) canvas.addMarker(id, s.openIncidents > 0 ? 'hist-incident' : 'hist-incident-resolved');
      // Flows taken are drawn green instead: a badge at a flow's end would sit on the arrow and its target.
      if (element.type === 'bpmn:SequenceFlow') continue;
      const badge = document.createElement('span');
      badge.className = 'count-badge';
      badge.dataset.element = id;
      badge.textContent = String(s.activated);
      badge.title = `进入 ${s.activated} 次，完成 ${s.completed} 次 / entered ${s.activated}, completed ${s.completed}`;
      overlays.add(id, 'count', { position: { bottom: 8, right: 8 }, html: badge });
    }
  }

  /** Marks the elements visited up to this step and those holding a token now. */
  highlight(visited: Iterable<string>, current: Iterable<string>): void {
    const canvas = this.viewer.get<Canvas>('canvas');
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    for (const [id, marker] of this.marked) canvas.removeMarker(id, marker);
    this.marked = [];
    const mark = (id: string, marker: string) => {
      if (!registry.get(id)) return;
      canvas.addMarker(id, marker);
      this.marked.push([id, marker]);
    };
    for (const id of visited) mark(id, 'hist-visited');
    for (const id of current) mark(id, 'hist-current');
  }
}
