import { createHash } from 'node:crypto';
import { fail, pass, type Verdict } from './verdict';

/**
 * Art. 9 and Art. 14: plans and schemes are reviewed by a panel of experts from the pool. No expert who
 * works for the applying department may sit on its panel. The draw is random but reproducible: it ranks
 * the eligible experts by a hash of the draw's seed (the job that convened it), so an auditor can redo it.
 */
export interface PoolExpert {
  username: string;
  departmentId: string | null;
}

export interface PanelDraw {
  verdict: Verdict;
  panel: string[];
}

export const DEFAULT_PANEL_SIZE = 3;

export function drawExpertPanel(pool: PoolExpert[], applyingDepartmentId: string | null, size: number, seed: string): PanelDraw {
  if (!Number.isInteger(size) || size < 1) {
    return {
      verdict: fail(14, { zh: `评审专家人数必须为正整数，实为 ${size}`, en: `Expected the panel size to be a positive integer, but it is ${size}` }),
      panel: [],
    };
  }
  const eligible = pool.filter((expert) => !applyingDepartmentId || expert.departmentId !== applyingDepartmentId);
  if (eligible.length < size) {
    return {
      verdict: fail(14, {
        zh: `专家库中与申报单位无关的专家仅 ${eligible.length} 名，不足 ${size} 名；请大数据发展局补充专家库`,
        en: `Expected at least ${size} experts outside the applying department, but the pool has ${eligible.length}; the Bureau must add experts to the pool`,
      }),
      panel: [],
    };
  }
  const rank = (username: string) => createHash('sha256').update(`${seed}\u0000${username}`).digest('hex');
  const panel = eligible
    .map((expert) => ({ username: expert.username, rank: rank(expert.username) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, size)
    .map((expert) => expert.username)
    .sort();
  return {
    verdict: pass(14, {
      zh: `已从专家库抽取 ${size} 名专家，均不属于申报单位`,
      en: `Drew ${size} experts from the pool, none from the applying department`,
    }),
    panel,
  };
}
