import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';

/**
 * What "renders cleanly" means for our diagrams, checked on the XML: every flow node and flow has
 * diagram interchange, and no two shapes in the same container overlap.
 */
export async function diagramProblems(xml: string): Promise<string[]> {
  const module: any = await import('bpmn-moddle');
  const moddle = new (module.BpmnModdle ?? module.default)({ zeebe: zeebeSchema });
  const { rootElement: definitions } = await moddle.fromXML(xml);
  const problems: string[] = [];
  const shapes = new Map<string, { x: number; y: number; width: number; height: number }>();
  const edges = new Set<string>();
  for (const diagram of definitions.diagrams ?? []) {
    for (const item of diagram.plane.planeElement ?? []) {
      if (item.$type === 'bpmndi:BPMNShape') shapes.set(item.bpmnElement.id, item.bounds);
      if (item.$type === 'bpmndi:BPMNEdge') edges.add(item.bpmnElement.id);
    }
  }
  const visit = (container: any) => {
    const siblings: Array<{ id: string; box: { x: number; y: number; width: number; height: number } }> = [];
    for (const element of container.flowElements ?? []) {
      if (element.$type === 'bpmn:SequenceFlow') {
        if (!edges.has(element.id)) problems.push(`${element.id}: no edge`);
        continue;
      }
      const box = shapes.get(element.id);
      if (!box) problems.push(`${element.id}: no shape`);
      else if (element.$type !== 'bpmn:BoundaryEvent') siblings.push({ id: element.id, box });
      if (element.flowElements) visit(element);
    }
    for (let i = 0; i < siblings.length; i++) {
      for (let j = i + 1; j < siblings.length; j++) {
        const a = siblings[i].box;
        const b = siblings[j].box;
        if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
          problems.push(`${siblings[i].id} and ${siblings[j].id} overlap`);
        }
      }
    }
  };
  for (const process of definitions.rootElements.filter((e: any) => e.$type === 'bpmn:Process')) visit(process);
  return problems;
}
