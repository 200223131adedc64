import { fenOf, toYuan } from './money';
import { fail, pass, type Verdict } from './verdict';

/**
 * Art. 11: the year's allocations come out of the amount Finance allots. Commitments are funded first:
 * projects under construction and O&M contracts still in term; then the approved new items, those serving
 * major decisions (`priority`) before the others. Nothing is allocated beyond the allotment; an item that
 * does not fit is listed as unfunded, never silently dropped.
 */
export type AllocationKind = 'construction-commitment' | 'operation-commitment' | 'new-item';

export interface Candidate {
  kind: AllocationKind;
  departmentId: string;
  projectId: string;
  contractId?: string | null;
  name: string;
  /** Yuan, decimal string. */
  amount: string;
  priority?: boolean;
}

export interface Allocation extends Candidate {
  funded: boolean;
}

export interface BudgetAllocation extends Verdict {
  allotment: string;
  allocated: string;
  remaining: string;
  allocations: Allocation[];
  unfunded: Allocation[];
  perDepartment: { departmentId: string; commitments: string; newItems: string; total: string }[];
}

export function allocateBudget(allotment: string, commitments: Candidate[], newItems: Candidate[]): BudgetAllocation {
  const limit = fenOf(allotment);
  const ordered = [
    ...commitments.filter((c) => c.kind === 'construction-commitment'),
    ...commitments.filter((c) => c.kind === 'operation-commitment'),
    ...newItems.filter((c) => c.priority === true),
    ...newItems.filter((c) => c.priority !== true),
  ];
  let used = 0n;
  const allocations: Allocation[] = ordered.map((candidate) => {
    const amount = fenOf(candidate.amount);
    const funded = used + amount <= limit;
    if (funded) used += amount;
    return { ...candidate, priority: candidate.priority === true, funded };
  });
  const unfunded = allocations.filter((a) => !a.funded);
  const departments = [...new Set(allocations.map((a) => a.departmentId))].sort();
  const sum = (list: Allocation[]) => toYuan(list.reduce((total, a) => total + fenOf(a.amount), 0n));
  const perDepartment = departments.map((departmentId) => {
    const funded = allocations.filter((a) => a.funded && a.departmentId === departmentId);
    return {
      departmentId,
      commitments: sum(funded.filter((a) => a.kind !== 'new-item')),
      newItems: sum(funded.filter((a) => a.kind === 'new-item')),
      total: sum(funded),
    };
  });
  const figures = { allotment: toYuan(limit), allocated: toYuan(used), remaining: toYuan(limit - used), allocations, unfunded, perDepartment };
  if (unfunded.length === 0) {
    return { ...pass(11, { zh: `全部 ${allocations.length} 项均已安排资金，合计 ${figures.allocated} 元`, en: `All ${allocations.length} entries funded, ${figures.allocated} yuan in total` }), ...figures };
  }
  return {
    ...fail(11, {
      zh: `资金规模 ${figures.allotment} 元不足，${unfunded.length} 项未安排资金：${unfunded.map((u) => u.name).join('、')}`,
      en: `The allotment of ${figures.allotment} yuan is too small; ${unfunded.length} entries are unfunded: ${unfunded.map((u) => u.name).join(', ')}`,
    }),
    ...figures,
  };
}
