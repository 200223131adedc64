import { expect } from 'chai';
import { validateEvaluationScores } from '../../src/rules/evaluation-scores';

describe('dual-evaluation scores (Art. 31–32)', () => {
  const subjects = { vendors: ['广西某科技有限公司'], departments: ['dept-a'] };
  const vendor = { subjectType: 'vendor', subjectId: '广西某科技有限公司', score: 88, comment: '服务及时' };
  const dept = { subjectType: 'department', subjectId: 'dept-a', score: 72, comment: '使用率一般' };
  const table: Array<[string, unknown[], boolean, RegExp]> = [
    ['every subject has a score and a comment', [vendor, dept], true, /every vendor and user unit/],
    ['a score is 0 and another 100', [{ ...vendor, score: 0 }, { ...dept, score: 100 }], true, /every vendor/],
    ['a score is 101', [{ ...vendor, score: 101 }, dept], false, /score 101, expected 0 to 100/],
    ['a score is negative', [vendor, { ...dept, score: -1 }], false, /score -1/],
    ['a score is missing', [vendor, { ...dept, score: undefined }], false, /score undefined/],
    ['a comment is empty', [vendor, { ...dept, comment: ' ' }], false, /has no comment/],
    ['a department is not scored', [vendor], false, /department:dept-a is not scored/],
    ['a vendor is scored twice', [vendor, vendor, dept], false, /scored twice/],
    ['a subject type is unknown', [vendor, dept, { ...dept, subjectType: 'expert' }], false, /neither vendor nor department/],
  ];
  for (const [situation, scores, ok, reason] of table) {
    it(`Art. 31: when ${situation}, then the scores are ${ok ? 'accepted' : 'refused'}`, () => {
      const verdict = validateEvaluationScores(scores, subjects);
      expect(verdict).to.include({ ok, article: 31 });
      expect(verdict.reason.en).to.match(reason);
    });
  }
});
