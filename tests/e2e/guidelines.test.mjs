// Brand guidelines in the page: typing in a real editor's reply box highlights the words the
// team's rules flag (boxes over the words, in the agent's overlay, never in the editor), the
// badge counts them, the panel lists them with fixes that go through the editor's own state,
// highlights follow scrolling and clear when the text is fixed. The guidelines module is only
// loaded once a reply box gets input. The options page refuses a bad rule file with its place.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixtures, launchBrowser, sleep } from './lib/harness.mjs';

/** The team's rule sets as sync stores them in `rules.team.v1`. */
const TEAM_RULES = {
  voice: {
    name: 'Voice',
    rules: [
      { id: 'no-cheap', kind: 'forbidden', severity: 'warn', terms: ['cheap'], suggest: 'affordable' },
      { id: 'no-guarantee', kind: 'forbidden', severity: 'block', terms: ['guaranteed'], suggest: 'likely' },
    ],
  },
};

const EDITORS = [
  { name: 'textarea', click: '#editor' },
  { name: 'lexical', click: '[data-lexical-editor]' },
  { name: 'draftjs', click: '.public-DraftEditor-content' },
  { name: 'quill', click: '.ql-editor' },
  { name: 'prosemirror', click: '.ProseMirror' },
  { name: 'contenteditable', click: '#editor' },
];

let browser;
let fixtures;
let panel;

before(async () => {
  fixtures = await serveFixtures();
  browser = await launchBrowser();
  panel = await browser.context.newPage();
  await panel.goto(browser.panelUrl());
  await panel.evaluate((rules) => chrome.storage.local.set({ 'rules.team.v1': JSON.stringify(rules) }), TEAM_RULES);
});

after(async () => {
  await browser?.close();
  await fixtures?.close();
});

async function logged(body) {
  try {
    await body();
  } catch (error) {
    console.error('--- browser console ---\n' + browser.console());
    throw error;
  }
}

async function openEditor(name, click, path = 'editors') {
  const page = await browser.context.newPage();
  await page.goto(`${fixtures.url}/${path}/${name}.html`);
  await page.waitForFunction(() => window.editorReady === true);
  await page.locator(click).click();
  await sleep(150);
  return page;
}

/** The highlight boxes in the agent's overlay, with their severity. */
const marks = (page) => page.evaluate(() => {
  const root = document.querySelector('tact-overlay')?.shadowRoot;
  return [...(root?.querySelectorAll('.mark') ?? [])].map((mark) => {
    const rect = mark.getBoundingClientRect();
    return { severity: [...mark.classList].find((c) => c !== 'mark'), left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
  });
});

const badge = (page) => page.evaluate(() => {
  const element = document.querySelector('tact-overlay')?.shadowRoot?.querySelector('.badge');
  if (!element || element.hidden) return null;
  return { block: element.dataset.block ?? null, warn: element.dataset.warn ?? null };
});

async function waitForMarks(page, count) {
  await page.waitForFunction((wanted) => {
    const root = document.querySelector('tact-overlay')?.shadowRoot;
    return (root?.querySelectorAll('.mark').length ?? 0) === wanted;
  }, count, { timeout: 10_000 }).catch(() => {});
  const found = await marks(page);
  assert.equal(found.length, count, `marks: ${JSON.stringify(found)}`);
  return found;
}

/** Where a word of the editor's text is on screen: its text node's range (rich editors) or
 * measured with the textarea's font from the start of its content box (single line). */
const wordRect = (page, selector, word) => page.evaluate(({ selector, word }) => {
  const editor = document.querySelector(selector);
  if (editor instanceof HTMLTextAreaElement) {
    const style = getComputedStyle(editor);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    const index = editor.value.indexOf(word);
    const rect = editor.getBoundingClientRect();
    const left = rect.left + editor.clientLeft + parseFloat(style.paddingLeft) + context.measureText(editor.value.slice(0, index)).width;
    const top = rect.top + editor.clientTop + parseFloat(style.paddingTop);
    return { left, right: left + context.measureText(word).width, top };
  }
  const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const index = node.data.indexOf(word);
    if (index >= 0) {
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + word.length);
      const rect = range.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top };
    }
  }
  return null;
}, { selector, word });

function assertOver(mark, word, what) {
  assert.ok(word, `${what}: the word is in the editor`);
  assert.ok(Math.abs(mark.left - word.left) <= 2, `${what}: left ${mark.left} vs ${word.left}`);
  assert.ok(Math.abs(mark.right - word.right) <= 2, `${what}: right ${mark.right} vs ${word.right}`);
  assert.ok(Math.abs(mark.top - word.top) <= 4, `${what}: top ${mark.top} vs ${word.top}`);
}

const resourceLoaded = (page) => page.evaluate(() => performance.getEntriesByName('tact:guidelines:load').length > 0);

for (const editor of EDITORS) {
  test(`${editor.name}: flagged words are highlighted, the panel fixes them in the editor's own state, marks clear`, () => logged(async () => {
    const page = await openEditor(editor.name, editor.click);
    try {
      await page.keyboard.type('A cheap fix, guaranteed.');
      const found = await waitForMarks(page, 2);
      assertOver(found[0], await wordRect(page, editor.click, 'cheap'), 'cheap');
      assertOver(found[1], await wordRect(page, editor.click, 'guaranteed'), 'guaranteed');
      assert.deepEqual(found.map((mark) => mark.severity), ['warn', 'block']);
      assert.deepEqual(await badge(page), { block: '1', warn: '1' });

      // The panel lists the findings with their messages; its fix goes through the editor.
      const fix = panel.locator('.finding[data-rule="no-cheap"] button.fix');
      await fix.waitFor({ timeout: 10_000 });
      assert.match(await panel.locator('.finding[data-rule="no-cheap"] .found').textContent(), /cheap/);
      await fix.click();
      await page.waitForFunction(() => window.editorState() === 'A affordable fix, guaranteed.', null, { timeout: 5_000 }).catch(() => {});
      assert.equal(await page.evaluate(() => window.editorState()), 'A affordable fix, guaranteed.');
      await waitForMarks(page, 1);
      assert.deepEqual(await badge(page), { block: '1', warn: null });

      await panel.locator('.finding[data-rule="no-guarantee"] button.fix').click();
      await page.waitForFunction(() => window.editorState() === 'A affordable fix, likely.', null, { timeout: 5_000 }).catch(() => {});
      assert.equal(await page.evaluate(() => window.editorState()), 'A affordable fix, likely.');
      await waitForMarks(page, 0);
      assert.equal(await badge(page), null);
      await panel.locator('#guidelines .empty').waitFor({ timeout: 5_000 });
      assert.ok(await resourceLoaded(page), 'the guidelines module was loaded on input');
    } finally {
      await page.close();
    }
  }));
}

test('highlights follow the page when it scrolls', () => logged(async () => {
  const page = await openEditor('textarea', '#editor');
  try {
    await page.evaluate(() => { document.body.style.minHeight = '4000px'; });
    await page.keyboard.type('So cheap.');
    const [before] = await waitForMarks(page, 1);
    await page.evaluate(() => window.scrollBy(0, 120));
    await page.waitForFunction((top) => {
      const mark = document.querySelector('tact-overlay').shadowRoot.querySelector('.mark');
      return mark && Math.abs(mark.getBoundingClientRect().top - (top - 120)) < 1;
    }, before.top, { timeout: 5_000 }).catch(() => {});
    const [after] = await marks(page);
    assert.ok(Math.abs(after.top - (before.top - 120)) < 1, `moved from ${before.top} to ${after.top}`);
    assertOver(after, await wordRect(page, '#editor', 'cheap'), 'after scrolling');
  } finally {
    await page.close();
  }
}));

test('a page without a reply box never loads the guidelines module; a reply box loads it on first input', () => logged(async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${fixtures.url}/fixtures/empty.html`);
    await page.waitForFunction(() => performance.getEntriesByName('tact:scan:end').length > 0, null, { timeout: 10_000 });
    await sleep(500);
    assert.equal(await resourceLoaded(page), false);
    const wasm = await page.evaluate(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('guidelines_bg.wasm')));
    assert.equal(wasm, false);
  } finally {
    await page.close();
  }
  const editor = await openEditor('textarea', '#editor');
  try {
    assert.equal(await resourceLoaded(editor), false, 'not loaded on focus alone');
    await editor.keyboard.type('x');
    await editor.waitForFunction(() => performance.getEntriesByName('tact:guidelines:ready').length > 0, null, { timeout: 10_000 });
  } finally {
    await editor.close();
  }
}));

test('the options page refuses a bad rule file with its rule, field and line, imports a good one, enables starters', () => logged(async () => {
  const options = await browser.context.newPage();
  try {
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const file = options.locator('#rules-file');
    await file.waitFor({ timeout: 10_000 });
    const bad = '{\n  "rules": [\n    {\n      "id": "no-promise",\n      "kind": "pattern",\n      "message": "No promises.",\n      "pattern": "(guaranteed"\n    }\n  ]\n}\n';
    await file.setInputFiles({ name: 'house.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    const error = options.locator('#rules-import-error');
    await options.waitForFunction(() => document.getElementById('rules-import-error').textContent !== '', null, { timeout: 5_000 });
    const text = await error.textContent();
    assert.match(text, /house\.json/);
    assert.match(text, /rule `no-promise`/);
    assert.match(text, /field `pattern`/);
    assert.match(text, /line 7/);
    assert.match(text, /regular expression is invalid/);
    assert.equal(await options.evaluate(async () => (await chrome.storage.local.get('guidelines.imported.v1'))['guidelines.imported.v1'] ?? null), null);

    const good = JSON.stringify({ rules: [{ id: 'no-asap', kind: 'forbidden', severity: 'block', terms: ['asap'] }] });
    await file.setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(good) });
    await options.locator('#rules-imported li').filter({ hasText: 'mine.json' }).waitFor({ timeout: 5_000 });
    assert.equal(await error.textContent(), '');
    await options.locator('#starter-brand-safety-en').check();
    await options.waitForFunction(async () => ((await chrome.storage.local.get('guidelines.starters.v1'))['guidelines.starters.v1'] ?? '').includes('brand-safety-en'));

    const page = await openEditor('textarea', '#editor');
    try {
      await page.keyboard.type('Reply asap, you idiot');
      const found = await waitForMarks(page, 2);
      assert.deepEqual(found.map((mark) => mark.severity), ['block', 'block']);
    } finally {
      await page.close();
    }
    await options.locator('#rules-imported li').filter({ hasText: 'mine.json' }).getByRole('button').click();
    await options.locator('#starter-brand-safety-en').uncheck();
  } finally {
    await options.close();
  }
}));

test("the writer's role comes from the signed-in member, and a rule change re-checks the open draft", () => logged(async () => {
  const rules = { ...TEAM_RULES, interns: { rules: [{ id: 'intern-no-dm', kind: 'forbidden', severity: 'approval', roles: ['intern'], terms: ['DM'] }] } };
  await panel.evaluate((value) => chrome.storage.local.set({ 'rules.team.v1': JSON.stringify(value) }), rules);
  const page = await openEditor('textarea', '#editor');
  try {
    await page.keyboard.type('Send us a DM please');
    await page.waitForFunction(() => performance.getEntriesByName('tact:guidelines:ready').length > 0, null, { timeout: 10_000 });
    await sleep(300);
    assert.equal((await marks(page)).length, 0, 'signed out: the writer is an agent, the intern rule does not apply');
    await panel.evaluate(() => chrome.storage.local.set({ 'sync.me.v1': JSON.stringify({ member: { id: 'm1', role: 'intern' } }) }));
    const [mark] = await waitForMarks(page, 1);
    assert.equal(mark.severity, 'approval');
    assertOver(mark, await wordRect(page, '#editor', 'DM'), 'DM');
  } finally {
    await panel.evaluate((value) => chrome.storage.local.remove('sync.me.v1').then(() => chrome.storage.local.set({ 'rules.team.v1': JSON.stringify(value) })), TEAM_RULES);
    await page.close();
  }
}));

test('a panel opened after the draft was checked lists its findings', () => logged(async () => {
  const page = await openEditor('textarea', '#editor');
  const later = await browser.context.newPage();
  try {
    await page.keyboard.type('Not guaranteed.');
    await waitForMarks(page, 1);
    await later.goto(browser.panelUrl());
    const finding = later.locator('.finding[data-rule="no-guarantee"]');
    await finding.waitFor({ timeout: 10_000 });
    assert.match(await finding.locator('.found').textContent(), /guaranteed/);
    assert.match(await finding.locator('button.fix').textContent(), /likely/);
  } finally {
    await later.close();
    await page.close();
  }
}));
