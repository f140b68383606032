// From focusing a reply box to the author's timeline shown in the panel, against a local
// `tact serve --demo` (release build) holding 100,000 mentions across 20,000 authors (seeded
// through the API, skewed like benches/history.rs: everyone once, then mostly the first
// authors). The X fixture is served at x.com; each round focuses one comment's reply box,
// then the other's, and times each from the focus (in the page) to the panel showing that
// author's earlier mentions (in the panel), both on the machine's clock.
// Run by `./build.sh bench`; prints `bench history ...` lines. Budget (design.md): under 150 ms.

import { launchBrowser, selfSignedCertificate, serveFixtures, startServer } from '../lib/harness.mjs';

const MENTIONS = 100_000;
const AUTHORS = 20_000;
const CONCURRENCY = 16;
const ROUNDS = 20;
const DAY_MS = 86_400_000;
const CASES = [
  { box: '#dialog-reply [contenteditable]', key: 'x:handle:alice_m', handle: 'alice_m', name: 'Alice Martin' },
  { box: '#focal-reply [contenteditable]', key: 'x:handle:brandco', handle: 'brandco', name: 'Brand Co' },
];

async function api(server, path, { token, method = 'GET', body } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server}/api/v1${path}`, { method, headers, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A repeatable pseudo-random sequence (the same seed as benches/history.rs's). */
function lcg(seed) {
  let state = BigInt(seed);
  return () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number(state >> 11n) / 2 ** 53;
  };
}

function capture(n, author, seenMs) {
  const [handle, name] = author < 0 ? [CASES[-author - 1].handle, CASES[-author - 1].name] : [`author_${author}`, `Author Number ${author}`];
  return {
    network: 'x',
    author: { name, handle, profile_url: `https://x.com/${handle}` },
    text: `Bonjour, ma commande ${n} n'est toujours pas arrivée et le suivi du colis ne bouge plus depuis une semaine. Que se passe-t-il ?`,
    permalink: `https://x.com/${handle}/status/b${n}`,
    seen_ms: seenMs,
  };
}

async function seed(server) {
  const token = (await api(server, '/session', { method: 'POST', body: { email: 'manager@demo.tact', password: 'tact-demo' } })).token;
  const random = lcg(42);
  const now = Date.now();
  const bodies = [];
  for (let n = 0; n < MENTIONS; n += 1) {
    // The two fixture authors get a hundred mentions each, like a regular correspondent.
    const author = n < 200 ? -(n % 2) - 1 : n < AUTHORS + 200 ? n - 200 : Math.floor(random() ** 3 * AUTHORS) % AUTHORS;
    bodies.push(capture(n, author, now - Math.floor(random() * 300) * DAY_MS - Math.floor(random() * DAY_MS)));
  }
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      await api(server, '/history/mentions', { token, method: 'POST', body });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  for (const { key } of CASES) {
    const author = `/history/authors/${encodeURIComponent(key)}`;
    await api(server, `${author}/tags`, { token, method: 'POST', body: { tag: 'vip' } });
    await api(server, `${author}/notes`, { token, method: 'POST', body: { body: 'Prefers e-mail.' } });
  }
}

/** Focuses `box` in the page and resolves to the time (ms since the epoch) of the focus. */
async function focusAt(page, box) {
  return page.evaluate((selector) => {
    const editor = document.querySelector(selector);
    editor.blur();
    const at = performance.timeOrigin + performance.now();
    editor.focus();
    return at;
  }, box);
}

/** Starts watching the panel for the timeline of `key` (its earlier mentions drawn). */
async function watchFor(panel, key) {
  await panel.evaluate((authorKey) => {
    window.benchShown = new Promise((resolve, reject) => {
      const shown = () => document.querySelector(`[data-testid=history][data-author-key="${authorKey}"] [data-testid=history-mentions] li`);
      const observer = new MutationObserver(() => {
        if (shown()) { observer.disconnect(); resolve(performance.timeOrigin + performance.now()); }
      });
      observer.observe(document.body, { childList: true, subtree: true });
      setTimeout(() => { observer.disconnect(); reject(new Error(`no timeline for ${authorKey} within 10 s`)); }, 10_000);
    });
  }, key);
  return () => panel.evaluate(() => window.benchShown);
}

const server = await startServer({ args: ['--demo'], env: { RUST_LOG: 'warn' } });
const fixtures = await serveFixtures({ tls: await selfSignedCertificate() });
try {
  const seededAt = performance.now();
  await seed(server.url);
  console.log(`bench history: seeded ${MENTIONS} mentions of ${AUTHORS} authors through the API in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`);
  const browser = await launchBrowser({ hostMap: { hosts: ['x.com'], port: fixtures.port } });
  try {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('server-address').fill(server.url);
    await options.getByTestId('signin-email').fill('agent@demo.tact');
    await options.getByTestId('signin-password').fill('tact-demo');
    await options.getByTestId('signin-password').press('Enter');
    await options.getByTestId('account-who').filter({ hasText: 'Signed in as' }).waitFor();
    const panel = await browser.context.newPage();
    await panel.goto(browser.panelUrl());
    const page = await browser.context.newPage();
    await page.goto('https://x.com/sites/x.html');
    await page.locator(CASES[0].box).waitFor();
    const times = [];
    for (let round = -2; round < ROUNDS; round += 1) { // Two rounds to warm up, not counted.
      for (const { box, key } of CASES) {
        const shown = await watchFor(panel, key);
        const focused = await focusAt(page, box);
        const took = (await shown()) - focused;
        if (round >= 0) times.push(took);
      }
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(0);
    console.log(`bench history, reply box focused to timeline shown in the panel (${MENTIONS} mentions, ${AUTHORS} authors, SQLite): median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms over ${times.length} (budget 150 ms)`);
  } catch (error) {
    console.error(browser.console());
    throw error;
  } finally {
    await browser.close();
  }
} finally {
  await fixtures.close();
  await server.cleanup();
}
