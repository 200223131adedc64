/**
 * Just enough HTML reading for the render tests (no parser among our dependencies): the renderer writes
 * every attribute in double quotes with quotes inside escaped, so a tag ends at the first ">".
 */
export function openingTag(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]* id="${id}"[^>]*>`).exec(html);
  if (!match) throw new Error(`Expected an element with id="${id}", but there is none in:\n${html}`);
  return match[0];
}

/** The attribute's raw (still escaped) text, true for a bare boolean attribute, undefined when absent. */
export function attribute(tag: string, name: string): string | true | undefined {
  const match = new RegExp(` ${name}(="([^"]*)")?(?=[ >])`).exec(tag);
  if (!match) return undefined;
  return match[1] === undefined ? true : match[2];
}

/** Text between an element's opening tag and its closing tag (no nesting of the same tag). */
export function innerOf(html: string, id: string): string {
  const tag = openingTag(html, id);
  const name = /^<([a-z]+)/.exec(tag)![1];
  const start = html.indexOf(tag) + tag.length;
  return html.slice(start, html.indexOf(`</${name}>`, start));
}
