import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';

/** Above this a resource is refused: the real gateway's default message limit. */
export const MAX_RESOURCE_BYTES = 4 * 1024 * 1024;

let moddle: Promise<any> | undefined;

/** bpmn-moddle is an ES module; it is loaded once, on first use. */
function getModdle(): Promise<any> {
  moddle ??= import('bpmn-moddle').then((module: any) => new (module.BpmnModdle ?? module.default)({ zeebe: zeebeSchema }));
  return moddle;
}

export type ParsedDefinitions = { ok: true; definitions: any } | { ok: false; errors: string[] };

/**
 * Reads BPMN XML into a moddle tree. A DOCTYPE is refused before parsing so that no entity can ever be
 * expanded (billion laughs, external entities); unknown elements and attributes are errors, not warnings.
 */
export async function parseBpmnXml(xml: string): Promise<ParsedDefinitions> {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return { ok: false, errors: ['Expected a BPMN document without a DOCTYPE, but found one (DOCTYPE and entity declarations are refused)'] };
  }
  try {
    const { rootElement, warnings } = await (await getModdle()).fromXML(xml, 'bpmn:Definitions');
    const problems = (warnings ?? []).map((w: any) => describeWarning(w));
    if (problems.length > 0) return { ok: false, errors: problems };
    return { ok: true, definitions: rootElement };
  } catch (error) {
    return { ok: false, errors: [`Expected a well-formed BPMN XML document, but ${firstLine((error as Error).message)}`] };
  }
}

function describeWarning(warning: any): string {
  const message = String(warning.message ?? warning);
  // moddle puts the actual cause (a duplicate id, an unknown attribute value…) on a later "nested error" line.
  const cause = /nested error: (.*)/.exec(message)?.[1]?.trim();
  return `Expected valid BPMN, but ${firstLine(message)}${cause ? ` (${cause})` : ''}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
