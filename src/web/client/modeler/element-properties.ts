/**
 * A diagram element's own properties as flat "path = value" pairs, extension elements included
 * (zeebe:assignmentDefinition.candidateGroups, zeebe:taskHeaders.values[0].value…), so two versions of
 * an element can be compared attribute by attribute. Child elements with an id of their own (flow
 * elements, lanes) are compared as elements of their own, and references are given by id.
 */
export function elementProperties(element: any): Map<string, string> {
  const result = new Map<string, string>();
  walk(element, '', result, true);
  return result;
}

function walk(element: any, prefix: string, into: Map<string, string>, root: boolean): void {
  const properties: any[] = element?.$descriptor?.properties ?? [];
  for (const property of properties) {
    if (property.name === 'id' || property.name === 'di' || property.name === '$parent') continue;
    const value = element.get(property.name);
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    const path = `${prefix}${property.name}`;
    const items: any[] = Array.isArray(value) ? value : [value];
    items.forEach((item, index) => {
      const itemPath = Array.isArray(value) ? `${path}[${index}]` : path;
      if (property.isReference) into.set(itemPath, String(item?.id ?? item));
      else if (item && typeof item === 'object' && item.$type) {
        // Another element with an id is compared on its own, except below the root's extension elements.
        if (item.id && !root) into.set(itemPath, item.id);
        else if (item.id && root && !isExtension(path)) return;
        else walk(item, `${itemPath.startsWith('extensionElements.values') ? typePath(item, itemPath) : itemPath}.`, into, false);
      } else into.set(itemPath, String(item));
    });
  }
}

function isExtension(path: string): boolean {
  return path.startsWith('extensionElements');
}

/** extensionElements.values[1] reads better as its type: zeebe:AssignmentDefinition. */
function typePath(item: any, path: string): string {
  return path.replace(/^extensionElements\.values\[\d+\]/, item.$type);
}

/** The attributes that differ between two versions of an element, as "path: old → new". */
export function changedProperties(older: any, newer: any): string[] {
  const a = elementProperties(older);
  const b = elementProperties(newer);
  const changes: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) changes.push(`${key}: ${a.get(key) ?? '∅'} → ${b.get(key) ?? '∅'}`);
  }
  return changes.sort();
}
