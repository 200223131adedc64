import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium } from '../helpers/chromium';
import { startAuditedRun, type AuditedRun } from '../history/audited-run';
import { verifyExport } from '../../src/history/verify-export';

const APPLICATION = {
  orderedBy: 'government', orderReference: '桂政办发〔2027〕1号', justification: '自治区政府临时部署的招生考试安全保障任务',
  itemName: '招生考试视频巡查系统', itemCategory: 'security', itemKind: 'new', itemFundingSource: 'regional',
  itemEstimate: '450000.00', itemPriority: true, itemDomesticProducts: ['chip'],
};

/**
 * The auditor's replay in Debian's Chromium: a request run through the task list by the clerk and the
 * Bureau, then found in the history search, opened, and stepped through on the diagram.
 */
describe('history in a browser (Chromium)', function () {
  this.timeout(120_000);
  let run: AuditedRun;
  let browser: Browser;
  let key: string;

  before(async () => {
    run = await startAuditedRun(['out-of-plan-application'], { audit: true });
    // A contact for the application carried from the start: a sensitive variable (Art. 26) the auditor must see masked.
    key = await run.s.start('out-of-plan-application', { departmentId: 'dept-a', serviceContact: '13800001111' });
    await run.work(key, 'Apply', 'clerk-a', APPLICATION);
    await run.work(key, 'Examine', 'bureau', { decision: 'approve', comment: '确需列入' });
    await run.work(key, 'Consent', 'gov', { decision: 'approve', comment: '同意' });
    await run.s.waitForEnd(key);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await run?.stop();
  });

  async function signIn(page: Page, next: string) {
    await page.goto(`${run.url}${next}`);
    await page.fill('input[name="username"]', 'auditor');
    await page.fill('input[name="password"]', 'demo');
    await Promise.all([page.waitForURL(new RegExp(next.replace('?', '\\?'))), page.click('button[type="submit"]')]);
  }

  it('when the auditor opens an out-of-plan application (Art. 10) and steps through it to the consent, then Consent is highlighted, itemName has its value and serviceContact is masked (Art. 26)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(error.message));
    await signIn(page, '/history?process=out-of-plan-application');
    await page.getByRole('link', { name: key }).waitFor();
    await page.waitForSelector('.verification.ok');
    expect(await page.textContent('.verification')).to.include('Unaltered');
    await page.screenshot({ path: path.join(ARTIFACTS, 'history-search.png'), fullPage: true });

    await Promise.all([page.waitForURL(new RegExp(`/history/instances/${key}`)), page.getByRole('link', { name: key }).click()]);
    await page.waitForSelector('#history-instance[data-ready="true"]', { timeout: 15_000 }).catch((error) => {
      throw new Error(`${error.message}\nbrowser errors: ${violations.join('\n')}`);
    });
    expect(await page.textContent('.count-badge[data-element="Apply"]')).to.equal('1');
    expect(await page.locator('[data-element-id="Added"].hist-visited').count()).to.equal(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'history-instance-end.png'), fullPage: true });

    // From the first step, a few steps forward with the buttons, then to the consent by its timeline row.
    const shownIndex = () => page.getAttribute('#history-instance', 'data-shown-index');
    const shows = (index: string) => page.waitForFunction((i) => document.getElementById('history-instance')!.dataset.shownIndex === i, index);
    await page.click('#first');
    await shows('0');
    expect(await page.locator('.hist-current').count()).to.equal(0);
    for (const next of ['1', '2', '3', '4', '5', '6', '7']) {
      await page.click('#next');
      await shows(next);
    }
    expect(await page.locator('[data-element-id="StartApplication"].hist-visited').count()).to.equal(1);
    expect(await page.locator('[data-element-id="Apply"].hist-visited').count()).to.equal(0);
    const consent = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLTableRowElement>('#timeline tr[data-position]')]
        .find((row) => row.cells[2].textContent === 'PROCESS_INSTANCE ELEMENT_ACTIVATED' && row.cells[3].textContent === 'Consent')
        ?.dataset.position,
    );
    const before = await shownIndex();
    await page.click(`#timeline tr[data-position="${consent}"]`);
    await page.waitForFunction((i) => document.getElementById('history-instance')!.dataset.shownIndex !== i, before);
    const atConsent = (await shownIndex())!;
    await page.click('#next');
    await shows(String(Number(atConsent) + 1));
    await page.click('#previous');
    await shows(atConsent);
    expect(await page.locator('[data-element-id="Consent"].hist-current').count()).to.equal(1);
    expect(await page.locator('[data-element-id="Examine"].hist-current').count()).to.equal(0);
    expect(await page.locator('[data-element-id="Examine"].hist-visited').count()).to.equal(1);
    expect(await page.locator('[data-element-id="AddToPlan"].hist-visited').count()).to.equal(0);
    expect(await page.textContent('#tokens')).to.include('Consent');
    expect(await page.textContent('#variables tr[data-variable="itemName"]')).to.include('招生考试视频巡查系统');
    expect(await page.textContent('#variables tr[data-variable="serviceContact"]')).to.include('138****1111');
    expect(await page.content()).not.to.include('13800001111');
    const link = await page.getAttribute('#step-link', 'href');
    expect(link).to.match(/\?position=\d+$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'history-instance-step.png'), fullPage: true });
    await page.locator('#diagram').screenshot({ path: path.join(ARTIFACTS, 'history-diagram-step.png') });

    // The link opens the same step.
    const again = await context.newPage();
    await again.goto(`${run.url}${link}`);
    await again.waitForSelector('#history-instance[data-ready="true"]');
    await again.screenshot({ path: path.join(ARTIFACTS, 'history-instance-linked-step.png'), fullPage: true });
    expect(await again.locator('[data-element-id="Consent"].hist-current').count()).to.equal(1);

    // The page's JSON export link answers for the session cookie, verifies offline, and keeps the contact masked.
    const href = await page.getAttribute('a[href$="/export.json"]', 'href');
    const exported = await page.request.get(`${run.url}${href}`);
    expect(exported.status()).to.equal(200);
    const text = await exported.text();
    expect(text).not.to.include('13800001111');
    expect(verifyExport(JSON.parse(text), run.audit!.publicKey).ok).to.equal(true);
    expect(violations.filter((v) => /Content Security Policy/i.test(v))).to.deep.equal([]);
  });
});
