/** GETs JSON with the page's session cookie; a non-2xx answer becomes an error carrying its message. */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw Object.assign(new Error(body.message ?? `${response.status} ${response.statusText}`), { status: response.status });
  }
  return response.json() as Promise<T>;
}

export function text(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function timeText(ms: number): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(ms));
}

/** A table cell or list item built from text only (never HTML), so log content cannot inject markup. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, content: string | Node[] = '', className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (typeof content === 'string') node.textContent = content;
  else node.append(...content);
  if (className) node.className = className;
  return node;
}
