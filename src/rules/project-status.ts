import { fail, pass, type Verdict } from './verdict';

/** A project's life, in order (the contract between chapters): each step moves one place forward. */
export const PROJECT_STATUSES = ['planned', 'approved', 'in-construction', 'accepted', 'in-operation'] as const;

const ARTICLE_OF: Record<string, number> = { 'in-construction': 16, accepted: 21, 'in-operation': 24 };

/**
 * A project moves only to the next status: the contract puts it in construction (Art. 16), passed acceptance
 * makes it accepted (Art. 21), and only an accepted system goes into operation (Art. 24–25 then apply).
 */
export function projectStatusChange(from: string, to: string): Verdict {
  const article = ARTICLE_OF[to] ?? 5;
  const fromIndex = PROJECT_STATUSES.indexOf(from as never);
  const toIndex = PROJECT_STATUSES.indexOf(to as never);
  if (toIndex < 0) return fail(article, { zh: `未知的项目状态“${to}”`, en: `Unknown project status '${to}'` });
  if (fromIndex + 1 !== toIndex) {
    return fail(article, { zh: `项目状态不能从“${from}”变为“${to}”`, en: `A project cannot move from '${from}' to '${to}'` });
  }
  return pass(article, { zh: `项目状态由“${from}”变为“${to}”`, en: `The project moves from '${from}' to '${to}'` });
}
