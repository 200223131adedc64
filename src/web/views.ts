import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { mayReadHistory } from '../history/history-readers';

/**
 * The pages' templates: every views/*.hbs compiled once at start, partials from views/partials/, and one
 * layout around each page. {{…}} escapes; the only {{{…}}} are the layout's body and the form fields, which
 * src/forms renders escaped itself.
 */
export type RenderPage = (name: string, context: Record<string, unknown>) => string;

const TIME_ZONE = 'Asia/Shanghai';

export function loadViews(dir = path.join(__dirname, 'views')): RenderPage {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const partialsDir = path.join(dir, 'partials');
  if (fs.existsSync(partialsDir)) {
    for (const file of fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
    }
  }
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
    templates.set(path.basename(file, '.hbs'), hbs.compile(fs.readFileSync(path.join(dir, file), 'utf8'), { strict: false }));
  }
  const layout = templates.get('layout');
  if (!layout) throw new Error(`Expected a layout.hbs in ${dir}, but there is none`);
  return (name, context) => {
    const template = templates.get(name);
    if (!template) throw new Error(`Expected a view named '${name}', but there is none in ${dir}`);
    return layout({ ...context, body: template(context) });
  };
}

function registerHelpers(hbs: typeof Handlebars): void {
  const dateTime = new Intl.DateTimeFormat('zh-CN', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  hbs.registerHelper('datetime', (value: unknown) => {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(String(value));
    return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('join', (list: unknown) => (Array.isArray(list) ? list.join(', ') : ''));
  hbs.registerHelper('readsHistory', (user: { groups?: string[] } | undefined) => !!user?.groups && mayReadHistory({ groups: user.groups }));
}
