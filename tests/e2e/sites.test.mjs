// The site adapters in the real agent: one fixture page per site, served at the site's real
// hostname (Chromium maps x.com, www.linkedin.com... to the local TLS fixture server), with the
// editor library the site uses. Per site: the exact context the panel shows for a top-level
// comment and for a nested reply, the launcher inside the reply box, and a comment added later
// picked up once. Then the generic fixtures, a page with nothing to answer, and a page whose
// markers were renamed (fallback, partial notice, health count).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, selfSignedCertificate, serveFixtures, sleep } from './lib/harness.mjs';

const HOSTS = ['x.com', 'www.linkedin.com', 'www.facebook.com', 'www.instagram.com', 'www.youtube.com',
  'www.reddit.com', 'old.reddit.com', 'www.tiktok.com', 'blog.example', 'forum.example'];

/**
 * Per fixture: where it is served, how many reply boxes it has, and for each case the element
 * to click (`open`, defaulting to the box itself), the box, and the exact context expected.
 * `handle` or `permalink` left out means the site offers none: the panel must show none.
 */
const SITES = [
  {
    name: 'X', url: 'https://x.com/sites/x.html', boxes: 2,
    top: { box: '#focal-reply [contenteditable]', author: 'Brand Co', handle: 'brandco',
      text: 'Our new app is out! Tell us what you think.', permalink: 'https://x.com/brandco/status/100' },
    nested: { box: '#dialog-reply [contenteditable]', author: 'Alice Martin', handle: 'alice_m',
      text: 'Does it work offline?', permalink: 'https://x.com/alice_m/status/101' },
    added: { box: '#added-reply', author: 'Chris Doe', handle: 'chris_d', text: 'Is there a dark mode?',
      permalink: 'https://x.com/chris_d/status/102' },
  },
  {
    name: 'LinkedIn', url: 'https://www.linkedin.com/sites/linkedin.html', boxes: 2,
    top: { box: '#reply-alice .tiptap.ProseMirror', author: 'Alice Martin', handle: 'alice-martin', text: 'Is the role remote?' },
    nested: { box: '#reply-bob .ql-editor', author: 'Bob Durand', handle: 'bob-durand', text: 'I wondered too.' },
    added: { box: '#added-reply .ql-editor', author: 'Chloé Petit', handle: 'chloe-petit', text: 'Do you sponsor visas?' },
  },
  {
    name: 'Facebook', url: 'https://www.facebook.com/sites/facebook.html', boxes: 2,
    top: { box: '#reply-alice', author: 'Alice Martin', text: 'Where can I buy it?',
      permalink: 'https://www.facebook.com/brandco/posts/123?comment_id=c1&__cft__=z' },
    nested: { box: '#reply-bob', author: 'Bob Durand', text: 'Same question',
      permalink: 'https://www.facebook.com/brandco/posts/123?comment_id=c1&reply_comment_id=c2' },
    added: { box: '#added-reply', author: 'Chloé Petit', text: 'Is it vegan?',
      permalink: 'https://www.facebook.com/brandco/posts/123?comment_id=c3' },
  },
  {
    name: 'Instagram', url: 'https://www.instagram.com/sites/instagram.html', boxes: 1,
    top: { open: '[data-reply="alice.m"]', box: '#box', author: 'alice.m', handle: 'alice.m', text: 'Love the green one',
      permalink: 'https://www.instagram.com/p/XYZ/c/1/' },
    nested: { open: '[data-reply="bob_d"]', box: '#box', author: 'bob_d', handle: 'bob_d', text: '@alice.m same here',
      permalink: 'https://www.instagram.com/p/XYZ/c/2/' },
    added: { box: '#added-reply', author: 'chloe.p', handle: 'chloe.p', text: 'Sunday market',
      permalink: 'https://www.instagram.com/p/ABC/' },
  },
  {
    name: 'YouTube', url: 'https://www.youtube.com/sites/youtube.html', boxes: 3,
    top: { box: '[data-test="reply-alice"]', author: '@alice', handle: 'alice', text: 'Great video!',
      permalink: 'https://www.youtube.com/watch?v=abc&lc=c1' },
    nested: { box: '[data-test="reply-bob"]', author: '@bob.d', handle: 'bob.d', text: 'Agreed',
      permalink: 'https://www.youtube.com/watch?v=abc&lc=c1.r1' },
    added: { box: '[data-test="added-reply"]', author: '@chloe', handle: 'chloe', text: 'Subtitles please',
      permalink: 'https://www.youtube.com/watch?v=abc&lc=c9' },
  },
  {
    name: 'Reddit', url: 'https://www.reddit.com/sites/reddit.html', boxes: 3,
    top: { box: '#reply-alice [contenteditable]', author: 'alice', handle: 'alice', text: 'Is it open source?',
      permalink: 'https://www.reddit.com/r/brand/comments/abc/comment/c1/' },
    nested: { box: '#reply-bob [contenteditable]', author: 'bob', handle: 'bob', text: 'Asking the same.',
      permalink: 'https://www.reddit.com/r/brand/comments/abc/comment/c2/' },
    added: { box: '#added-reply [contenteditable]', author: 'chloe', handle: 'chloe', text: 'Which licence?',
      permalink: 'https://www.reddit.com/r/brand/comments/abc/comment/c3/' },
  },
  {
    name: 'Reddit (old)', url: 'https://old.reddit.com/sites/old-reddit.html', boxes: 3,
    top: { box: '#reply-alice', author: 'alice', handle: 'alice', text: 'Is it open source?',
      permalink: 'https://old.reddit.com/r/brand/comments/abc/launch_day/c1/' },
    nested: { box: '#reply-bob', author: 'bob', handle: 'bob', text: 'Same question.',
      permalink: 'https://old.reddit.com/r/brand/comments/abc/launch_day/c2/' },
    added: { box: '#added-reply', author: 'chloe', handle: 'chloe', text: 'Which licence?',
      permalink: 'https://old.reddit.com/r/brand/comments/abc/launch_day/c3/' },
  },
  {
    name: 'TikTok', url: 'https://www.tiktok.com/sites/tiktok.html', boxes: 2,
    top: { box: '#reply-alice [contenteditable]', author: 'Alice', handle: 'alice_tt', text: 'So cool' },
    nested: { box: '#reply-bob [contenteditable]', author: 'Bob', handle: 'bob_tt', text: 'Where is this?' },
    added: { box: '#added-reply [contenteditable]', author: 'Chloé', handle: 'chloe_tt', text: 'Song name?' },
  },
  {
    name: 'a WordPress blog (generic)', url: 'https://blog.example/sites/blog.html', boxes: 1,
    // WordPress shows no handles: the generic adapter says so (a partial context), never guesses.
    top: { open: '.comment-reply-link[data-commentid="2"]', box: '#comment', author: 'Alice', text: 'Nice post, thanks!',
      permalink: 'https://blog.example/hello/#comment-2', partial: true },
    nested: { open: '.comment-reply-link[data-commentid="3"]', box: '#comment', author: 'Bob', text: 'Agreed with Alice',
      permalink: 'https://blog.example/hello/#comment-3', partial: true },
    added: { box: '#added-reply', author: 'Chloé', text: 'Is there a French version?',
      permalink: 'https://blog.example/hello/#comment-4', partial: true },
  },
];

let browser;
let fixtures;

before(async () => {
  fixtures = await serveFixtures({ tls: await selfSignedCertificate() });
  browser = await launchBrowser({ hostMap: { hosts: HOSTS, port: fixtures.port } });
});

after(async () => {
  await browser?.close();
  await fixtures?.close();
});

/** Runs a test body, printing the browser console when it fails. */
async function traced(body) {
  try {
    await body();
  } catch (error) {
    console.error('--- browser console ---\n' + browser.console());
    throw error;
  }
}

const launchers = (page) => page.locator('tact-overlay button');

async function openPanel() {
  const panel = await browser.context.newPage();
  await panel.goto(browser.panelUrl());
  await panel.locator('#context[aria-busy="false"]').waitFor();
  return panel;
}

async function openFixture(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

/** Waits until exactly `count` launchers are drawn, and stay so (no late duplicate). */
async function expectLaunchers(page, count) {
  const deadline = Date.now() + 10_000;
  while (await launchers(page).count() !== count && Date.now() < deadline) await sleep(50);
  await sleep(300);
  assert.equal(await launchers(page).count(), count, `${count} launcher(s), one per reply box`);
}

/** The launcher whose centre lies inside the box of `selector` (or a failure). */
async function launcherInside(page, selector) {
  const box = await page.locator(selector).boundingBox();
  assert.ok(box, `${selector} is visible`);
  for (const button of await launchers(page).all()) {
    const b = await button.boundingBox();
    if (!b) continue;
    const [x, y] = [b.x + b.width / 2, b.y + b.height / 2];
    if (x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height) return button;
  }
  throw new Error(`no launcher inside ${selector}`);
}

/** Focuses a case's reply box (through the site's own "Reply" control when it has one). */
async function focusCase(page, { open, box }) {
  await page.locator(open ?? box).click();
  if (!open) return;
  await page.waitForFunction((selector) => document.activeElement?.matches(selector), box);
}

/** Checks the panel shows exactly the expected context. */
async function expectContext(panel, expected) {
  await panel.getByTestId('author-name').filter({ hasText: expected.author }).waitFor({ timeout: 5_000 });
  assert.equal(await panel.getByTestId('author-name').innerText(), expected.author);
  assert.equal(await panel.getByTestId('comment-text').innerText(), expected.text);
  const handle = panel.getByTestId('author-handle');
  if (expected.handle) assert.equal(await handle.innerText(), expected.handle);
  else assert.equal(await handle.count(), 0, 'no handle shown where the site has none');
  const permalink = panel.getByTestId('permalink');
  if (expected.permalink) assert.equal(await permalink.getAttribute('href'), expected.permalink);
  else assert.equal(await permalink.count(), 0, 'no link shown where the site has none');
  const notice = panel.locator('#context .notice');
  if (expected.partial) assert.match(await notice.innerText(), /Only part of this comment could be read/);
  else assert.equal(await notice.count(), 0, 'a full context has no notice');
}

for (const site of SITES) {
  test(`${site.name}: the exact context of a comment and of a nested reply, launchers in the boxes, a later comment picked up once`, () => traced(async () => {
    const page = await openFixture(site.url);
    await expectLaunchers(page, site.boxes);
    await launcherInside(page, site.top.box);
    await launcherInside(page, site.nested.box);
    const panel = await openPanel();
    await page.bringToFront();

    await focusCase(page, site.top);
    await expectContext(panel, site.top);
    await focusCase(page, site.nested);
    await expectContext(panel, site.nested);

    await page.evaluate(() => window.addComment());
    await expectLaunchers(page, site.boxes + 1);
    await launcherInside(page, site.added.box);
    await focusCase(page, site.added);
    await expectContext(panel, site.added);
    await page.close();
    await panel.close();
  }));
}

test('a Discourse-style forum: the composer opened later gets one launcher and an honest empty context', () => traced(async () => {
  const page = await openFixture('https://forum.example/sites/forum.html');
  await sleep(500);
  assert.equal(await page.locator('tact-overlay').count(), 0, 'no reply box yet: no overlay');
  const panel = await openPanel();
  await page.bringToFront();
  await page.locator('button.reply').click();
  await expectLaunchers(page, 1);
  await launcherInside(page, 'textarea.d-editor-input');
  await panel.getByText('This reply box does not answer a particular comment.').waitFor({ timeout: 5_000 });
  await page.close();
  await panel.close();
}));

test('a page with nothing to answer gets no overlay, though the agent ran and watched it', () => traced(async () => {
  const page = await openFixture('https://blog.example/sites/no-comments.html');
  await page.waitForFunction(() => performance.getEntriesByName('tact:scan:end').length === 1, null, { timeout: 10_000 });
  await page.waitForFunction(() => document.querySelectorAll('#main p').length >= 21, null, { timeout: 10_000 });
  await sleep(300);
  assert.equal(await page.locator('tact-overlay').count(), 0);
  await page.close();
}));

test('renamed markers on x.com: generic fallback, the panel says the context is partial, the failure is counted once', () => traced(async () => {
  const page = await openFixture('https://x.com/sites/x-changed.html');
  await expectLaunchers(page, 2);
  const panel = await openPanel();
  await page.bringToFront();
  await page.locator('#focal-reply [contenteditable]').click();
  await panel.getByText('Only part of this comment could be read on this page').waitFor({ timeout: 5_000 });
  assert.equal(await panel.getByTestId('platform').textContent(), 'generic');
  // A second use within the hour is not counted again (HealthThrottle).
  await page.locator('#dialog-reply [contenteditable]').click();
  await page.locator('#focal-reply [contenteditable]').click();
  let health;
  const deadline = Date.now() + 5_000;
  do {
    await sleep(100);
    health = (await panel.evaluate(() => chrome.storage.local.get('adapter-health.v1')))['adapter-health.v1'];
  } while (!health?.x && Date.now() < deadline);
  const count = health?.x?.descriptor_no_match;
  assert.ok(count, `x's failure is counted: ${JSON.stringify(health)}`);
  assert.equal(count.count, 1);
  assert.ok(count.first_ms > 0 && count.first_ms <= count.last_ms);
  assert.equal(Object.keys(health).length, 1, 'no other site reported a failure');
  await page.close();
  await panel.close();
}));
