// The walking skeleton, end to end: agent -> background -> panel in real Chromium, and a real
// `tact serve` answering health and serving the demo page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTact, sleep } from './lib/harness.mjs';

/** The launcher buttons Tact drew on `page`, in its overlay's shadow root. */
const launchers = (page) => page.locator('tact-overlay button');

async function openPanel(browser, query = '') {
  const panel = await browser.context.newPage();
  await panel.goto(browser.panelUrl(query));
  await panel.locator('#context[aria-busy="false"]').waitFor();
  return panel;
}

/** The launcher whose centre lies inside the box of `editorSelector`. */
async function launcherFor(page, editorSelector) {
  const box = await page.locator(editorSelector).boundingBox();
  const count = await launchers(page).count();
  for (let index = 0; index < count; index += 1) {
    const button = launchers(page).nth(index);
    const b = await button.boundingBox();
    if (!b) continue;
    const x = b.x + b.width / 2;
    const y = b.y + b.height / 2;
    if (x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height) return button;
  }
  throw new Error(`no launcher inside ${editorSelector}`);
}

test('a launcher appears beside a textarea and a contenteditable reply box, once each', async () => {
  await withTact(async ({ browser, fixtures }) => {
    const page = await browser.context.newPage();
    await page.goto(`${fixtures.url}/fixtures/foundation.html`);
    await launchers(page).first().waitFor();
    await sleep(300); // Let any duplicate scan happen before counting.
    assert.equal(await launchers(page).count(), 3, 'two reply boxes and the standalone post box');
    await launcherFor(page, '#reply-textarea');
    await launcherFor(page, '#reply-editable');
    const label = await launchers(page).first().getAttribute('aria-label');
    assert.equal(label, 'Open Tact for this reply');
    // The site's own markup is untouched: no node was added inside the comment.
    assert.equal(await page.locator('#comment-101 tact-overlay, #comment-101 button').count(), 1, 'only the site\'s own Reply button');
  });
});

test('clicking a launcher shows the comment\'s author, text and link in the panel', async () => {
  await withTact(async ({ browser, fixtures }) => {
    const page = await browser.context.newPage();
    await page.goto(`${fixtures.url}/fixtures/foundation.html`);
    await launchers(page).first().waitFor();
    const panel = await openPanel(browser);
    assert.match(await panel.locator('#context').innerText(), /Click the Tact button/);

    await (await launcherFor(page, '#reply-textarea')).click();
    await panel.getByTestId('author-name').filter({ hasText: 'Camille Martin' }).waitFor({ timeout: 5_000 });
    assert.equal(await panel.getByTestId('comment-text').innerText(),
      'Where can I buy it in Lyon? My order from last week still has not shipped.');
    assert.equal(await panel.getByTestId('permalink').getAttribute('href'), `${fixtures.url}/posts/42#comment-101`);

    // Focusing the other reply box is enough to follow it.
    await page.locator('#reply-editable').click();
    await panel.getByTestId('author-name').filter({ hasText: 'Sam Lee' }).waitFor({ timeout: 5_000 });

    // A panel opened later (or reopened after the worker slept) finds the last context.
    const reopened = await openPanel(browser);
    assert.equal(await reopened.getByTestId('author-name').innerText(), 'Sam Lee');
  });
});

test('a killed service worker loses no context: the next panel still shows the comment', async () => {
  await withTact(async ({ browser, fixtures }) => {
    const page = await browser.context.newPage();
    await page.goto(`${fixtures.url}/fixtures/foundation.html`);
    await launchers(page).first().waitFor();
    await page.locator('#reply-textarea').click();
    const panel = await openPanel(browser);
    await panel.getByTestId('author-name').filter({ hasText: 'Camille Martin' }).waitFor({ timeout: 5_000 });
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await sleep(300);
    const reopened = await openPanel(browser);
    assert.equal(await reopened.getByTestId('author-name').innerText(), 'Camille Martin');
    // And the restarted worker still relays new contexts.
    await page.locator('#reply-editable').click();
    await reopened.getByTestId('author-name').filter({ hasText: 'Sam Lee' }).waitFor({ timeout: 5_000 });
  });
});

test('a reply box outside any comment shows that no comment is being answered', async () => {
  await withTact(async ({ browser, fixtures }) => {
    const page = await browser.context.newPage();
    await page.goto(`${fixtures.url}/fixtures/foundation.html`);
    await launchers(page).first().waitFor();
    const panel = await openPanel(browser);
    await page.locator('#standalone').click();
    await panel.getByText('This reply box does not answer a particular comment.').waitFor({ timeout: 5_000 });
  });
});

test('hostile markup in a comment shows as plain text and runs no script', async () => {
  await withTact(async ({ browser, fixtures }) => {
    const page = await browser.context.newPage();
    await page.goto(`${fixtures.url}/fixtures/hostile.html`);
    await launchers(page).first().waitFor();
    const panel = await openPanel(browser);
    await launchers(page).first().click();
    const author = panel.getByTestId('author-name');
    await author.filter({ hasText: '<b onmouseover' }).waitFor({ timeout: 5_000 });
    assert.equal(await author.innerText(), '<b onmouseover="window.__pwned=\'author\'">Eve</b>');
    assert.match(await panel.getByTestId('comment-text').innerText(), /^<img src=x onerror=/);
    assert.equal(await panel.locator('#context img, #context script, #context b').count(), 0, 'no element made from page text');
    assert.equal(await panel.getByTestId('permalink').count(), 0, 'a javascript: link is not made clickable');
    await author.hover();
    assert.equal(await panel.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  });
});

test('the background refuses messages from the wrong context and malformed ones', async () => {
  await withTact(async ({ browser }) => {
    const panel = await openPanel(browser);
    const answers = await panel.evaluate(async () => ({
      posing: await chrome.runtime.sendMessage({ type: 'context_opened', open_panel: false,
        context: { platform: 'x', author: { name: 'Forged', handle: '', profile_url: '' }, text: '', permalink: '', page_url: '' } }),
      garbage: await chrome.runtime.sendMessage({ type: 'drop_tables' }),
      notAnObject: await chrome.runtime.sendMessage('hello'),
    }));
    assert.deepEqual(answers.posing, { type: 'refused', reason: 'wrong_context' });
    assert.deepEqual(answers.garbage, { type: 'refused', reason: 'malformed' });
    assert.deepEqual(answers.notAnObject, { type: 'refused', reason: 'malformed' });
  });
});

test('a page with nothing to answer gets no launcher and no overlay', async () => {
  await withTact(async ({ browser, fixtures }) => {
    const page = await browser.context.newPage();
    await page.goto(`${fixtures.url}/fixtures/empty.html`);
    await sleep(1_000);
    assert.equal(await page.locator('tact-overlay').count(), 0);
  });
});

test('tact serve answers health and serves the demo page, where the agent finds reply boxes', async () => {
  await withTact(async ({ browser, server }) => {
    const health = await (await fetch(`${server.url}/api/v1/health`)).json();
    assert.equal(health.status, 'ok');
    assert.equal(health.database, 'sqlite');
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo/`);
    await launchers(page).first().waitFor();
    assert.ok(await launchers(page).count() >= 2);
  });
});
