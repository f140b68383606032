// Mention history in the browser, against a real `tact serve --demo` and the site fixtures
// served at the sites' real hostnames: a comment opened is recorded once per permalink across
// reloads and two teammates' profiles; a network the team does not record is not; the panel
// shows the author's timeline with a teammate's mention, tag and note; and the collision is
// live between two browser profiles ("X is replying" appears in the other's panel and goes).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, launchBrowser, selfSignedCertificate, serveFixtures, sleep, startServer } from './lib/harness.mjs';
import { api as serverApi, apiToken as serverToken } from './lib/api.mjs';

const PASSWORD = 'tact-demo';
const HOSTS = ['x.com', 'www.reddit.com', 'www.youtube.com'];
const X_PAGE = 'https://x.com/sites/x.html';
const REDDIT_PAGE = 'https://www.reddit.com/sites/reddit.html';
const ALICE = { box: '#dialog-reply [contenteditable]', permalink: 'https://x.com/alice_m/status/101', key: 'x:handle:alice_m' };
const BRAND = { box: '#focal-reply [contenteditable]', permalink: 'https://x.com/brandco/status/100' };
// Reddit's editor is in the composer's shadow root: the page's active element is the composer.
const REDDIT_ALICE = { box: '#reply-alice [contenteditable]', focused: '#reply-alice', permalink: 'https://www.reddit.com/r/brand/comments/abc/comment/c1/' };

let fixtures;
let server;

before(async () => {
  fixtures = await serveFixtures({ tls: await selfSignedCertificate() });
  server = await startServer({ args: ['--demo'] });
});

after(async () => {
  await server?.cleanup();
  await fixtures?.close();
});

// ------------------------------------------------------------------------------ the server's side

/** The API of this file's server (see `lib/api.mjs`). */
const api = (path, options) => serverApi(server.url, path, options);
const apiToken = (email) => serverToken(server.url, email);

/** Every mention the team holds for `permalink` (through the team's search, exact link). */
async function mentionsOf(token, permalink) {
  const { status, body } = await api('/history/search?scope=mentions&limit=100', { token });
  assert.equal(status, 200, JSON.stringify(body));
  return body.mentions.filter((hit) => hit.mention.permalink === permalink);
}

// ------------------------------------------------------------------------------ the browser's side

/** Runs `body` with fresh browsers (one per name), printing consoles and the log on failure. */
async function withBrowsers(names, body) {
  const browsers = {};
  try {
    for (const name of names) browsers[name] = await launchBrowser({ hostMap: { hosts: HOSTS, port: fixtures.port } });
    await body(browsers);
  } catch (error) {
    for (const [name, browser] of Object.entries(browsers)) console.error(`--- ${name}'s console ---\n${browser.console()}`);
    console.error(`--- tact serve log ---\n${server.log()}`);
    throw error;
  } finally {
    for (const browser of Object.values(browsers)) await browser.close();
  }
}

async function signIn(browser, email) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.getByTestId('server-address').fill(server.url);
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(PASSWORD);
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('account-who').filter({ hasText: 'Signed in as' }).waitFor();
  await page.close();
}

async function openPanel(browser) {
  const panel = await browser.context.newPage();
  await panel.goto(browser.panelUrl());
  await panel.locator('#context[aria-busy="false"]').waitFor();
  return panel;
}

/** Opens a fixture and focuses a reply box (the agent reports the comment). */
async function focusReplyBox(browser, url, { box, focused }, page) {
  const tab = page ?? await browser.context.newPage();
  if (!page) await tab.goto(url);
  await tab.locator(box).click();
  await tab.waitForFunction((selector) => document.activeElement?.closest(selector), focused ?? box);
  return tab;
}

/** The worker's queue of captures for the signed-in member, as stored on disk. */
async function waitingCaptures(browser) {
  return browser.worker.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    const key = Object.keys(all).find((name) => name.startsWith('history.captures.'));
    return key ? JSON.parse(all[key]).waiting.length : 0;
  });
}

// ------------------------------------------------------------------------------ the tests

test('a comment opened is recorded once per permalink across reloads and two teammates', async () => {
  const manager = await apiToken('manager@demo.tact');
  await withBrowsers(['agent', 'intern'], async ({ agent, intern }) => {
    await signIn(agent, 'agent@demo.tact');
    await signIn(intern, 'intern@demo.tact');
    const page = await focusReplyBox(agent, X_PAGE, ALICE);
    const [recorded] = await eventually(async () => (await mentionsOf(manager, ALICE.permalink)).length === 1 && mentionsOf(manager, ALICE.permalink),
      { what: 'the mention recorded' });
    assert.equal(recorded.author.key, ALICE.key);
    assert.equal(recorded.author.name, 'Alice Martin');
    assert.equal(recorded.mention.network, 'x');
    for (let reload = 0; reload < 2; reload += 1) {
      await page.reload();
      await focusReplyBox(agent, X_PAGE, ALICE, page);
    }
    await focusReplyBox(intern, X_PAGE, ALICE);
    await eventually(async () => (await waitingCaptures(intern)) === 0 && (await waitingCaptures(agent)) === 0,
      { what: 'both queues empty' });
    await sleep(500);
    const mentions = await mentionsOf(manager, ALICE.permalink);
    assert.equal(mentions.length, 1, 'one mention for the permalink, whoever opened it and however often');
    assert.equal(mentions[0].mention.id, recorded.mention.id);
  });
});

test('a network the team does not record is not recorded, and one it records still is', async () => {
  const manager = await apiToken('manager@demo.tact');
  const everything = (await api('/history/settings', { token: manager })).body;
  const withoutReddit = everything.captured_networks.filter((network) => network !== 'reddit');
  const { status } = await api('/history/settings', { token: manager, method: 'PUT',
    body: { captured_networks: withoutReddit, retention_days: everything.retention_days } });
  assert.equal(status, 200);
  try {
    await withBrowsers(['agent'], async ({ agent }) => {
      await signIn(agent, 'agent@demo.tact');
      await focusReplyBox(agent, REDDIT_PAGE, REDDIT_ALICE);
      await focusReplyBox(agent, X_PAGE, BRAND);
      await eventually(async () => (await mentionsOf(manager, BRAND.permalink)).length === 1, { what: 'the X comment recorded' });
      await eventually(async () => (await waitingCaptures(agent)) === 0, { what: 'nothing left waiting' });
      assert.deepEqual(await mentionsOf(manager, REDDIT_ALICE.permalink), [], 'the Reddit comment is not recorded');
    });
  } finally {
    await api('/history/settings', { token: manager, method: 'PUT',
      body: { captured_networks: everything.captured_networks, retention_days: everything.retention_days } });
  }
});

test('the panel shows the author’s timeline with a teammate’s mention, reply, tag and note, and adds its own', async () => {
  const agentToken = await apiToken('agent@demo.tact');
  const older = { network: 'x', author: { name: 'Alice Martin', handle: '@alice_m', profile_url: '' },
    text: 'My order never arrived, third time I write.', permalink: 'https://x.com/alice_m/status/42', seen_ms: Date.now() - 3 * 86_400_000 };
  assert.ok([200, 201].includes((await api('/history/mentions', { token: agentToken, method: 'POST', body: older })).status));
  const author = `/history/authors/${encodeURIComponent(ALICE.key)}`;
  assert.equal((await api(`${author}/tags`, { token: agentToken, method: 'POST', body: { tag: 'open complaint' } })).status, 200);
  assert.ok([200, 201].includes((await api(`${author}/notes`, { token: agentToken, method: 'POST', body: { body: 'Refund promised by Alice.' } })).status));
  // A teammate's reply to this very comment: their extension recorded the comment when they
  // focused its reply box, and the submit guard recorded the reply when they posted it.
  const seen = { ...older, text: 'Still waiting for my parcel.', permalink: ALICE.permalink, seen_ms: Date.now() - 600_000 };
  assert.ok([200, 201].includes((await api('/history/mentions', { token: agentToken, method: 'POST', body: seen })).status));
  const reply = { id: `e2e-reply-${Date.now()}`, text: 'So sorry, Alice: a new parcel left today.', platform: 'x',
    permalink: ALICE.permalink, author: { name: 'Alice Martin', handle: '@alice_m' }, findings: [], posted_ms: Date.now() };
  const published = await api('/published', { token: agentToken, method: 'POST', body: reply });
  assert.ok([200, 201].includes(published.status), `the reply recorded (${published.status})`);
  await withBrowsers(['manager'], async ({ manager }) => {
    await signIn(manager, 'manager@demo.tact');
    const panel = await openPanel(manager);
    await focusReplyBox(manager, X_PAGE, ALICE);
    const history = panel.getByTestId('history');
    await history.getByTestId('history-mentions').filter({ hasText: 'My order never arrived' }).waitFor();
    assert.match(await history.getByTestId('history-summary').innerText(), /\d+ mentions/);
    await history.getByTestId('history-tags').filter({ hasText: 'open complaint' }).waitFor();
    await history.getByTestId('history-notes').filter({ hasText: 'Refund promised by Alice.' }).waitFor();
    assert.match(await history.getByTestId('history-notes').innerText(), /Alice Agent/, 'who wrote the note');
    await history.getByTestId('history-replies').filter({ hasText: 'Alice Agent' }).waitFor();
    await panel.getByTestId('collision').filter({ hasText: /answered (just now|\d+ minutes ago) by Alice Agent/ }).waitFor();

    await history.getByTestId('history-tag-input').fill('journalist');
    await history.getByTestId('history-tag-input').press('Enter');
    await history.getByTestId('history-tags').filter({ hasText: 'journalist' }).waitFor();
    await history.locator('[data-tag="open-complaint"] button').click();
    await eventually(async () => !(await history.getByTestId('history-tags').innerText()).includes('open complaint'), { what: 'the tag removed' });
    await history.getByTestId('history-note-input').fill('Called her back.');
    await history.locator('.history-note button').click();
    await history.getByTestId('history-notes').filter({ hasText: 'Called her back.' }).waitFor();
    const stored = (await api(author, { token: agentToken })).body;
    assert.deepEqual(stored.tags.map((tag) => tag.tag), ['journalist']);
    assert.ok(stored.notes.some((note) => note.body === 'Called her back.' && note.written_by_name === 'Marc Manager'));
  });
});

test('the panel says it is offline and shows nothing stale when the server does not answer', async () => {
  const own = await startServer({ args: ['--demo'] });
  const keep = server;
  server = own;
  try {
    await withBrowsers(['agent'], async ({ agent }) => {
      await signIn(agent, 'agent@demo.tact');
      const panel = await openPanel(agent);
      const page = await focusReplyBox(agent, X_PAGE, ALICE);
      await panel.getByTestId('history-summary').waitFor();
      await own.stop();
      await page.locator(BRAND.box).click();
      await panel.getByTestId('history-notice').filter({ hasText: 'Offline' }).waitFor();
      assert.equal(await panel.getByTestId('history-mentions').count(), 0, 'no timeline left on screen');
    });
  } finally {
    server = keep;
    await own.cleanup();
  }
});

test('a teammate replying shows live in the other profile’s panel and goes away when they leave', async () => {
  // A comment no other test opens (presence left by a closed browser lasts its 60 s).
  const CHRIS = { box: '#added-reply' };
  const openChris = async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(X_PAGE);
    await page.evaluate(() => window.addComment());
    return focusReplyBox(browser, X_PAGE, CHRIS, page);
  };
  await withBrowsers(['marie', 'paul'], async ({ marie, paul }) => {
    await signIn(marie, 'agent@demo.tact');
    await signIn(paul, 'manager@demo.tact');
    const panel = await openPanel(paul);
    await openChris(paul);
    await panel.locator('[data-testid=history][data-author-key="x:handle:chris_d"]').waitFor();
    const collision = panel.getByTestId('collision');
    assert.equal(await collision.innerText(), '', 'nobody else on the comment yet (oneself is not shown)');
    const page = await openChris(marie);
    await collision.filter({ hasText: 'Alice Agent is replying' }).waitFor({ timeout: 10_000 });
    await page.locator(BRAND.box).click(); // Marie moves to another comment's box.
    await eventually(async () => (await collision.innerText()) === '', { timeout: 10_000, what: 'the collision gone' });
  });
});
