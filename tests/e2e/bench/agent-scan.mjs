// The agent's cost on a page, in Chromium with the built extension (TACT_DIST):
// - the initial scan of an X conversation of 2,000 tweets (served at x.com, so the X descriptor
//   is in force), from the agent's `tact:scan:start` / `tact:scan:end` performance marks;
// - each batch of 50 tweets added later (infinite scroll, 50 separate appends in one task), from
//   the `tact:batch:*` marks the agent records when the page's root has `data-tact-measure`;
// - the script time the extension adds on a page with nothing to match: CDP's ScriptDuration
//   with the extension minus without it (loading and starting the agent's wasm included).
// The Performance timeline is shared between the page and the content script's world, so the
// page reads the agent's marks. Prints one line per measure with p50/p99 over the runs.
// Budgets (issue 4): initial < 50 ms, batch of 50 < 2 ms, no-match page < 5 ms.

import { createServer } from 'node:https';
import { chromium } from 'playwright-core';
import { launchBrowser, selfSignedCertificate, sleep } from '../lib/harness.mjs';

const RUNS = Number(process.env.TACT_BENCH_RUNS ?? 9);
const BATCHES = 20;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const tweet = (index) => `<div data-testid="cellInnerDiv"><article data-testid="tweet" role="article">
  <div data-testid="User-Name"><div><a href="/user${index}" role="link"><span>User ${index}</span></a></div>
  <div><a href="/user${index}" role="link"><span>@user${index}</span></a>
  <a href="/user${index}/status/${index}" role="link"><time datetime="2026-11-20T10:00:00.000Z">1h</time></a></div></div>
  <div data-testid="tweetText" lang="en"><span>Reply number ${index}, with a few words of text.</span></div>
  <div role="group"><button data-testid="reply">Reply</button><button data-testid="like">Like</button></div></article></div>`;

const conversation = `<!doctype html><html data-tact-measure><head><meta charset="utf-8"><title>bench</title></head><body>
<main role="main"><div aria-label="Timeline: Conversation" id="timeline">${tweet(0)}
<div data-testid="cellInnerDiv"><div contenteditable="true" data-testid="tweetTextarea_0" style="min-height:40px"></div></div>
${Array.from({ length: 1999 }, (_, index) => tweet(index + 1)).join('\n')}</div></main>
<script>window.addTweets = (from, count) => {
  const timeline = document.getElementById('timeline');
  for (let i = 0; i < count; i += 1) {
    const cell = document.createElement('div');
    cell.innerHTML = ${JSON.stringify(tweet('N'))}.replaceAll('N', String(from + i));
    timeline.append(cell.firstElementChild);
  }
};</script></body></html>`;

const nothing = `<!doctype html><html><head><meta charset="utf-8"><title>About</title></head><body>
<h1>About Brand Co</h1>${'<p>We make things in Lyon since 1998. <a href="/shop">Shop</a></p>'.repeat(200)}</body></html>`;

const tls = await selfSignedCertificate();
const server = createServer(tls, (request, response) => {
  const page = request.url.startsWith('/conversation') ? conversation : request.url.startsWith('/nothing') ? nothing : null;
  if (!page) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const port = server.address().port;
const hostMap = { hosts: ['x.com', 'about.example'], port };

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const line = (name, values, budget) => console.log(`bench agent-scan: ${name} p50=${percentile(values, 50).toFixed(3)} ms `
  + `p99=${percentile(values, 99).toFixed(3)} ms (n=${values.length}, budget ${budget} ms)`);

/** Durations (ms) between each `${name}:start` mark and the `${name}:end` mark after it. */
const markDurations = (page, name) => page.evaluate((name) => {
  const starts = performance.getEntriesByName(`${name}:start`);
  const ends = performance.getEntriesByName(`${name}:end`);
  return starts.map((start, index) => (ends[index]?.startTime ?? NaN) - start.startTime);
}, name);

/** The page's script time (ms) once it has loaded and the agent had time to start. */
async function scriptTime(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  await sleep(700);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await page.close();
  return 1000 * metrics.find((metric) => metric.name === 'ScriptDuration').value;
}

const browser = await launchBrowser({ hostMap });
const plain = await chromium.launch({
  executablePath: CHROMIUM, headless: false,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP about.example 127.0.0.1:${port}`],
});
const plainContext = await plain.newContext({ ignoreHTTPSErrors: true });
try {
  const initial = [];
  const batches = [];
  for (let run = 0; run < RUNS; run += 1) {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/conversation');
    await page.waitForFunction(() => performance.getEntriesByName('tact:scan:end').length === 1, null, { timeout: 20_000 });
    initial.push(...await markDurations(page, 'tact:scan'));
    assert(await page.locator('tact-overlay button').count() === 1, 'one launcher on the conversation');
    if (run < 3) {
      for (let batch = 0; batch < BATCHES; batch += 1) {
        await page.evaluate((from) => window.addTweets(from, 50), 10_000 + batch * 50);
        await page.waitForFunction((count) => performance.getEntriesByName('tact:batch:end').length >= count, batch + 1);
      }
      batches.push(...await markDurations(page, 'tact:batch'));
    }
    await page.close();
  }
  const withAgent = [];
  const without = [];
  const noMatchScan = [];
  for (let run = 0; run < RUNS; run += 1) {
    withAgent.push(await scriptTime(browser.context, 'https://about.example/nothing'));
    without.push(await scriptTime(plainContext, 'https://about.example/nothing'));
  }
  const page = await browser.context.newPage();
  for (let run = 0; run < RUNS; run += 1) {
    await page.goto('https://about.example/nothing');
    await page.waitForFunction(() => performance.getEntriesByName('tact:scan:end').length === 1, null, { timeout: 20_000 });
    noMatchScan.push(...await markDurations(page, 'tact:scan'));
    assert(await page.locator('tact-overlay').count() === 0, 'no overlay on a page with nothing to match');
  }
  line('initial 2000 comments', initial, 50);
  line('batch of 50 added comments', batches, 2);
  line('no-match page, agent scan', noMatchScan, 5);
  const added = withAgent.map((value, index) => value - without[index]);
  line('no-match page, added script time (CDP ScriptDuration, with wasm load)', added, 5);
} finally {
  await browser.close();
  await plain.close();
  server.close();
}

function assert(condition, message) {
  if (!condition) throw new Error(`bench agent-scan: ${message}`);
}
