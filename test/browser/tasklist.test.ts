import path from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium } from '../helpers/chromium';
import { startHarness, type Harness } from '../tasklist/harness';

/**
 * The clerk's day in Debian's Chromium: sign in, claim a task, submit its form once with an error and once
 * correctly, and see the process move on to the Bureau's review.
 */
describe('task list in a browser (Chromium)', function () {
  this.timeout(90_000);
  let h: Harness;
  let browser: Browser;

  before(async () => {
    h = await startHarness();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('when a clerk signs in, claims a task and submits its form with an error and then correctly, then the Bureau gets the next task', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-a', dueDate: '2027-01-08T17:00:00+08:00' });
    const fill = await h.task(key, 'FillRequest');

    const clerk = await browser.newPage();
    await clerk.goto(`${h.url}/tasks`);
    await clerk.fill('input[name="username"]', 'clerk-a');
    await clerk.fill('input[name="password"]', 'demo');
    await Promise.all([clerk.waitForURL(/\/tasks/), clerk.click('button[type="submit"]')]);
    await clerk.getByRole('link', { name: '填写项目申请' }).waitFor();
    await clerk.screenshot({ path: path.join(ARTIFACTS, 'task-list.png'), fullPage: true });

    await Promise.all([clerk.waitForURL(new RegExp(`/tasks/${fill.id}$`)), clerk.getByRole('link', { name: '填写项目申请' }).click()]);
    await Promise.all([clerk.waitForLoadState('load'), clerk.click('#claim')]);
    expect((await clerk.textContent('#assignee'))?.trim()).to.equal('clerk-a');

    await clerk.fill('input[name="projectName"]', '智慧校园二期');
    await clerk.fill('input[name="estimate"]', '-3');
    await clerk.check('input[name="urgency"][value="urgent"]');
    await Promise.all([clerk.waitForLoadState('load'), clerk.click('#complete')]);
    expect(await clerk.textContent('body')).to.include('请更正标出的字段');
    expect(await clerk.inputValue('input[name="projectName"]')).to.equal('智慧校园二期');
    await clerk.screenshot({ path: path.join(ARTIFACTS, 'task-page-with-error.png'), fullPage: true });

    await clerk.fill('input[name="estimate"]', '2500000');
    await Promise.all([clerk.waitForURL(/\/tasks\?done=/), clerk.click('#complete')]);
    expect(await clerk.textContent('body')).to.include('已完成');
    await clerk.screenshot({ path: path.join(ARTIFACTS, 'task-list-after-completion.png'), fullPage: true });

    const review = await h.task(key, 'ReviewRequest');
    const bureau = await (await browser.newContext()).newPage();
    await bureau.goto(`${h.url}/login`);
    await bureau.fill('input[name="username"]', 'bureau');
    await bureau.fill('input[name="password"]', 'demo');
    await Promise.all([bureau.waitForURL(/\/tasks/), bureau.click('button[type="submit"]')]);
    await Promise.all([bureau.waitForURL(new RegExp(`/tasks/${review.id}$`)), bureau.getByRole('link', { name: '审核项目申请' }).click()]);
    expect(await bureau.textContent('body')).to.include('智慧校园二期');
    await bureau.screenshot({ path: path.join(ARTIFACTS, 'task-page.png'), fullPage: true });
  });
});
