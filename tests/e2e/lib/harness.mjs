// The e2e harness: a real `tact serve`, a static server for fixture pages, and Debian's
// Chromium with the built extension loaded. Every process it starts is stopped by `close()`,
// and a failing test prints the browser console and the server log.

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer, connect as tcpConnect } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const E2E_ROOT = resolve(here, '..');
const TACT_BIN = process.env.TACT_BIN ?? resolve(E2E_ROOT, '../../target/debug/tact');
const TACT_DIST = process.env.TACT_DIST ?? resolve(E2E_ROOT, '../../dist/chrome');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.map': 'application/json',
};

/**
 * Starts `tact serve` on a free loopback port with a temporary SQLite database; with `listen`
 * (`127.0.0.1:PORT`) and `dataDir`, on that address and that database (a restart).
 */
export async function startServer({ args = [], env = {}, listen = '127.0.0.1:0', dataDir: reused } = {}) {
  const dataDir = reused ?? await mkdtemp(join(tmpdir(), 'tact-e2e-db-'));
  const db = `sqlite://${join(dataDir, 'tact.db')}`;
  const child = spawn(TACT_BIN, ['serve', '--listen', listen, '--db', db, ...args], {
    env: { ...process.env, RUST_LOG: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  const collect = (chunk) => log.push(chunk.toString());
  child.stderr.on('data', collect);
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`tact serve did not start in 20 s:\n${log.join('')}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      collect(chunk);
      const found = /listening on (http:\/\/[\d.]+:\d+)/.exec(log.join(''));
      if (found) { clearTimeout(timer); resolveUrl(found[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`tact serve exited with ${code}:\n${log.join('')}`)); });
  });
  return {
    url, dataDir, db, child,
    log: () => log.join(''),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill(signal);
        await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
      }
    },
    async cleanup() { await this.stop(); await rm(dataDir, { recursive: true, force: true }); },
  };
}

/**
 * A TCP link to the server at `targetUrl`, on its own loopback port: `cut()` drops every
 * connection and refuses new ones (the client is offline, the server still runs), `restore()`
 * lets them through again.
 */
export async function cuttableLink(targetUrl) {
  const { hostname, port } = new URL(targetUrl);
  const sockets = new Set();
  let cut = false;
  const link = createTcpServer((client) => {
    if (cut) { client.destroy(); return; }
    const upstream = tcpConnect(Number(port), hostname);
    const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((done) => link.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${link.address().port}`,
    cut() { cut = true; for (const socket of sockets) socket.destroy(); sockets.clear(); },
    restore() { cut = false; },
    close() { this.cut(); return new Promise((done) => link.close(done)); },
  };
}

/**
 * Serves `tests/e2e/<dir>` (fixtures and the editor libraries in node_modules) on a free port;
 * over TLS when given `{ tls: { key, cert } }` (see `selfSignedCertificate`), for pages served
 * at a site's real hostname through `launchBrowser({ hostMap })`.
 */
export async function serveFixtures({ tls } = {}) {
  const make = tls ? (handler) => createHttpsServer(tls, handler) : createServer;
  const server = make(async (request, response) => {
    const pathname = new URL(request.url, 'http://x').pathname;
    // `/slow/MS.js`: an empty script answered after MS milliseconds. A page that loads one at its
    // end stays parsing (no DOMContentLoaded, so no document_idle content script) meanwhile.
    const slow = /^\/slow\/(\d{1,5})\.js$/.exec(pathname);
    if (slow) {
      setTimeout(() => response.writeHead(200, { 'content-type': 'text/javascript' }).end('// slow'), Number(slow[1]));
      return;
    }
    const path = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(E2E_ROOT, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(E2E_ROOT)) { response.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, port,
    close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }),
  };
}

/** A throwaway self-signed certificate for the TLS fixture server (made with openssl). */
export async function selfSignedCertificate() {
  const dir = await mkdtemp(join(tmpdir(), 'tact-e2e-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=tact-fixtures',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const tls = { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) };
  await rm(dir, { recursive: true, force: true });
  return tls;
}

/**
 * Launches Chromium with the built extension, in a fresh profile. `hostMap: { hosts, port }`
 * resolves each of `hosts` (x.com, www.linkedin.com...) to 127.0.0.1:`port` and accepts the
 * fixture server's self-signed certificate, so fixtures load at the sites' real hostnames.
 */
export async function launchBrowser({ profileDir, hostMap } = {}) {
  const userDataDir = profileDir ?? await mkdtemp(join(tmpdir(), 'tact-e2e-profile-'));
  const mapArgs = hostMap
    ? [`--host-resolver-rules=${hostMap.hosts.map((host) => `MAP ${host} 127.0.0.1:${hostMap.port}`).join(', ')}`]
    : [];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: the old headless mode cannot load extensions.
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
      `--disable-extensions-except=${TACT_DIST}`, `--load-extension=${TACT_DIST}`,
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
      ...mapArgs,
    ],
    ignoreHTTPSErrors: Boolean(hostMap),
    viewport: { width: 1200, height: 900 },
  });
  const consoleLines = [];
  const watch = (page, label) => {
    page.on('console', (message) => consoleLines.push(`[${label}] ${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`[${label}] pageerror: ${error.message}`));
  };
  context.on('page', (page) => watch(page, 'page'));
  let worker = context.serviceWorkers()[0];
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15_000 });
  worker.on('console', (message) => consoleLines.push(`[background] ${message.type()}: ${message.text()}`));
  const extensionId = new URL(worker.url()).host;
  return {
    context, extensionId, worker, userDataDir,
    console: () => consoleLines.join('\n'),
    panelUrl: (query = '') => `chrome-extension://${extensionId}/panel.html${query}`,
    async close({ keepProfile = false } = {}) {
      await context.close().catch(() => {});
      if (!keepProfile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `body` with a browser, a fixture server and a tact server, then stops all three.
 * On failure, prints the browser console and the server log before rethrowing.
 */
export async function withTact(body, { server: serverOptions } = {}) {
  const fixtures = await serveFixtures();
  const server = await startServer(serverOptions);
  let browser;
  try {
    browser = await launchBrowser();
    await body({ browser, fixtures, server });
  } catch (error) {
    console.error('--- browser console ---\n' + (browser?.console() ?? '(browser did not start)'));
    console.error('--- tact serve log ---\n' + server.log());
    throw error;
  } finally {
    await browser?.close();
    await server.cleanup();
    await fixtures.close();
  }
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` every 200 ms until it answers something truthy (returned), or fails after `timeout`. */
export async function eventually(check, { timeout = 20_000, what = 'the condition' } = {}) {
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    last = await check();
    if (last) return last;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
