import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

/**
 * docs/compliance.md maps every article of the regulation to the process element, rule or worker that
 * carries it out and the tests that prove it. This keeps the table true: every file and element it names
 * exists, and every test file it names mentions the article.
 */
const root = path.resolve(__dirname, '../..');
const table = fs.readFileSync(path.join(root, 'docs/compliance.md'), 'utf8');

interface Row {
  article: number;
  what: string;
  where: string[];
  tests: string[];
}

function rows(): Row[] {
  return table
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
      const list = (cell: string) => (cell === '—' ? [] : cell.split(',').map((item) => item.trim().replace(/^`|`$/g, '')).filter(Boolean));
      return { article: Number(cells[0]), what: cells[1], where: list(cells[2]), tests: list(cells[3]) };
    });
}

describe('docs/compliance.md: every article → where it is carried out → the tests that prove it', () => {
  const all = rows();

  it('when read, then it has a row for each of the 34 articles', () => {
    const articles = new Set(all.map((row) => row.article));
    expect([...articles].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 34 }, (_, i) => i + 1));
  });

  for (const row of all) {
    it(`Art. ${row.article}: every file and element named exists, and every test named mentions the article`, () => {
      if (row.where.length === 0) {
        expect(row.what, 'an article with no behaviour says why').to.match(/no behaviour|无需|—/i);
        return;
      }
      for (const place of row.where) {
        const [file, elementId] = place.split('#');
        const full = path.join(root, file);
        expect(fs.existsSync(full), `${file} exists`).to.equal(true);
        if (elementId) expect(fs.readFileSync(full, 'utf8'), `${file} has element ${elementId}`).to.contain(`id="${elementId}"`);
      }
      expect(row.tests.length, 'at least one test').to.be.greaterThan(0);
      for (const test of row.tests) {
        const full = path.join(root, test);
        expect(fs.existsSync(full), `${test} exists`).to.equal(true);
        expect(fs.readFileSync(full, 'utf8'), `${test} names Art. ${row.article}`).to.match(new RegExp(`Art\\. ${row.article}\\b`));
      }
    });
  }
});
