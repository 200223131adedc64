import { expect } from 'chai';
import { allocateBudget, type Candidate } from '../../src/rules/budget-allocation';

const build = (projectId: string, amount: string, departmentId = 'dept-a'): Candidate => ({ kind: 'construction-commitment', departmentId, projectId, name: projectId, amount });
const operate = (projectId: string, amount: string, departmentId = 'dept-b'): Candidate => ({ kind: 'operation-commitment', departmentId, projectId, contractId: `C-${projectId}`, name: projectId, amount });
const item = (projectId: string, amount: string, priority = false, departmentId = 'dept-a'): Candidate => ({ kind: 'new-item', departmentId, projectId, name: projectId, amount, priority });

describe('rule: budget allocation (Art. 11)', () => {
  const cases: Array<{ when: string; allotment: string; commitments: Candidate[]; items: Candidate[]; order: string[]; unfunded: string[]; allocated: string }> = [
    {
      when: 'the allotment covers everything',
      allotment: '1000.00', commitments: [operate('O1', '100'), build('B1', '200')], items: [item('N1', '300'), item('N2', '100', true)],
      order: ['B1', 'O1', 'N2', 'N1'], unfunded: [], allocated: '700.00',
    },
    {
      when: 'the allotment covers the commitments and the priority item only',
      allotment: '450', commitments: [build('B1', '200'), operate('O1', '100')], items: [item('N1', '300'), item('N2', '100', true)],
      order: ['B1', 'O1', 'N2', 'N1'], unfunded: ['N1'], allocated: '400.00',
    },
    {
      when: 'a large item does not fit but a later smaller one does',
      allotment: '500', commitments: [build('B1', '200')], items: [item('N1', '400'), item('N2', '250')],
      order: ['B1', 'N1', 'N2'], unfunded: ['N1'], allocated: '450.00',
    },
    {
      when: 'not even the commitments fit',
      allotment: '150', commitments: [build('B1', '200'), operate('O1', '100')], items: [item('N1', '10', true)],
      order: ['B1', 'O1', 'N1'], unfunded: ['B1'], allocated: '110.00',
    },
    {
      when: 'the allotment is exactly the demand, in cents',
      allotment: '0.30', commitments: [], items: [item('N1', '0.10'), item('N2', '0.20')],
      order: ['N1', 'N2'], unfunded: [], allocated: '0.30',
    },
    { when: 'the allotment is zero', allotment: '0', commitments: [build('B1', '1')], items: [], order: ['B1'], unfunded: ['B1'], allocated: '0.00' },
  ];
  for (const c of cases) {
    it(`Art. 11: when ${c.when}, then ${c.unfunded.length ? `${c.unfunded.join(', ')} are listed unfunded` : 'everything is funded'} and the allotment is never exceeded`, () => {
      const result = allocateBudget(c.allotment, c.commitments, c.items);
      expect(result.article).to.equal(11);
      expect(result.ok).to.equal(c.unfunded.length === 0);
      expect(result.allocations.map((a) => a.projectId), 'commitments first, then priority items').to.deep.equal(c.order);
      expect(result.unfunded.map((a) => a.projectId)).to.deep.equal(c.unfunded);
      expect(result.allocations, 'nothing silently dropped').to.have.length(c.commitments.length + c.items.length);
      expect(result.allocated).to.equal(c.allocated);
      const allotmentFen = Math.round(Number(c.allotment) * 100);
      expect(Math.round(Number(result.allocated) * 100)).to.be.at.most(allotmentFen);
      for (const name of c.unfunded) expect(result.reason.zh).to.contain(name);
    });
  }

  it('Art. 11: when the funded amounts are summed per department, then commitments and new items are shown apart', () => {
    const result = allocateBudget('1000', [build('B1', '200', 'dept-a'), operate('O1', '100', 'dept-b')], [item('N1', '300', false, 'dept-b')]);
    expect(result.perDepartment).to.deep.equal([
      { departmentId: 'dept-a', commitments: '200.00', newItems: '0.00', total: '200.00' },
      { departmentId: 'dept-b', commitments: '100.00', newItems: '300.00', total: '400.00' },
    ]);
    expect(result.remaining).to.equal('400.00');
  });

  it('Art. 11: when an amount is not a yuan amount, then it is refused as a programmer error', () => {
    expect(() => allocateBudget('1000', [], [item('N1', '1e3')])).to.throw(/Expected an amount in yuan/);
  });
});
