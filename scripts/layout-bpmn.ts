import fs from 'node:fs';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';

/**
 * Lays out BPMN diagrams: fills in every flow node's incoming/outgoing references and replaces the diagram
 * interchange (DI) with a left-to-right layout, so a diagram authored as semantic XML renders cleanly in
 * bpmn-js and Camunda Modeler. `npm run layout:bpmn -- processes/a.bpmn [more.bpmn…]` rewrites in place.
 *
 * The layout is layered: a node's column is its longest distance from a start (loops are ignored for
 * this), the first successor of a node stays on its row and further ones branch onto rows below.
 * Expanded sub-processes are laid out inside their own box; event sub-processes go below the flow;
 * boundary events sit on their host's lower edge.
 */

type Element = any;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Placed {
  element: Element;
  box: Box;
  /** Inner layout of an expanded sub-process, relative to its box. */
  inner?: Layout;
}

interface Layout {
  width: number;
  height: number;
  placed: Placed[];
  flows: Element[];
  boundaries: Element[];
}

const GAP_X = 80;
const GAP_Y = 50;
const PADDING = 30;

export async function layoutBpmn(xml: string): Promise<string> {
  const module: any = await import('bpmn-moddle');
  const Moddle = module.BpmnModdle ?? module.default;
  const moddle = new Moddle({ zeebe: zeebeSchema });
  const { rootElement: definitions, warnings } = await moddle.fromXML(xml);
  if (warnings.length > 0) {
    throw new Error(`Expected well-formed BPMN, but the parser reported: ${warnings.map((w: any) => w.message).join('; ')}`);
  }
  const diagrams = [];
  for (const process of definitions.rootElements.filter((e: Element) => e.$type === 'bpmn:Process')) {
    connect(process);
    const layout = layoutContainer(process);
    const planeElements: Element[] = [];
    emit(moddle, layout, { x: 100, y: 80 }, planeElements);
    diagrams.push(
      moddle.create('bpmndi:BPMNDiagram', {
        id: `${process.id}_diagram`,
        plane: moddle.create('bpmndi:BPMNPlane', { id: `${process.id}_plane`, bpmnElement: process, planeElement: planeElements }),
      }),
    );
  }
  definitions.diagrams = diagrams;
  const { xml: out } = await moddle.toXML(definitions, { format: true });
  return `${out}\n`;
}

/** Fills incoming/outgoing of every flow node from the sequence flows, as modelers write them. */
function connect(container: Element): void {
  const elements: Element[] = container.flowElements ?? [];
  const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  for (const node of elements) {
    if (node.$type === 'bpmn:SequenceFlow') continue;
    node.incoming = flows.filter((f) => f.targetRef === node);
    node.outgoing = flows.filter((f) => f.sourceRef === node);
    if (node.flowElements) connect(node);
  }
}

function sizeOf(element: Element): { width: number; height: number } {
  const type: string = element.$type;
  if (type.endsWith('Event')) return { width: 36, height: 36 };
  if (type.endsWith('Gateway')) return { width: 50, height: 50 };
  return { width: 100, height: 80 };
}

function isExpanded(element: Element): boolean {
  return element.$type === 'bpmn:SubProcess';
}

function layoutContainer(container: Element): Layout {
  const elements: Element[] = container.flowElements ?? [];
  const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const boundaries = elements.filter((e) => e.$type === 'bpmn:BoundaryEvent');
  const eventSubProcesses = elements.filter((e) => e.$type === 'bpmn:SubProcess' && e.triggeredByEvent);
  const nodes = elements.filter((e) => e.$type !== 'bpmn:SequenceFlow' && e.$type !== 'bpmn:BoundaryEvent' && !eventSubProcesses.includes(e));

  // Successors, with a boundary event's targets counted as successors of its host.
  const successors = new Map<Element, Element[]>();
  for (const node of nodes) successors.set(node, []);
  const hostOf = (element: Element) => (element.$type === 'bpmn:BoundaryEvent' ? element.attachedToRef : element);
  const sortedFlows = [...flows].sort((a, b) => Number(a.sourceRef.$type === 'bpmn:BoundaryEvent') - Number(b.sourceRef.$type === 'bpmn:BoundaryEvent'));
  for (const flow of sortedFlows) {
    const source = hostOf(flow.sourceRef);
    if (successors.has(source) && successors.has(flow.targetRef)) successors.get(source)!.push(flow.targetRef);
  }

  // Depth-first from the starts (nodes without incoming flows) to find the edges that close loops.
  const starts = nodes.filter((n) => !flows.some((f) => f.targetRef === n));
  const backEdges = new Set<string>();
  const visited = new Set<Element>();
  const onStack = new Set<Element>();
  const order: Element[] = [];
  const visit = (node: Element) => {
    visited.add(node);
    onStack.add(node);
    for (const next of successors.get(node)!) {
      if (onStack.has(next)) backEdges.add(`${node.id}->${next.id}`);
      else if (!visited.has(next)) visit(next);
    }
    onStack.delete(node);
    order.unshift(node);
  };
  for (const start of starts) if (!visited.has(start)) visit(start);
  for (const node of nodes) if (!visited.has(node)) visit(node);

  // Longest-path columns over the loop-free graph, in topological order.
  const column = new Map<Element, number>();
  for (const node of order) column.set(node, column.get(node) ?? 0);
  for (const node of order) {
    for (const next of successors.get(node)!) {
      if (backEdges.has(`${node.id}->${next.id}`)) continue;
      column.set(next, Math.max(column.get(next) ?? 0, column.get(node)! + 1));
    }
  }

  // Rows: the first successor stays on its predecessor's row, the others branch below.
  const row = new Map<Element, number>();
  const taken = new Set<string>();
  const claim = (node: Element, wanted: number) => {
    let r = wanted;
    while (taken.has(`${column.get(node)}:${r}`)) r++;
    row.set(node, r);
    taken.add(`${column.get(node)}:${r}`);
  };
  for (const node of order) {
    if (!row.has(node)) claim(node, 0);
    const forward = successors.get(node)!.filter((next) => !backEdges.has(`${node.id}->${next.id}`) && !row.has(next));
    forward.forEach((next, i) => claim(next, row.get(node)! + (i === 0 ? 0 : i)));
  }

  // Cell sizes: the widest node of each column and the tallest of each row.
  const inner = new Map<Element, Layout>();
  const size = (node: Element) => {
    if (!isExpanded(node)) return sizeOf(node);
    const layout = inner.get(node) ?? layoutContainer(node);
    inner.set(node, layout);
    return { width: layout.width, height: layout.height };
  };
  const columnWidths: number[] = [];
  const rowHeights: number[] = [];
  for (const node of nodes) {
    const { width, height } = size(node);
    const c = column.get(node)!;
    const r = row.get(node)!;
    columnWidths[c] = Math.max(columnWidths[c] ?? 0, width);
    // Room under a node for its boundary events' labels and outgoing flows.
    const extra = boundaries.some((b) => b.attachedToRef === node) ? 40 : 0;
    rowHeights[r] = Math.max(rowHeights[r] ?? 0, height + extra);
  }
  const columnX: number[] = [];
  let x = PADDING;
  for (let c = 0; c < columnWidths.length; c++) {
    columnX[c] = x;
    x += (columnWidths[c] ?? 0) + GAP_X;
  }
  const rowY: number[] = [];
  let y = PADDING;
  for (let r = 0; r < rowHeights.length; r++) {
    rowY[r] = y;
    y += (rowHeights[r] ?? 0) + GAP_Y;
  }

  const placed: Placed[] = [];
  for (const node of nodes) {
    const { width, height } = size(node);
    const c = column.get(node)!;
    const r = row.get(node)!;
    const centreY = rowY[r] + Math.max(...nodes.filter((n) => row.get(n) === r).map((n) => size(n).height)) / 2;
    placed.push({
      element: node,
      box: { x: columnX[c] + (columnWidths[c] - width) / 2, y: centreY - height / 2, width, height },
      inner: inner.get(node),
    });
  }
  let width = Math.max(x - GAP_X + PADDING, 200);
  // Loops are routed underneath their nodes: leave room for them above the lower edge.
  const loopCount = flows.filter((f) => backEdges.has(`${hostOf(f.sourceRef).id}->${f.targetRef.id}`)).length;
  let height = y - GAP_Y + PADDING + (loopCount > 0 ? LOOP_CLEARANCE + LOOP_SPACING * (loopCount - 1) : 0);

  // Event sub-processes in a row of their own below the flow.
  let eventX = PADDING;
  let eventRowHeight = 0;
  for (const sub of eventSubProcesses) {
    const layout = layoutContainer(sub);
    placed.push({ element: sub, box: { x: eventX, y: height + GAP_Y, width: layout.width, height: layout.height }, inner: layout });
    eventX += layout.width + GAP_X;
    eventRowHeight = Math.max(eventRowHeight, layout.height);
  }
  if (eventSubProcesses.length > 0) {
    height += GAP_Y + eventRowHeight + PADDING;
    width = Math.max(width, eventX - GAP_X + PADDING);
  }
  return { width, height, placed, flows, boundaries };
}

/** Writes shapes and edges for a layout placed at an offset, recursing into expanded sub-processes. */
function emit(moddle: any, layout: Layout, offset: { x: number; y: number }, out: Element[]): void {
  const boxes = new Map<Element, Box>();
  for (const { element, box, inner } of layout.placed) {
    const absolute = { x: box.x + offset.x, y: box.y + offset.y, width: box.width, height: box.height };
    boxes.set(element, absolute);
    out.push(shape(moddle, element, absolute, inner ? { isExpanded: true } : {}));
    if (inner) emit(moddle, inner, { x: absolute.x, y: absolute.y }, out);
  }
  const byHost = new Map<Element, Element[]>();
  for (const boundary of layout.boundaries) byHost.set(boundary.attachedToRef, [...(byHost.get(boundary.attachedToRef) ?? []), boundary]);
  for (const [host, events] of byHost) {
    const hostBox = boxes.get(host);
    if (!hostBox) continue;
    events.forEach((event, i) => {
      const box = { x: hostBox.x + (hostBox.width * (i + 1)) / (events.length + 1) - 18, y: hostBox.y + hostBox.height - 18, width: 36, height: 36 };
      boxes.set(event, box);
      out.push(shape(moddle, event, box, {}));
    });
  }
  let loops = 0;
  for (const flow of layout.flows) {
    const source = boxes.get(flow.sourceRef);
    const target = boxes.get(flow.targetRef);
    if (!source || !target) continue;
    const backwards = target.x < source.x + source.width;
    const points = route(source, target, flow.sourceRef.$type === 'bpmn:BoundaryEvent', backwards ? loops++ : 0);
    out.push(
      moddle.create('bpmndi:BPMNEdge', {
        id: `${flow.id}_di`,
        bpmnElement: flow,
        waypoint: points.map(([px, py]) => moddle.create('dc:Point', { x: Math.round(px), y: Math.round(py) })),
      }),
    );
  }
}

function shape(moddle: any, element: Element, box: Box, extra: Record<string, unknown>): Element {
  const bounds = moddle.create('dc:Bounds', { x: Math.round(box.x), y: Math.round(box.y), width: box.width, height: box.height });
  const attributes: Record<string, unknown> = { id: `${element.id}_di`, bpmnElement: element, bounds, ...extra };
  if (element.$type === 'bpmn:ExclusiveGateway') attributes.isMarkerVisible = true;
  return moddle.create('bpmndi:BPMNShape', attributes);
}

/** How far below the lowest shape the first loop runs, and how far apart loops run from each other. */
const LOOP_CLEARANCE = 45;
const LOOP_SPACING = 14;

/**
 * Orthogonal waypoints: forward flows leave right and enter left; a boundary event's flow drops below its
 * host before turning, so it never crosses the host; loops run underneath, each in a lane of its own.
 */
function route(source: Box, target: Box, fromBoundary: boolean, loopLane: number): Array<[number, number]> {
  const sourceMid: [number, number] = [source.x + source.width / 2, source.y + source.height / 2];
  const targetLeft: [number, number] = [target.x, target.y + target.height / 2];
  const loopY = Math.max(source.y + source.height, target.y + target.height) + LOOP_CLEARANCE + LOOP_SPACING * loopLane;
  if (fromBoundary) {
    const bottom: [number, number] = [sourceMid[0], source.y + source.height];
    const dropY = bottom[1] + 15;
    if (target.x - 15 > bottom[0]) {
      if (targetLeft[1] >= dropY) return [bottom, [bottom[0], targetLeft[1]], targetLeft];
      return [bottom, [bottom[0], dropY], [target.x - 15, dropY], [target.x - 15, targetLeft[1]], targetLeft];
    }
    const targetBottom: [number, number] = [target.x + target.width / 2, target.y + target.height];
    return [bottom, [bottom[0], loopY], [targetBottom[0], loopY], targetBottom];
  }
  const sourceRight: [number, number] = [source.x + source.width, sourceMid[1]];
  if (target.x >= sourceRight[0]) {
    if (Math.abs(sourceRight[1] - targetLeft[1]) < 1) return [sourceRight, targetLeft];
    const midX = (sourceRight[0] + targetLeft[0]) / 2;
    return [sourceRight, [midX, sourceRight[1]], [midX, targetLeft[1]], targetLeft];
  }
  const sourceBottom: [number, number] = [sourceMid[0], source.y + source.height];
  const targetBottom: [number, number] = [target.x + target.width / 2, target.y + target.height];
  return [sourceBottom, [sourceBottom[0], loopY], [targetBottom[0], loopY], targetBottom];
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: npm run layout:bpmn -- processes/<name>.bpmn [more files]');
    process.exit(2);
  }
  (async () => {
    for (const file of files) {
      fs.writeFileSync(file, await layoutBpmn(fs.readFileSync(file, 'utf8')));
      console.log(`laid out ${file}`);
    }
  })().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
