// Insertion that the site believes: for each real editor (tests/e2e/editors/), a reply sent from
// the panel lands in the editor's OWN model exactly once, the caret sits at the cursor mark, one
// undo takes it back, and a typed ;;shortcut is replaced by its reply. An editor that cannot be
// written to is left untouched and the reply goes to the clipboard.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixtures, launchBrowser, sleep } from './lib/harness.mjs';

const REPLY = 'Bonjour Camille,\n\nMerci pour votre message.';

/** Each fixture editor: its page, where to click, and the text it holds for REPLY. */
const EDITORS = [
  { name: 'textarea', click: '#editor' },
  { name: 'react-textarea', click: '#editor', sendButton: '#send' },
  { name: 'contenteditable', click: '#editor' },
  { name: 'draftjs', click: '.public-DraftEditor-content' },
  { name: 'lexical', click: '[data-lexical-editor]' },
  { name: 'quill', click: '.ql-editor' },
  { name: 'prosemirror', click: '.ProseMirror' },
];

let browser;
let fixtures;

before(async () => {
  fixtures = await serveFixtures();
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fixtures.url });
});

after(async () => {
  await browser?.close();
  await fixtures?.close();
});

/** Runs `body`, printing the browser console when it fails. */
async function logged(body) {
  try {
    await body();
  } catch (error) {
    console.error('--- browser console ---\n' + browser.console());
    throw error;
  }
}

/** Opens an editor page, waits for the editor, clicks into it (Tact now follows it). */
async function openEditor(name, click) {
  const page = await browser.context.newPage();
  await page.goto(`${fixtures.url}/editors/${name}.html`);
  await page.waitForFunction(() => window.editorReady === true);
  await page.locator(click).click();
  await sleep(150); // The agent reports the focused reply box to the background.
  return page;
}

/** Sends an insertion from the panel, as the panel does, and returns the agent's answer. */
async function insertFromPanel(text, cursor) {
  const panel = await browser.context.newPage();
  try {
    await panel.goto(browser.panelUrl());
    return await panel.evaluate((message) => chrome.runtime.sendMessage(message),
      { type: 'insert_reply', tab_id: null, text, cursor_utf16: cursor });
  } finally {
    await panel.close();
  }
}

const state = (page) => page.evaluate(() => window.editorState());
const caret = (page) => page.evaluate(() => window.editorCaret());

/** Waits until the editor's model holds `expected`, then asserts it (for a readable diff). */
async function expectState(page, expected) {
  await page.waitForFunction((wanted) => window.editorState() === wanted, expected, { timeout: 3_000 }).catch(() => {});
  assert.equal(await state(page), expected);
}

async function expectCaret(page, expected) {
  await page.waitForFunction((wanted) => window.editorCaret() === wanted, expected, { timeout: 3_000 }).catch(() => {});
  assert.equal(await caret(page), expected);
}

for (const editor of EDITORS) {
  test(`${editor.name}: a reply from the panel lands once, caret at the mark, one undo removes it`, async () => {
    await logged(async () => {
      const page = await openEditor(editor.name, editor.click);
      if (editor.sendButton) assert.equal(await page.locator(editor.sendButton).isEnabled(), false, 'Send starts disabled');
      const answer = await insertFromPanel(REPLY, 8);
      assert.deepEqual(answer, { type: 'insert', outcome: 'inserted' });
      await expectState(page, REPLY);
      await expectCaret(page, 8);
      if (editor.sendButton) assert.equal(await page.locator(editor.sendButton).isEnabled(), true, 'the site saw the input');
      await page.bringToFront();
      await page.keyboard.press('Control+z');
      await expectState(page, '');
      await page.close();
    });
  });

  test(`${editor.name}: a reply goes at the caret, after the text already typed`, async () => {
    await logged(async () => {
      const page = await openEditor(editor.name, editor.click);
      await page.keyboard.type('Merci ! ');
      const answer = await insertFromPanel('À bientôt 😀', null);
      assert.deepEqual(answer, { type: 'insert', outcome: 'inserted' });
      await expectState(page, 'Merci ! À bientôt 😀');
      await expectCaret(page, 'Merci ! À bientôt 😀'.length);
      await page.close();
    });
  });

  test(`${editor.name}: typing ;;merci and a space expands the starter reply in place`, async () => {
    await logged(async () => {
      const expected = await merciExpansion();
      const page = await openEditor(editor.name, editor.click);
      await page.keyboard.type('Hello ');
      await page.locator(editor.click).pressSequentially(';;merci ', { delay: 30 });
      await page.waitForFunction(() => !window.editorState().includes(';;'), null, { timeout: 5_000 }).catch(() => {});
      const text = await state(page);
      assert.ok(!text.includes(';;merci'), `the shortcut is gone: ${JSON.stringify(text)}`);
      assert.equal(text, `Hello ${expected}`);
      if (editor.sendButton) assert.equal(await page.locator(editor.sendButton).isEnabled(), true);
      await page.close();
    });
  });
}

let merciReference;
/** The starter "merci" reply as expanded in a plain textarea: the reference for every editor. */
async function merciExpansion() {
  if (merciReference !== undefined) return merciReference;
  const page = await openEditor('textarea', '#editor');
  await page.locator('#editor').pressSequentially(';;merci ', { delay: 30 });
  await page.waitForFunction(() => !window.editorState().includes(';;'), null, { timeout: 5_000 });
  merciReference = await state(page);
  assert.ok(merciReference.length > 10 && !merciReference.includes('{{'), merciReference);
  await page.close();
  return merciReference;
}

test('an editor that puts back its content is left untouched and the reply is copied', async () => {
  await logged(async () => {
    const page = await openEditor('locked', '#editor');
    const answer = await insertFromPanel(REPLY, 8);
    assert.deepEqual(answer, { type: 'insert', outcome: 'copied' });
    assert.equal(await state(page), 'Brouillon du site');
    await page.bringToFront();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), REPLY);
    await page.close();
  });
});
