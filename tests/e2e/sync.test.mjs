// Team sync in the browser, against a real `tact serve --demo`: sign-in through the options
// page, a manager's edit reaching an agent's open panel, offline edits that arrive once after
// the server comes back (stopped with SIGTERM, then SIGKILL), a queued edit surviving a browser
// restart, the three ways out of a conflict, and sign-in errors in words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuttableLink, eventually as eventuallyWithin, launchBrowser, sleep, startServer } from './lib/harness.mjs';
import { api, apiToken } from './lib/api.mjs';

const PASSWORD = 'tact-demo';

// ------------------------------------------------------------------------------ the server's side

/** Every document of `collection` the member of `token` can see, by id, as the server holds it. */
async function serverDocs(server, token, collection) {
  const docs = new Map();
  let since = 0;
  for (;;) {
    const { body } = await api(server, `/sync?since=${since}&limit=5000`, { token });
    for (const change of body.changes) {
      if (change.entity.collection === collection) docs.set(change.entity.id, change);
    }
    since = body.cursor;
    if (!body.has_more) return docs;
  }
}

/** Sync rounds can take a while on a loaded machine: 30 s unless told. */
const eventually = (check, options = {}) => eventuallyWithin(check, { timeout: 30_000, ...options });

/** The one document of `collection` whose shortcut is `shortcut`, once it is on the server. */
async function docByShortcut(server, token, collection, shortcut, { version, text } = {}) {
  return eventually(async () => {
    const matches = [...(await serverDocs(server, token, collection)).values()].filter((doc) => !doc.deleted && doc.payload.shortcut === shortcut);
    assert.ok(matches.length <= 1, `one document with the shortcut ${shortcut}: ${matches.length}`);
    const doc = matches[0];
    if (!doc) return null;
    if (version !== undefined && doc.version !== version) return null;
    if (text !== undefined && !doc.payload.variants.some((variant) => variant.body.includes(text))) return null;
    return doc;
  }, { what: `${shortcut} on the server${version ? ` at version ${version}` : ''}` });
}

// ------------------------------------------------------------------------------ the browser's side

/** Runs `body` with fresh browsers (one per name), printing consoles and the log on failure. */
async function withBrowsers(names, server, body, { keep = [] } = {}) {
  const browsers = {};
  try {
    for (const name of names) browsers[name] = await launchBrowser();
    await body(browsers);
  } catch (error) {
    for (const [name, browser] of Object.entries(browsers)) console.error(`--- ${name}'s console ---\n${browser.console()}`);
    console.error(`--- tact serve log ---\n${server.log()}`);
    throw error;
  } finally {
    for (const [name, browser] of Object.entries(browsers)) await browser.close({ keepProfile: keep.includes(name) });
  }
}

const optionsUrl = (browser) => `chrome-extension://${browser.extensionId}/options.html`;

/** Signs in through the options page and waits until the page says who is signed in. */
async function signIn(browser, server, email, password = PASSWORD) {
  const page = await browser.context.newPage();
  await page.goto(optionsUrl(browser));
  await page.getByTestId('server-address').fill(server);
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('account-who').filter({ hasText: `Signed in as` }).waitFor();
  return page;
}

async function openPanel(browser) {
  const panel = await browser.context.newPage();
  await panel.goto(browser.panelUrl());
  await panel.locator('#reply-results [role=option]').first().waitFor();
  return panel;
}

async function search(panel, text, title) {
  await panel.locator('#reply-search').fill(text);
  await panel.locator('#reply-results [role=option]').first().and(panel.locator(`[aria-label="${title}"]`)).waitFor();
}

async function saveEditor(panel, title) {
  await panel.getByTestId('editor-save').click();
  await panel.getByTestId('library-notice').filter({ hasText: `Saved “${title}”` }).waitFor();
}

async function newPersonalTemplate(panel, { title, shortcut, en }) {
  await panel.getByTestId('library-new').click();
  await panel.getByTestId('editor-title').fill(title);
  await panel.getByTestId('editor-shortcut').fill(shortcut);
  await panel.getByTestId('wording-en').fill(en);
  await saveEditor(panel, title);
}

async function editWording(panel, { search: text, title, en }) {
  await search(panel, text, title);
  await panel.getByTestId('library-edit').click();
  await panel.getByTestId('wording-en').fill(en);
  await saveEditor(panel, title);
}

const bannerLine = (panel) => panel.getByTestId('sync-line');

// ------------------------------------------------------------------------------ the tests

test('a manager edits a team template and the agent’s open panel shows it within 3 seconds', async (t) => {
  const server = await startServer({ args: ['--demo'] });
  try {
    await withBrowsers(['manager', 'agent'], server, async ({ manager, agent }) => {
      const agentOptions = await signIn(agent, server.url, 'agent@demo.tact');
      await agentOptions.getByTestId('account-role').filter({ hasText: 'Agent in Demo Brand' }).waitFor();
      await signIn(manager, server.url, 'manager@demo.tact');
      const agentPanel = await openPanel(agent);
      const title = 'Merci pour votre message · Thanks for reaching out';
      await search(agentPanel, 'merci pour votre message', title);
      assert.match(await agentPanel.getByTestId('reply-preview').innerText(), /thanks for reaching out/i, 'the team library, seeded by --demo');
      await eventually(async () => /live channel opened.*demo-agent|demo-agent.*live channel opened/.test(server.log()), { what: 'the agent’s live channel' });

      // What the agent's extension keeps for the rest of the extension: the member and role.
      const me = await agentPanel.evaluate(async () => JSON.parse((await chrome.storage.local.get('sync.me.v1'))['sync.me.v1']));
      assert.equal(me.member.role, 'agent');

      const managerPanel = await openPanel(manager);
      await search(managerPanel, 'merci pour votre message', title);
      await managerPanel.getByTestId('library-edit').click();
      const edited = 'Hi {{author.first_name | there}}, thank you so much for writing to us!';
      await managerPanel.getByTestId('wording-en').fill(edited);
      await managerPanel.getByTestId('editor-save').click();
      const savedAt = Date.now();
      await agentPanel.getByTestId('reply-preview').filter({ hasText: 'thank you so much for writing to us' }).waitFor({ timeout: 3_000 });
      const elapsed = Date.now() - savedAt;
      assert.ok(elapsed < 3_000, `seen after ${elapsed} ms`);
      t.diagnostic(`the agent's panel showed the manager's edit ${elapsed} ms after Save`);

      // The team template is read-only for the agent: Edit offers a personal copy.
      await agentPanel.getByTestId('library-edit').click();
      await agentPanel.getByTestId('team-duplicate').waitFor();

      // A manager shares a new template with the team; an agent cannot (the server refuses,
      // and the panel says why).
      await managerPanel.getByTestId('library-new').click();
      await managerPanel.getByTestId('editor-title').fill('Annonce équipe');
      await managerPanel.getByTestId('editor-shortcut').fill('annonce');
      await managerPanel.getByTestId('wording-en').fill('A reply for everyone.');
      await managerPanel.getByTestId('editor-team').check();
      await saveEditor(managerPanel, 'Annonce équipe');
      await search(agentPanel, 'annonce equipe', 'Annonce équipe');
      const agentToken = await apiToken(server.url, 'agent@demo.tact');
      assert.ok([...(await serverDocs(server.url, agentToken, 'team_templates')).values()].some((doc) => doc.payload.shortcut === 'annonce'));
      const teamFile = JSON.stringify({ format: 'tact-library', version: 1, templates: [
        { id: 'agent-team-try', title: 'Pas pour moi', shortcut: 'paspourmoi', scope: 'team', variants: [{ lang: 'en', body: 'Mine to share?' }] },
      ] });
      await agentPanel.locator('details.tools summary').first().click();
      await agentPanel.getByTestId('import-file').setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(teamFile) });
      await agentPanel.getByTestId('import').click();
      const rejection = agentPanel.getByTestId('rejection');
      await rejection.filter({ hasText: '“Pas pour moi” was not saved: your role does not allow this change.' }).waitFor({ timeout: 10_000 });
      await rejection.getByTestId('rejection-dismiss').click();
      await rejection.waitFor({ state: 'detached' });

      // A rule set the manager shares reaches the agent's `rules.team.v1` (the guidelines read it).
      const managerToken = await apiToken(server.url, 'manager@demo.tact');
      const rules = { name: 'House rules', rules: [{ id: 'no-promise', kind: 'forbidden', terms: ['guaranteed'] }] };
      const pushed = await api(server.url, '/sync', { token: managerToken, method: 'POST', body: { mutations: [
        { id: 1, client_id: 'e2e-manager-api', kind: 'put', entity: { collection: 'rule_sets', id: 'house-rules' }, base_version: 0, payload: rules },
      ] } });
      assert.equal(pushed.body.results[0].status, 'applied', JSON.stringify(pushed.body));
      const teamRules = await eventually(async () => {
        const stored = (await agentPanel.evaluate(() => chrome.storage.local.get('rules.team.v1')))['rules.team.v1'];
        return stored && JSON.parse(stored)['house-rules'];
      }, { timeout: 10_000, what: 'rules.team.v1' });
      assert.deepEqual(teamRules, rules);
    });
  } finally {
    await server.cleanup();
  }
});

test('an agent edits offline (server stopped by SIGTERM, then SIGKILL and the service worker stopped too), sees the banner, and each edit arrives once after the restart', async () => {
  let server = await startServer({ args: ['--demo'] });
  const listen = new URL(server.url).host;
  const dataDir = server.dataDir;
  const restart = async () => { server = await startServer({ args: ['--demo'], listen, dataDir }); };
  try {
    await withBrowsers(['agent'], server, async ({ agent }) => {
      await signIn(agent, server.url, 'agent@demo.tact');
      const panel = await openPanel(agent);
      await newPersonalTemplate(panel, { title: 'Suivi hors ligne', shortcut: 'horsligne', en: 'We are on it (v1).' });
      const token = await apiToken(server.url, 'agent@demo.tact');
      const created = await docByShortcut(server.url, token, 'personal_templates', 'horsligne', { version: 1 });

      for (const [signal, version] of [['SIGTERM', 2], ['SIGKILL', 3]]) {
        await server.stop(signal);
        await editWording(panel, { search: 'suivi hors ligne', title: 'Suivi hors ligne', en: `We are on it (after ${signal}).` });
        await bannerLine(panel).filter({ hasText: /Offline since \d\d:\d\d/ }).waitFor({ timeout: 20_000 });
        await bannerLine(panel).filter({ hasText: '1 change waiting' }).waitFor();
        if (signal === 'SIGKILL') {
          // The service worker is stopped too, as MV3 does to an idle one: the edit waits on disk.
          const cdp = await agent.context.newCDPSession(panel);
          const stopped = new Promise((done) => cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
            if (versions.some((version) => version.scriptURL.endsWith('/background.js') && version.runningStatus === 'stopped')) done();
          }));
          await cdp.send('ServiceWorker.enable');
          await cdp.send('ServiceWorker.stopAllWorkers');
          await Promise.race([stopped, sleep(10_000).then(() => { throw new Error('the service worker did not stop'); })]);
        }
        await restart();
        const token = await apiToken(server.url, 'agent@demo.tact');
        const arrived = await docByShortcut(server.url, token, 'personal_templates', 'horsligne', { version, text: `after ${signal}` });
        assert.equal(arrived.entity.id, created.entity.id);
        await panel.getByTestId('sync-banner').waitFor({ state: 'hidden', timeout: 20_000 });
        await sleep(1_500); // More rounds: nothing is sent again.
        const again = await docByShortcut(server.url, token, 'personal_templates', 'horsligne');
        assert.equal(again.version, version, `applied once after ${signal}`);
        assert.equal(await panel.getByTestId('conflict').count(), 0);
      }
    });
  } finally {
    await server.cleanup();
  }
});

test('a browser closed with a queued edit is relaunched, signed in again, and the edit arrives once', async () => {
  const server = await startServer({ args: ['--demo'] });
  const link = await cuttableLink(server.url);
  let profileDir;
  try {
    await withBrowsers(['agent'], server, async ({ agent }) => {
      profileDir = agent.userDataDir;
      await signIn(agent, link.url, 'agent@demo.tact');
      const panel = await openPanel(agent);
      await newPersonalTemplate(panel, { title: 'Réponse en attente', shortcut: 'attente', en: 'Queued (v1).' });
      const token = await apiToken(server.url, 'agent@demo.tact');
      await docByShortcut(server.url, token, 'personal_templates', 'attente', { version: 1 });
      const session = await panel.evaluate(async () => JSON.parse((await chrome.storage.session.get('sync.session.v1'))['sync.session.v1']));
      link.cut();
      await editWording(panel, { search: 'reponse en attente', title: 'Réponse en attente', en: 'Queued while offline (v2).' });
      await bannerLine(panel).filter({ hasText: '1 change waiting' }).waitFor({ timeout: 20_000 });
      const disk = await panel.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
      assert.ok(!disk.includes(session.token), 'the session token is never written to disk');
    }, { keep: ['agent'] });

    link.restore();
    const agent = await launchBrowser({ profileDir });
    try {
      const panel = await openPanel(agent);
      await bannerLine(panel).filter({ hasText: 'Signed out · 1 change waiting' }).waitFor();
      await panel.getByTestId('sync-sign-in').waitFor();
      await search(panel, 'reponse en attente', 'Réponse en attente');
      assert.match(await panel.getByTestId('reply-preview').innerText(), /Queued while offline/, 'the queued edit is still shown');
      await signIn(agent, link.url, 'agent@demo.tact');
      const token = await apiToken(server.url, 'agent@demo.tact');
      await docByShortcut(server.url, token, 'personal_templates', 'attente', { version: 2, text: 'Queued while offline' });
      await panel.getByTestId('sync-banner').waitFor({ state: 'hidden', timeout: 20_000 });
      await sleep(1_500);
      assert.equal((await docByShortcut(server.url, token, 'personal_templates', 'attente')).version, 2, 'arrived once');
    } catch (error) {
      console.error(`--- relaunched console ---\n${agent.console()}\n--- tact serve log ---\n${server.log()}`);
      throw error;
    } finally {
      await agent.close();
    }
  } finally {
    await link.close();
    await server.cleanup();
  }
});

test('a conflict offers keep theirs, keep mine and save mine as a copy, and each does what it says', async () => {
  const server = await startServer({ args: ['--demo'] });
  const link = await cuttableLink(server.url);
  try {
    await withBrowsers(['agent'], server, async ({ agent }) => {
      await signIn(agent, link.url, 'agent@demo.tact');
      const panel = await openPanel(agent);
      const names = { theirs: 'Garder la leur', mine: 'Garder la mienne', copy: 'Garder les deux' };
      for (const [key, title] of Object.entries(names)) {
        await newPersonalTemplate(panel, { title, shortcut: `c-${key}`, en: `${key}: first version.` });
      }
      const token = await apiToken(server.url, 'agent@demo.tact');
      const docs = {};
      for (const key of Object.keys(names)) docs[key] = await docByShortcut(server.url, token, 'personal_templates', `c-${key}`, { version: 1 });

      // Offline, the agent edits all three; meanwhile someone (the same member, elsewhere) does too.
      link.cut();
      for (const [key, title] of Object.entries(names)) {
        await editWording(panel, { search: `c-${key}`, title, en: `${key}: mine.` });
      }
      const mutations = Object.entries(docs).map(([key, doc], index) => ({
        id: index + 1, client_id: 'e2e-elsewhere', kind: 'put', entity: doc.entity, base_version: 1,
        payload: { ...doc.payload, variants: [{ lang: 'en', body: `${key}: theirs.` }] },
      }));
      const pushed = await api(server.url, '/sync', { token, method: 'POST', body: { mutations } });
      assert.deepEqual(pushed.body.results.map((result) => result.status), ['applied', 'applied', 'applied']);
      link.restore();

      const conflict = (key) => panel.locator(`[data-testid=conflict][data-entity="${docs[key].entity.id}"]`);
      for (const key of Object.keys(names)) await conflict(key).waitFor({ timeout: 45_000 });
      assert.match(await conflict('theirs').innerText(), /“Garder la leur” was changed by Alice Agent while you edited it/);
      for (const key of Object.keys(names)) {
        for (const choice of ['conflict-keep-theirs', 'conflict-keep-mine', 'conflict-copy']) {
          assert.equal(await conflict(key).getByTestId(choice).count(), 1, `${key} offers ${choice}`);
        }
      }

      await conflict('theirs').getByTestId('conflict-keep-theirs').click();
      await conflict('theirs').waitFor({ state: 'detached' });
      await search(panel, 'c-theirs', names.theirs);
      await panel.getByTestId('reply-preview').filter({ hasText: 'theirs: theirs.' }).waitFor();

      await conflict('mine').getByTestId('conflict-keep-mine').focus();
      await panel.keyboard.press('Enter');
      await docByShortcut(server.url, token, 'personal_templates', 'c-mine', { version: 3, text: 'mine: mine.' });

      await conflict('copy').getByTestId('conflict-copy').click();
      const copy = await docByShortcut(server.url, token, 'personal_templates', 'c-copy-2', { version: 1, text: 'copy: mine.' });
      assert.notEqual(copy.entity.id, docs.copy.entity.id);
      await panel.getByTestId('sync-banner').waitFor({ state: 'hidden', timeout: 20_000 });

      const final = await serverDocs(server.url, token, 'personal_templates');
      assert.equal(final.get(docs.theirs.entity.id).version, 2, 'keep theirs sends nothing');
      assert.match(final.get(docs.theirs.entity.id).payload.variants[0].body, /theirs: theirs/);
      assert.match(final.get(docs.copy.entity.id).payload.variants[0].body, /copy: theirs/, 'the copy leaves theirs in place');
    });
  } finally {
    await link.close();
    await server.cleanup();
  }
});

test('sign-in errors are told in words: a wrong password, a bad or unreachable address, too many attempts; an invite joins the team', async () => {
  const server = await startServer({ args: ['--demo'] });
  try {
    await withBrowsers(['someone'], server, async ({ someone }) => {
      const page = await someone.context.newPage();
      await page.goto(optionsUrl(someone));
      const error = page.getByTestId('signin-error');
      const attempt = async (address, email, password) => {
        await page.getByTestId('server-address').fill(address);
        await page.getByTestId('signin-email').fill(email);
        await page.getByTestId('signin-password').fill(password);
        await page.getByTestId('signin-submit').click();
      };

      await attempt(server.url, 'agent@demo.tact', 'not the password');
      await error.filter({ hasText: 'This e-mail and password do not match an active account' }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-password');

      await attempt('http://tact.example.com', 'agent@demo.tact', PASSWORD);
      await page.getByTestId('server-error').filter({ hasText: 'http:// is only accepted for a server on this computer' }).waitFor();
      assert.equal(await page.getByTestId('server-address').getAttribute('aria-invalid'), 'true');

      await attempt('http://127.0.0.1:9', 'agent@demo.tact', PASSWORD);
      await error.filter({ hasText: 'The server at http://127.0.0.1:9 does not answer' }).waitFor();

      for (let failure = 0; failure < 10; failure += 1) {
        await api(server.url, '/session', { method: 'POST', body: { email: 'intern@demo.tact', password: 'wrong' } });
      }
      await attempt(server.url, 'intern@demo.tact', PASSWORD);
      await error.filter({ hasText: /Too many failed sign-ins\. Try again in \d+ minute/ }).waitFor();

      const managerToken = await apiToken(server.url, 'manager@demo.tact');
      const invite = await api(server.url, '/invites', { token: managerToken, method: 'POST', body: { email: 'new@demo.tact', role: 'agent' } });
      assert.equal(invite.status, 201);
      await page.getByTestId('server-address').fill(server.url);
      await page.locator('details.tools summary').click();
      await page.getByTestId('invite-link').fill(`${server.url}/api/v1/invites/${invite.body.token}/accept`);
      await page.getByTestId('invite-name').fill('Nora New');
      await page.getByTestId('invite-password').fill('a new password');
      await page.getByTestId('invite-submit').click();
      await page.getByTestId('account-who').filter({ hasText: 'Signed in as Nora New (new@demo.tact)' }).waitFor();
      await page.getByTestId('account-role').filter({ hasText: 'Agent in Demo Brand' }).waitFor();

      await page.getByTestId('sign-out').click();
      await page.getByTestId('options-notice').filter({ hasText: 'Signed out' }).waitFor();
      await page.getByTestId('signin-email').waitFor();
      const me = await page.evaluate(async () => (await chrome.storage.local.get('sync.me.v1'))['sync.me.v1'] ?? null);
      assert.equal(me, null, 'the member others read is gone once signed out');
    });
  } finally {
    await server.cleanup();
  }
});
