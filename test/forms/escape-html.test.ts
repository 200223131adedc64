import { expect } from 'chai';
import { escapeHtml } from '../../src/forms';

describe('forms: escapeHtml', () => {
  const rows: { input: unknown; html: string }[] = [
    { input: '<script>alert("x")</script>', html: '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' },
    { input: `it's "quoted"`, html: 'it&#39;s &quot;quoted&quot;' },
    { input: 'a & b', html: 'a &amp; b' },
    { input: '&lt;', html: '&amp;lt;' },
    { input: '自治区教育厅', html: '自治区教育厅' },
    { input: 42, html: '42' },
    { input: null, html: '' },
    { input: undefined, html: '' },
  ];
  for (const { input, html } of rows) {
    it(`when escaping ${JSON.stringify(input)}, then ${JSON.stringify(html)}`, () => {
      expect(escapeHtml(input)).to.equal(html);
    });
  }
});
