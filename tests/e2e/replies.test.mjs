// Canned replies from the panel and by shortcut, in a real reply box, with the starter library.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixtures, launchBrowser, sleep } from './lib/harness.mjs';

/** A browser and a fixture server, closed after `body`; logs printed on failure. */
async function withBrowser(body) {
  const fixtures = await serveFixtures();
  const browser = await launchBrowser();
  try {
    await body({ browser, fixtures });
  } catch (error) {
    console.error('--- browser console ---\n' + browser.console());
    throw error;
  } finally {
    await browser.close();
    await fixtures.close();
  }
}

async function openFixture(browser, fixtures) {
  const page = await browser.context.newPage();
  await page.goto(`${fixtures.url}/fixtures/foundation.html`);
  await page.locator('tact-overlay button').first().waitFor();
  return page;
}

async function openPanel(browser) {
  const panel = await browser.context.newPage();
  await panel.goto(browser.panelUrl());
  await panel.locator('#reply-results [role=option]').first().waitFor();
  return panel;
}

test('the panel lists the starter replies, focus in the search box, options named by title', async () => {
  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    assert.equal(await panel.evaluate(() => document.activeElement?.id), 'reply-search');
    const options = panel.getByRole('option');
    assert.ok(await options.count() >= 7, 'the starter library has at least the seven everyday replies');
    const name = await options.first().getAttribute('aria-label');
    assert.ok(name && name.length > 0);
    assert.equal(await panel.getByRole('listbox').count(), 1);
  });
});

test('searching without accents finds the accented reply, and Enter inserts it rendered for the author', async () => {
  await withBrowser(async ({ browser, fixtures }) => {
    const page = await openFixture(browser, fixtures);
    await page.locator('#reply-textarea').click(); // Camille Martin's comment, in English.
    const panel = await openPanel(browser);
    await panel.getByTestId('author-name').filter({ hasText: 'Camille Martin' }).waitFor();
    const search = panel.locator('#reply-search');
    await search.fill('remboursement');
    await panel.locator('#reply-results [role=option][aria-selected=true]').waitFor();
    const preview = await panel.getByTestId('reply-preview').innerText();
    assert.ok(preview.length > 20, `a rendered preview, got: ${preview}`);
    assert.ok(!preview.includes('{{'), 'no Mustache tag is left in the preview');
    await search.press('Enter');
    await panel.getByTestId('reply-status').filter({ hasText: 'Inserted' }).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('#reply-textarea').inputValue(), preview);
  });
});

test('Down moves the selection and the preview follows', async () => {
  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    const first = await panel.getByTestId('reply-preview').innerText();
    await panel.locator('#reply-search').press('ArrowDown');
    const selected = panel.locator('#reply-results [aria-selected=true]');
    assert.equal(await selected.getAttribute('id'), 'reply-option-1');
    assert.equal(await panel.locator('#reply-search').getAttribute('aria-activedescendant'), 'reply-option-1');
    assert.notEqual(await panel.getByTestId('reply-preview').innerText(), first);
  });
});

test('typing ;; and a shortcut in the reply box replaces it with the rendered template', async () => {
  await withBrowser(async ({ browser, fixtures }) => {
    const page = await openFixture(browser, fixtures);
    const box = page.locator('#reply-textarea');
    await box.click();
    await box.pressSequentially('Hello! ;;merci ', { delay: 20 });
    await page.waitForFunction(() => !document.querySelector('#reply-textarea').value.includes(';;'), null, { timeout: 5_000 });
    const value = await box.inputValue();
    assert.ok(value.startsWith('Hello! '), value);
    assert.ok(value.length > 'Hello! '.length + 10, `the template text follows: ${value}`);
    assert.ok(!value.includes('{{'), value);
  });
});

test('a semicolon pair in ordinary text expands nothing', async () => {
  await withBrowser(async ({ browser, fixtures }) => {
    const page = await openFixture(browser, fixtures);
    const box = page.locator('#reply-textarea');
    await box.click();
    await box.pressSequentially('for(;;i++) and ;;nosuchshortcut ok', { delay: 10 });
    await sleep(500);
    assert.equal(await box.inputValue(), 'for(;;i++) and ;;nosuchshortcut ok');
  });
});
