// The core in wasm, in Chromium: search as you type over 10,000 templates, reply rendering, and
// guideline checks of a 2,000-character draft against 1,000 rules: the checks of the first
// second after the rules compile (V8 still swapping baseline code for optimised code) apart
// from the 2,100 checks that follow (the steady state, which the budget is about).
// Run by `./build.sh bench` (which builds target/wasm-bench with the `bench` feature).
// Prints one line per measure: `bench NAME: p50=… ms p99=… ms (n=…)`.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(process.env.TACT_WASM_BENCH ?? 'target/wasm-bench');
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
// Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
const server = createServer(async (request, response) => {
  const name = new URL(request.url, 'http://x').pathname.slice(1) || 'index.html';
  if (name === 'index.html') return response.writeHead(200, { ...isolated, 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
  try {
    const body = await readFile(join(root, name.replace(/[^\w.-]/g, '')));
    response.writeHead(200, { ...isolated, 'content-type': types[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(body);
  } catch { response.writeHead(404).end(); }
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  headless: false,
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/index.html`);
  const results = await page.evaluate(async (base) => {
    const wasm = await import(`${base}/tact.js`);
    await wasm.default({ module_or_path: `${base}/tact_bg.wasm` });
    const search = Array.from(wasm.bench_search(10_000, 5));
    const render = Array.from(wasm.bench_render(2_000));
    const guidelines = Array.from(wasm.bench_guidelines(1_000, 2_000, 1_000, 700));
    const warmUpCount = guidelines[1];
    return {
      build: search[0], search: search.slice(1), render, guidelinesCompile: guidelines[0],
      guidelinesWarmUp: guidelines.slice(2, 2 + warmUpCount), guidelines: guidelines.slice(2 + warmUpCount),
    };
  }, base);
  const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  };
  const line = (name, values) => console.log(
    `bench ${name}: p50=${percentile(values, 50).toFixed(3)} ms p99=${percentile(values, 99).toFixed(3)} ms max=${Math.max(...values).toFixed(3)} ms (n=${values.length})`);
  console.log(`bench wasm search index build, 10,000 templates: ${results.build.toFixed(1)} ms`);
  line('wasm search per keystroke, 10,000 templates', results.search);
  line('wasm render one reply (parse + render + measure)', results.render);
  console.log(`bench wasm guidelines compile, 1,000 rules: ${results.guidelinesCompile.toFixed(1)} ms`);
  line('wasm guidelines check, 2,000-character draft, 1,000 rules, first 300 checks after compiling', results.guidelinesWarmUp.slice(0, 300));
  line('wasm guidelines check, 2,000-character draft, 1,000 rules, the whole first second', results.guidelinesWarmUp);
  line('wasm guidelines check, 2,000-character draft, 1,000 rules, steady state (after that second)', results.guidelines);
} finally {
  await browser.close();
  server.close();
}
