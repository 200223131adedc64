import { el, type LintProblem } from './page-api';

/** bpmn-js-bpmnlint's issues, by element id, as its 'linting.completed' event gives them. */
export type LintIssues = Record<string, Array<{ id: string; message: string; category: string; rule: string }>>;

/**
 * The list under the canvas: every lint finding as the page lints while editing, errors first; a click
 * selects the element. Returns the number of errors (they block the deploy).
 */
export function showLintIssues(list: HTMLElement, summary: HTMLElement, issues: LintIssues, select: (id: string) => void): number {
  const flat = Object.values(issues).flat().sort((a, b) => rank(a.category) - rank(b.category));
  list.replaceChildren();
  for (const issue of flat) {
    const item = el('li', '', `lint-item lint-${issue.category}`);
    const link = el('button', issue.id, 'link');
    link.addEventListener('click', () => select(issue.id));
    item.append(el('span', label(issue.category), 'lint-category'), ' ', link, ' ', el('span', issue.message), ' ', el('span', `(${issue.rule})`, 'muted'));
    list.append(item);
  }
  const errors = flat.filter((i) => i.category === 'error').length;
  const warnings = flat.length - errors;
  summary.textContent = flat.length === 0 ? '无问题 / no problems' : `${errors} 个错误 / error(s), ${warnings} 个警告 / warning(s)`;
  summary.dataset.errors = String(errors);
  return errors;
}

/** The server's findings (at save or at a refused deploy), in the same list. */
export function showServerProblems(list: HTMLElement, problems: LintProblem[]): void {
  for (const problem of problems) {
    const item = el('li', '', `lint-item lint-${problem.category} lint-server`);
    item.append(el('span', `服务器 / server · ${label(problem.category)}`, 'lint-category'), ' ', el('code', problem.elementId ?? ''), ' ', el('span', problem.message), ' ', el('span', `(${problem.rule})`, 'muted'));
    list.append(item);
  }
}

function rank(category: string): number {
  return category === 'error' ? 0 : category === 'warn' ? 1 : 2;
}

function label(category: string): string {
  return category === 'error' ? '错误 / error' : category === 'warn' ? '警告 / warning' : '提示 / info';
}
