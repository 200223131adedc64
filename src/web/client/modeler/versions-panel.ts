import { el, formatTime, getJson } from './page-api';

interface VersionRow {
  version: number;
  processDefinitionKey: string;
  deployedAt: string;
  deployedBy: string | null;
  running: number | null;
}

/**
 * The versions table and the diff chooser: loaded from the server, and again after each deploy. The two
 * newest versions are preselected for the diff.
 */
export async function loadVersions(processId: string, table: HTMLTableElement, from: HTMLSelectElement, to: HTMLSelectElement): Promise<number> {
  const answer = await getJson<{ versions: VersionRow[]; engineFigures: boolean }>(`/processes/${encodeURIComponent(processId)}/versions`);
  const body = table.tBodies[0];
  body.replaceChildren();
  from.replaceChildren();
  to.replaceChildren();
  if (!answer.ok) {
    body.append(row([el('td', answer.body.message ?? '', 'error')]));
    return 0;
  }
  const versions = answer.body.versions;
  if (versions.length === 0) body.append(row([el('td', '尚未部署 / Not deployed yet', 'muted')]));
  for (const v of versions) {
    const open = el('a', '打开 / Open') as HTMLAnchorElement;
    open.href = `/modeler/processes/${encodeURIComponent(processId)}?source=${v.version}`;
    const cells = [
      el('td', `v${v.version}`),
      el('td', v.deployedBy ?? '启动或工具部署 / at start or by a tool', v.deployedBy ? '' : 'muted'),
      el('td', formatTime(v.deployedAt)),
      el('td', v.running === null ? '不可用 / n/a' : String(v.running), v.running === null ? 'muted' : ''),
      el('td'),
    ];
    cells[4].append(open);
    const tr = row(cells);
    tr.dataset.version = String(v.version);
    body.append(tr);
    from.append(option(v.version));
    to.append(option(v.version));
  }
  if (versions.length > 1) from.value = String(versions[1].version);
  if (versions.length > 0) to.value = String(versions[0].version);
  return versions[0]?.version ?? 0;
}

function row(cells: HTMLElement[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  if (cells.length === 1) (cells[0] as HTMLTableCellElement).colSpan = 5;
  tr.append(...cells);
  return tr;
}

function option(version: number): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = String(version);
  o.textContent = `v${version}`;
  return o;
}
