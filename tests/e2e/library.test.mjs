// Personal templates from the panel: create, edit, duplicate, delete; refusals that keep the
// draft; import and export; settings in the preview; nothing lost across a browser restart.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser } from './lib/harness.mjs';

/** A browser (fresh profile unless given), closed after `body`; console printed on failure. */
async function withBrowser(body, { profileDir, keepProfile = false } = {}) {
  const browser = await launchBrowser({ profileDir });
  try {
    await body({ browser });
  } catch (error) {
    console.error('--- browser console ---\n' + browser.console());
    throw error;
  } finally {
    await browser.close({ keepProfile });
  }
}

async function openPanel(browser) {
  const panel = await browser.context.newPage();
  await panel.goto(browser.panelUrl());
  await panel.locator('#reply-results [role=option]').first().waitFor();
  return panel;
}

/** Searches the list and waits until the first option is the template titled `title`. */
async function search(panel, text, title) {
  await panel.locator('#reply-search').fill(text);
  await panel.locator('#reply-results [role=option]').first().and(panel.locator(`[aria-label="${title}"]`)).waitFor();
}

async function fillNewTemplate(panel, { title, shortcut, fr, en }) {
  await panel.getByTestId('library-new').click();
  await panel.getByTestId('editor-title').waitFor({ state: 'visible' });
  await panel.getByTestId('editor-title').fill(title);
  await panel.getByTestId('editor-shortcut').fill(shortcut);
  await panel.getByTestId('editor-tags').fill('livraison, delivery');
  if (fr !== undefined) await panel.getByTestId('wording-fr').fill(fr);
  if (en !== undefined) await panel.getByTestId('wording-en').fill(en);
}

async function saveAndWait(panel, title) {
  await panel.getByTestId('editor-save').click();
  await panel.getByTestId('library-notice').filter({ hasText: `Saved “${title}”` }).waitFor();
  assert.equal(await panel.getByTestId('editor-title').isVisible(), false, 'the editor closes once saved');
}

const storedLibrary = async (panel) => JSON.parse((await panel.evaluate(() => chrome.storage.local.get('library.v1')))['library.v1']);

test('a template is created with French and English wordings, found by search, edited, duplicated and deleted', async () => {
  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    await fillNewTemplate(panel, { title: 'Colis en route', shortcut: 'colis', fr: 'Bonjour {{author.first_name | à vous}}, votre colis arrive.', en: 'Hi {{author.first_name | there}}, your parcel is on its way.' });
    assert.match(await panel.getByTestId('editor-preview').innerText(), /Marie-Claire/, 'the preview uses the sample comment');
    await saveAndWait(panel, 'Colis en route');

    const saved = (await storedLibrary(panel)).templates.find((t) => t.shortcut === 'colis');
    assert.ok(saved, 'stored in chrome.storage.local');
    assert.deepEqual(saved.variants.map((v) => v.lang).sort(), ['en', 'fr']);
    assert.deepEqual(saved.tags, ['livraison', 'delivery']);
    assert.match(saved.id, /^[0-9a-f-]{36}$/, 'a random UUID');

    await search(panel, 'colis en route', 'Colis en route');
    await panel.getByTestId('library-edit').click();
    assert.equal(await panel.getByTestId('editor-title').inputValue(), 'Colis en route');
    await panel.getByTestId('editor-title').fill('Colis expédié');
    await saveAndWait(panel, 'Colis expédié');
    await search(panel, 'expedie', 'Colis expédié');
    const edited = (await storedLibrary(panel)).templates.find((t) => t.shortcut === 'colis');
    assert.equal(edited.title, 'Colis expédié');
    assert.equal(edited.version, 2);

    await panel.getByTestId('library-duplicate').click();
    await panel.getByTestId('library-notice').filter({ hasText: ';;colis-2' }).waitFor();
    assert.equal((await storedLibrary(panel)).templates.filter((t) => t.title === 'Colis expédié').length, 2);

    // Delete by keyboard: the confirmation is in the panel, focus on its Cancel button.
    await search(panel, 'colis-2', 'Colis expédié');
    await panel.getByTestId('library-delete').focus();
    await panel.keyboard.press('Enter');
    assert.equal(await panel.evaluate(() => document.activeElement?.dataset.testid), 'confirm-cancel');
    await panel.keyboard.press('Shift+Tab');
    await panel.keyboard.press('Enter');
    await panel.getByTestId('library-notice').filter({ hasText: 'Deleted' }).waitFor();
    const left = (await storedLibrary(panel)).templates.map((t) => t.shortcut);
    assert.ok(left.includes('colis') && !left.includes('colis-2'), left.join(' '));
  });
});

test('a template that does not parse is refused with line and column, and the draft survives closing the panel', async () => {
  await withBrowser(async ({ browser }) => {
    let panel = await openPanel(browser);
    await fillNewTemplate(panel, { title: 'Cassé', shortcut: 'casse', fr: 'Bonjour {{#x}} jamais fermé' });
    await panel.getByTestId('editor-diagnostics').filter({ hasText: 'line 1, column 9' }).waitFor();
    await panel.getByTestId('editor-save').click();
    const status = panel.getByTestId('editor-status');
    await status.filter({ hasText: 'Not saved' }).waitFor();
    assert.match(await status.innerText(), /line 1, column 9: the section "x" is opened here but never closed/);
    assert.equal(await panel.getByTestId('wording-fr').inputValue(), 'Bonjour {{#x}} jamais fermé', 'the draft is kept');
    assert.equal(await panel.getByTestId('wording-fr').getAttribute('aria-invalid'), 'true');
    assert.equal((await storedLibrary(panel).catch(() => ({ templates: [] }))).templates.some((t) => t.shortcut === 'casse'), false);

    await panel.close();
    panel = await browser.context.newPage();
    await panel.goto(browser.panelUrl());
    await panel.getByTestId('editor-notice').filter({ hasText: 'draft was restored' }).waitFor();
    assert.equal(await panel.getByTestId('editor-title').inputValue(), 'Cassé');
    assert.equal(await panel.getByTestId('wording-fr').inputValue(), 'Bonjour {{#x}} jamais fermé');

    // Fixed, it saves, and the draft is gone.
    await panel.getByTestId('wording-fr').fill('Bonjour {{#x}}ici{{/x}}');
    await saveAndWait(panel, 'Cassé');
    const draft = (await panel.evaluate(() => chrome.storage.local.get('editor-draft.v1')))['editor-draft.v1'];
    assert.equal(draft ?? null, null);
  });
});

test('an oversized wording, an empty title and a taken shortcut are refused with the reason', async () => {
  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    const long = 'a'.repeat(10_050);
    await fillNewTemplate(panel, { title: 'Trop long', shortcut: 'long', en: long });
    await panel.getByTestId('editor-save').click();
    await panel.getByTestId('editor-status').filter({ hasText: '10050 characters long; the limit is 10000' }).waitFor();
    assert.equal((await panel.getByTestId('wording-en').inputValue()).length, 10_050, 'nothing is cut');

    await panel.getByTestId('wording-en').fill('Short now.');
    await panel.getByTestId('editor-title').fill('  ');
    await panel.getByTestId('editor-save').click();
    await panel.getByTestId('editor-status').filter({ hasText: 'needs a title' }).waitFor();

    await panel.getByTestId('editor-title').fill('Trop long');
    await panel.getByTestId('editor-shortcut').fill('merci'); // A starter reply's shortcut.
    await panel.getByTestId('editor-save').click();
    await panel.getByTestId('editor-status').filter({ hasText: 'The shortcut “merci” is already used by' }).waitFor();
    assert.equal(await panel.evaluate(() => document.activeElement?.id), 'editor-shortcut');
  });
});

test('the editor works from the keyboard: Escape closes it, and asks first when something was typed', async () => {
  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    const focused = () => panel.evaluate(() => document.activeElement?.id || document.activeElement?.dataset.testid);
    await panel.getByTestId('library-new').focus();
    await panel.keyboard.press('Enter');
    assert.equal(await focused(), 'editor-title');
    await panel.keyboard.press('Escape');
    assert.equal(await panel.getByTestId('editor-title').isVisible(), false);
    assert.equal(await focused(), 'reply-search');

    await panel.getByTestId('library-new').focus();
    await panel.keyboard.press('Enter');
    await panel.keyboard.type('Brouillon');
    await panel.keyboard.press('Escape');
    assert.equal(await focused(), 'confirm-cancel', 'Keep editing has the focus');
    await panel.keyboard.press('Escape');
    assert.equal(await focused(), 'editor-title', 'the question goes, the text stays');
    assert.equal(await panel.getByTestId('editor-title').inputValue(), 'Brouillon');
    await panel.keyboard.press('Escape');
    await panel.keyboard.press('Shift+Tab');
    await panel.keyboard.press('Enter');
    assert.equal(await panel.getByTestId('editor-title').isVisible(), false);
    await panel.waitForFunction(async () => ((await chrome.storage.local.get('editor-draft.v1'))['editor-draft.v1'] ?? null) === null);
  });
});

test('a wording for a network is added, measured against its limit, and removed', async () => {
  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    await fillNewTemplate(panel, { title: 'Court', shortcut: 'court', en: 'A general answer.' });
    await panel.locator('#editor-add-lang').selectOption('en');
    await panel.locator('#editor-add-network').selectOption('x');
    await panel.getByTestId('editor-add-wording').click();
    const forX = panel.getByTestId('wording-en-x');
    assert.equal(await panel.evaluate(() => document.activeElement?.dataset.testid), 'wording-en-x');
    await forX.fill('b'.repeat(300));
    await panel.getByTestId('editor-count').filter({ hasText: '300 / 280' }).waitFor();
    assert.equal(await panel.getByTestId('editor-count').getAttribute('data-over'), 'true');
    await panel.getByTestId('editor-diagnostics').filter({ hasText: 'Warning (English, for X)' }).waitFor();
    await forX.fill('Short for X.');
    await saveAndWait(panel, 'Court');
    let saved = (await storedLibrary(panel)).templates.find((t) => t.shortcut === 'court');
    assert.deepEqual(saved.variants.map((v) => [v.lang, v.network ?? null, v.body]), [['en', null, 'A general answer.'], ['en', 'x', 'Short for X.']]);

    await search(panel, 'court', 'Court');
    await panel.getByTestId('library-edit').click();
    await panel.getByRole('button', { name: 'Remove the wording: English, for X' }).click();
    assert.equal(await forX.count(), 0);
    await saveAndWait(panel, 'Court');
    saved = (await storedLibrary(panel)).templates.find((t) => t.shortcut === 'court');
    assert.equal(saved.variants.length, 1);
  });
});

test('a team template is read-only: Edit offers a personal copy instead', async () => {
  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    const file = JSON.stringify({ format: 'tact-library', version: 1, templates: [
      { id: 'team-1', title: 'Politique de remboursement équipe', shortcut: 'rembourse-team', scope: 'team', variants: [{ lang: 'fr', body: 'Voici notre politique.' }] },
    ] });
    await panel.locator('details.tools summary').first().click();
    await panel.getByTestId('import-file').setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await panel.getByTestId('import').click();
    await panel.getByTestId('import-status').filter({ hasText: '1 added' }).waitFor();
    await search(panel, 'remboursement equipe', 'Politique de remboursement équipe');
    await panel.getByTestId('library-edit').click();
    await panel.getByTestId('library-notice').filter({ hasText: 'team reply' }).waitFor();
    assert.equal(await panel.getByTestId('editor-title').isVisible(), false);
    await panel.getByTestId('team-duplicate').click();
    await panel.getByTestId('library-notice').filter({ hasText: ';;rembourse-team-2' }).waitFor();
    const copy = (await storedLibrary(panel)).templates.find((t) => t.shortcut === 'rembourse-team-2');
    assert.equal(copy.scope, 'personal');
  });
});

test('export then import with Replace gives the same library; a malformed file changes nothing', async () => {
  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    await fillNewTemplate(panel, { title: 'Exportée', shortcut: 'exportee', en: 'Exported text.' });
    await saveAndWait(panel, 'Exportée');
    await panel.locator('details.tools summary').first().click();
    const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('export').click()]);
    assert.match(download.suggestedFilename(), /^tact-library-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = await readFile(await download.path(), 'utf8');
    const before = await storedLibrary(panel);
    assert.deepEqual(JSON.parse(exported).templates, before.templates);

    // Change the library, then restore the export with Replace.
    await search(panel, 'exportee', 'Exportée');
    await panel.getByTestId('library-delete').click();
    await panel.getByTestId('confirm-yes').click();
    await panel.getByTestId('library-notice').filter({ hasText: 'Deleted' }).waitFor();
    await panel.getByTestId('import-replace').check();
    await panel.getByTestId('import-file').setInputFiles({ name: 'back.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await panel.getByTestId('import').click();
    await panel.getByTestId('import-status').filter({ hasText: '1 added' }).waitFor();
    assert.deepEqual((await storedLibrary(panel)).templates.map((t) => t.id).sort(), before.templates.map((t) => t.id).sort());
    await search(panel, 'exportee', 'Exportée');

    // A malformed file: refused with the entry and the reason, library unchanged.
    const snapshot = await storedLibrary(panel);
    const broken = JSON.stringify({ format: 'tact-library', version: 1, templates: [
      { id: 'ok-1', title: 'Fine', shortcut: 'fine', variants: [{ lang: 'en', body: 'Fine.' }] },
      { id: 'bad-1', title: '', shortcut: 'bad', variants: [{ lang: 'en', body: 'No title.' }] },
    ] });
    await panel.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
    await panel.getByTestId('import').click();
    const status = panel.getByTestId('import-status');
    await status.filter({ hasText: 'Nothing was imported' }).waitFor();
    assert.match(await status.innerText(), /entry 2: A template needs a title/);
    await panel.getByTestId('import-file').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
    await panel.getByTestId('import').click();
    await status.filter({ hasText: 'not a Tact library' }).waitFor();
    assert.deepEqual(await storedLibrary(panel), snapshot);
  });
});

test('templates and settings survive closing the browser, and the settings appear in the preview', async () => {
  let profileDir;
  await withBrowser(async ({ browser }) => {
    profileDir = browser.userDataDir;
    const panel = await openPanel(browser);
    await panel.locator('details.tools summary').nth(1).click();
    await panel.getByTestId('settings-member').fill('Inès Moreau');
    await panel.getByTestId('settings-brand').fill('Lumen Café');
    await panel.getByTestId('settings-save').click();
    await panel.getByTestId('settings-status').filter({ hasText: 'Settings saved' }).waitFor();
    await fillNewTemplate(panel, { title: 'Signée', shortcut: 'signee', fr: 'Merci !\n{{> signature}}' });
    await panel.getByTestId('wording-fr').focus();
    await panel.getByTestId('editor-preview').filter({ hasText: 'Inès Moreau · Lumen Café' }).waitFor();
    await saveAndWait(panel, 'Signée');
  }, { keepProfile: true });

  await withBrowser(async ({ browser }) => {
    const panel = await openPanel(browser);
    await search(panel, 'signee', 'Signée');
    assert.equal(await panel.getByTestId('reply-preview').innerText(), 'Merci !\nInès Moreau · Lumen Café');
    await panel.locator('details.tools summary').nth(1).click();
    assert.equal(await panel.getByTestId('settings-member').inputValue(), 'Inès Moreau');
  }, { profileDir });
});
