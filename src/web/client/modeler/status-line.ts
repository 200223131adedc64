export type StatusKind = 'info' | 'error' | 'done';

/** The page's one status line (the #status element) under the toolbar: what just happened, or what failed. */
export function statusLine(element: HTMLElement): (text: string, kind?: StatusKind) => void {
  return (text, kind = 'info') => {
    element.textContent = text;
    element.className = `modeler-status ${kind}`;
  };
}
