import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium } from '../helpers/chromium';
import { readOperations } from '../../src/tasklist/operation-log';
import { startHarness, type Harness } from '../tasklist/harness';

const PROCESSES = path.resolve(__dirname, '../../processes');

/**
 * A process owner's edit in Debian's Chromium: open a deployed process, change a label and a candidate
 * group in the properties panel, see a lint error appear and vanish, deploy, and find version n+1 in the
 * list and in the diff. A clerk is turned away.
 */
describe('modeler in a browser (Chromium)', function () {
  this.timeout(120_000);
  let h: Harness;
  let browser: Browser;

  before(async () => {
    h = await startHarness({ processes: { dir: PROCESSES, files: ['budget-arrangement.bpmn'] }, formsDir: path.resolve(__dirname, '../../forms') });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  async function signIn(username: string, target: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${h.url}${target}`);
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', 'demo');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
    return page;
  }

  /** Opens a group of the properties panel unless it is open already (a click on an open one closes it). */
  async function openGroup(page: Page, groupId: string): Promise<void> {
    const header = page.locator(`[data-group-id="${groupId}"] > .bio-properties-panel-group-header`);
    if (!((await header.getAttribute('class')) ?? '').split(/\s+/).includes('open')) await header.click();
  }

  async function lintErrors(page: Page): Promise<number> {
    return Number(await page.getAttribute('#lint-summary', 'data-errors'));
  }

  it('when the owner edits a label and a candidate group, breaks and mends a label, and deploys, then version 2 is listed and its diff shows the change', async () => {
    const failures: string[] = [];
    const page = await signIn('owner', '/modeler');
    page.on('pageerror', (error) => failures.push(error.message));
    await page.getByRole('link', { name: '最新版本 / Latest' }).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'modeler-list.png'), fullPage: true });

    await page.goto(`${h.url}/modeler/processes/budget-arrangement`);
    await page.locator('#opened-source', { hasText: 'v1' }).waitFor();
    await page.locator('#versions tr[data-version="1"]').waitFor();
    await page.waitForFunction(() => document.querySelector('#lint-summary')?.getAttribute('data-errors') === '0');

    // The label, in the properties panel of the Finance review task.
    await page.click('[data-element-id="FinanceBudgetReview"]');
    await openGroup(page, 'group-general');
    const name = page.locator('#bio-properties-panel-name');
    await name.fill('财政厅复核');
    await page.locator('[data-element-id="FinanceBudgetReview"] text', { hasText: '财政厅复核' }).waitFor();

    // A candidate group, in its Assignment group.
    await openGroup(page, 'group-assignmentDefinition');
    const groups = page.locator('#bio-properties-panel-assignmentDefinitionCandidateGroups');
    await groups.fill('finance,big-data-bureau');

    // An empty label breaks label-required; the page lints as it is edited and blocks the deploy.
    await name.fill('');
    await page.waitForFunction(() => Number(document.querySelector('#lint-summary')?.getAttribute('data-errors')) > 0);
    expect(await page.textContent('#lint-list')).to.include('FinanceBudgetReview');
    expect(await page.isDisabled('#deploy')).to.equal(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'modeler-lint-error.png'), fullPage: true });

    await name.fill('财政厅复核');
    await page.waitForFunction(() => document.querySelector('#lint-summary')?.getAttribute('data-errors') === '0');
    expect(await lintErrors(page)).to.equal(0);
    expect(await page.isDisabled('#deploy')).to.equal(false);

    await page.click('#deploy');
    await page.locator('#status', { hasText: '已部署 v2' }).waitFor();
    await page.locator('#versions tr[data-version="2"]', { hasText: 'owner' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'modeler-deployed.png'), fullPage: true });

    const deployed = (await readOperations(h.t.db)).filter((op) => op.action === 'deployed');
    expect(deployed.map((op) => [op.username, op.detail?.bpmnProcessId, op.detail?.version])).to.deep.equal([['owner', 'budget-arrangement', 2]]);
    const v2 = await h.api('GET', '/api/modeler/processes/budget-arrangement/xml?source=2', { token: h.token('owner') });
    expect(v2.body.xml).to.match(/<bpmn:userTask id="FinanceBudgetReview" name="财政厅复核"/);
    expect(v2.body.xml).to.include('candidateGroups="finance,big-data-bureau"');

    await Promise.all([page.waitForURL(/\/diff\?from=1&to=2/), page.click('#diff-form button[type="submit"]')]);
    await page.locator('#changes tr.diff-change-changed[data-element-id="FinanceBudgetReview"]').waitFor();
    const change = await page.textContent('#changes tr.diff-change-changed[data-element-id="FinanceBudgetReview"]');
    expect(change).to.include('name: 财政厅审核 → 财政厅复核');
    expect(change).to.include('candidateGroups: finance → finance,big-data-bureau');
    expect(await page.locator('#diff-new [data-element-id="FinanceBudgetReview"].diff-changed').count()).to.equal(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'modeler-diff.png'), fullPage: true });
    expect(failures).to.deep.equal([]);
  });

  it('when the owner opens a form, then the editor and its preview show it, and it is saved as a draft and deployed', async () => {
    const page = await signIn('owner', '/modeler/forms');
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await Promise.all([page.waitForURL(/\/modeler\/forms\/budget-total$/), page.locator('a[href="/modeler/forms/budget-total"]').click()]);
    await page.locator('#opened-source', { hasText: 'forms/' }).waitFor();
    await page.locator('#form-preview', { hasText: '预算年度' }).waitFor();
    await page.locator('#form-editor .fjs-editor-container').waitFor();
    await page.click('#save-draft');
    await page.locator('#status', { hasText: '草稿已保存' }).waitFor();
    await page.click('#deploy');
    await page.locator('#status', { hasText: '已部署 v' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'form-editor.png'), fullPage: true });
    const deployed = (await readOperations(h.t.db)).filter((op) => op.action === 'deployed' && op.detail?.kind === 'form');
    expect(deployed.map((op) => op.detail?.formId)).to.deep.equal(['budget-total']);
    expect(failures).to.deep.equal([]);
  });

  it('when a clerk opens the modeler, then the page answers 403 with a clear message', async () => {
    const page = await signIn('clerk-a', '/modeler');
    expect(await page.textContent('body')).to.include('仅限流程管理员');
    const answer = await page.goto(`${h.url}/modeler/processes/budget-arrangement`);
    expect(answer?.status()).to.equal(403);
    await page.screenshot({ path: path.join(ARTIFACTS, 'modeler-forbidden.png'), fullPage: true });
  });
});
