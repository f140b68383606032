// Required approvals in the browser, against a real `tact serve --demo`: an intern's draft
// cannot be posted (the fixture's own submit handler never runs, by click or keyboard, and page
// scripts cannot lift the guard); a manager approves in another browser profile (as sent, or
// edited); the approved text is placed in the reply box and posts once; an edit after approval
// holds it again; a rejection shows its comment; the published reply reaches the audit log.
// Fixtures: a textarea and Lexical, each with its own submit handler (tests/e2e/editors/submit-*).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuttableLink, eventually, launchBrowser, serveFixtures, sleep, startServer } from './lib/harness.mjs';
import { api, apiToken } from './lib/api.mjs';

const PASSWORD = 'tact-demo';
const EDITORS = [
  { name: 'textarea', page: 'submit-textarea.html' },
  { name: 'Lexical', page: 'submit-lexical.html' },
];

/** Signs in through the options page; resolves once the guard can know the role. */
async function signIn(browser, server, email, roleLine) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.getByTestId('server-address').fill(server);
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(PASSWORD);
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('account-role').filter({ hasText: roleLine }).waitFor();
  await eventually(() => page.evaluate(async () => Boolean((await chrome.storage.local.get('sync.me.v1'))['sync.me.v1'])), { what: 'the member stored' });
  await page.close();
}

async function openPanel(browser) {
  const panel = await browser.context.newPage();
  await panel.goto(browser.panelUrl());
  return panel;
}

/** Opens an editor fixture and types `text` in its reply box. */
async function openDraft(browser, fixtures, editor, text) {
  const page = await browser.context.newPage();
  await page.goto(`${fixtures.url}/editors/${editor.page}`);
  await page.waitForFunction(() => window.editorReady === true);
  await page.locator('#editor').click();
  await page.keyboard.type(text);
  await page.waitForFunction((expected) => window.editorState() === expected, text);
  return page;
}

const posted = (page) => page.evaluate(() => window.posted);
const notice = (page) => page.getByTestId('tact-guard-notice');

/**
 * Everything set up once: a demo server, the fixtures, an intern's and a manager's browser.
 * The intern reaches the server through a link the test can cut (`link`).
 */
async function withTeam(body) {
  const server = await startServer({ args: ['--demo'] });
  const fixtures = await serveFixtures();
  const link = await cuttableLink(server.url);
  const browsers = {};
  try {
    browsers.intern = await launchBrowser();
    browsers.manager = await launchBrowser();
    await signIn(browsers.intern, link.url, 'intern@demo.tact', 'Intern');
    await signIn(browsers.manager, server.url, 'manager@demo.tact', 'Manager');
    await body({ server, fixtures, link, ...browsers });
  } catch (error) {
    for (const [name, browser] of Object.entries(browsers)) console.error(`--- ${name}'s console ---\n${browser.console()}`);
    console.error(`--- tact serve log ---\n${server.log()}`);
    throw error;
  } finally {
    for (const browser of Object.values(browsers)) await browser.close();
    await link.close();
    await fixtures.close();
    await server.cleanup();
  }
}

/** The intern tries to post (held), then asks for approval from the panel. */
async function requestApproval(page, panel, note) {
  await page.locator('#post').click();
  await notice(page).waitFor();
  // The card of this draft (the panel may still show an older held draft for a moment).
  const draft = await page.evaluate(() => window.editorState());
  await panel.getByTestId('approval-held').filter({ has: panel.getByTestId('approval-draft').filter({ hasText: draft }) }).waitFor();
  await panel.getByTestId('approval-note').fill(note);
  await panel.getByTestId('approval-request').click();
  await panel.getByTestId('approval-mine').filter({ hasText: 'Waiting' }).first().waitFor();
}

test('an intern’s draft cannot be posted, by click or by keyboard, and page scripts cannot lift the guard', async () => {
  await withTeam(async ({ fixtures, intern }) => {
    for (const editor of EDITORS) {
      const page = await openDraft(intern, fixtures, editor, 'Merci Camille, on regarde ça.');
      await page.locator('#post').click();
      await notice(page).filter({ hasText: 'approval' }).waitFor();
      await page.locator('#editor').press('Control+Enter');
      await page.locator('#editor').press('Meta+Enter');
      await sleep(300);
      assert.deepEqual(await posted(page), [], `${editor.name}: the site's own submit never ran`);
      // The guard's state lives in the extension's isolated world: the page sees none of it,
      // and a listener the page adds on window runs after ours, if at all.
      const lifted = await page.evaluate(() => {
        let heard = 0;
        window.addEventListener('click', () => { heard += 1; }, true);
        document.getElementById('post').click();
        return { guard: typeof window.tactGuard, heard, posted: window.posted.length };
      });
      assert.deepEqual(lifted, { guard: 'undefined', heard: 0, posted: 0 }, `${editor.name}: a page script cannot post or see the guard`);
      await page.close();
    }
  });
});

test('a manager approves in another profile; the text is placed, posts once, is recorded, and an edit holds it again', async () => {
  await withTeam(async ({ server, fixtures, intern, manager }) => {
    const internPanel = await openPanel(intern);
    const managerPanel = await openPanel(manager);
    const managerToken = await apiToken(server.url, 'manager@demo.tact');
    for (const [index, editor] of EDITORS.entries()) {
      const draft = `Merci Camille, nous regardons votre commande (${editor.name}).`;
      const page = await openDraft(intern, fixtures, editor, draft);
      await requestApproval(page, internPanel, 'Première réponse, merci de relire');

      const request = managerPanel.getByTestId('approval-to-decide');
      try {
        await managerPanel.getByTestId('approvals-badge').filter({ hasText: '1' }).waitFor();
        await request.filter({ hasText: 'Première réponse, merci de relire' }).waitFor();
      } catch (error) {
        // What each side showed, and what the server holds, to tell where the request went wrong.
        console.error(`--- ${editor.name}: the manager's approvals ---\n${await managerPanel.locator('section.approvals').innerText().catch(String)}`);
        console.error(`--- the intern's approvals ---\n${await internPanel.locator('section.approvals').innerText().catch(String)}`);
        console.error(`--- GET /approvals ---\n${JSON.stringify((await api(server.url, '/approvals', { token: managerToken })).body)}`);
        throw error;
      }
      // The approver's desktop notification (the worker's, as soon as the live channel tells it).
      const requestId = await request.first().getAttribute('data-id');
      await eventually(() => managerPanel.evaluate(async (id) => Object.keys(await chrome.notifications.getAll()).includes(`tact-approval-${id}`), requestId),
        { what: 'the desktop notification of the request' });
      // The textarea keeps the draft as sent; the Lexical draft is edited before approval.
      const approved = index === 0 ? draft : `Bonjour Camille ! Nous regardons votre commande (${editor.name}).`;
      if (approved !== draft) await request.getByTestId('approval-text').fill(approved);
      await request.getByTestId('approval-approve').click();
      await managerPanel.getByTestId('approvals-badge').filter({ hasText: '0' }).waitFor();

      await page.waitForFunction((expected) => window.editorState() === expected, approved, { timeout: 15_000 });
      await internPanel.getByTestId('approval-mine').filter({ hasText: 'Approved by Marc Manager' }).first().waitFor();
      await page.locator('#post').click();
      assert.deepEqual(await posted(page), [approved], `${editor.name}: posted once, with the approved text`);

      await page.locator('#editor').click();
      await page.keyboard.press('End');
      await page.keyboard.type(' !');
      await page.locator('#post').click();
      await notice(page).filter({ hasText: 'approval' }).waitFor();
      await page.locator('#editor').press('Control+Enter');
      assert.deepEqual(await posted(page), [approved], `${editor.name}: an edit after approval holds the reply again`);

      const entry = await eventually(async () => {
        const { body } = await api(server.url, '/audit?limit=5000', { token: managerToken });
        return body.entries.find((e) => e.kind === 'reply_published' && JSON.parse(e.payload).text === approved);
      }, { what: `the ${editor.name} reply in the audit log` });
      const payload = JSON.parse(entry.payload);
      assert.equal(payload.platform, 'generic');
      assert.ok(payload.approval_id, 'recorded with its approval');
      assert.equal(payload.policy, 'approved', 'the server found the approval covers this exact text');
      await page.close();
    }
    const { body } = await api(server.url, '/audit?limit=5000', { token: managerToken });
    assert.equal(body.entries.filter((e) => e.kind === 'reply_published').length, EDITORS.length, 'each post recorded once');
  });
});

test('a rejection shows its comment to the intern, and the draft stays held', async () => {
  await withTeam(async ({ fixtures, intern, manager }) => {
    const internPanel = await openPanel(intern);
    const managerPanel = await openPanel(manager);
    const page = await openDraft(intern, fixtures, EDITORS[1], 'Coucou, on s’en occupe !');
    await requestApproval(page, internPanel, 'Ton ok ?');
    const request = managerPanel.getByTestId('approval-to-decide').filter({ hasText: 'Ton ok ?' });
    await request.getByTestId('approval-reject').click();
    await managerPanel.getByTestId('approvals-status').filter({ hasText: /comment/i }).waitFor();
    // Typing survives a live update of the list: the field is drawn again, focus and text kept.
    const comment = request.getByTestId('approval-comment-input');
    await comment.click();
    await managerPanel.keyboard.type('Trop familier');
    await comment.evaluate((input) => { input.dataset.drawn = 'before'; });
    await managerPanel.evaluate(() => chrome.storage.session.set({ 'approvals.held.v1': { text: '', at: Date.now() } }));
    await managerPanel.waitForFunction(() => document.querySelector('[data-testid="approval-comment-input"]')?.dataset.drawn !== 'before');
    await managerPanel.keyboard.type(' : vouvoyez le client.');
    assert.equal(await comment.inputValue(), 'Trop familier : vouvoyez le client.', 'nothing typed is lost to a redraw');
    await request.getByTestId('approval-reject').click();
    await internPanel.getByTestId('approval-comment').filter({ hasText: 'Trop familier : vouvoyez le client.' }).waitFor();
    await page.locator('#post').click();
    await notice(page).waitFor();
    assert.deepEqual(await posted(page), []);
  });
});

test('offline, a request and a published reply wait on disk and each reaches the server once the link is back', async () => {
  await withTeam(async ({ server, fixtures, link, intern }) => {
    const managerToken = await apiToken(server.url, 'manager@demo.tact');
    const pending = async () => (await api(server.url, '/approvals?status=pending', { token: managerToken })).body.approvals;
    const published = async () => (await api(server.url, '/audit?limit=5000', { token: managerToken })).body.entries.filter((e) => e.kind === 'reply_published');
    const internPanel = await openPanel(intern);
    const draft = 'Merci Camille, je transmets au service client.';
    const page = await openDraft(intern, fixtures, EDITORS[0], draft);

    link.cut();
    await page.locator('#post').click();
    await internPanel.getByTestId('approval-held').waitFor();
    await internPanel.getByTestId('approval-request').click();
    await internPanel.getByTestId('approvals-status').filter({ hasText: 'saved' }).waitFor();
    await sleep(2_000);
    assert.equal((await pending()).length, 0, 'nothing reached the server while the link was cut');

    link.restore();
    const [request] = await eventually(async () => { const list = await pending(); return list.length ? list : null; }, { timeout: 60_000, what: 'the request after the link came back' });
    assert.equal(request.text, draft);
    const decided = await api(server.url, `/approvals/${request.id}/decision`, { method: 'POST', token: managerToken, body: { decision: 'approve' } });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    await internPanel.getByTestId('approval-mine').filter({ hasText: 'Approved by Marc Manager' }).waitFor({ timeout: 60_000 });

    link.cut();
    await page.locator('#post').click();
    assert.deepEqual(await posted(page), [draft], 'the approved draft posts while offline');
    await sleep(2_000);
    assert.equal((await published()).length, 0);
    link.restore();
    await eventually(async () => (await published()).length === 1, { timeout: 60_000, what: 'the published reply after the link came back' });
    await sleep(3_000);
    assert.equal((await published()).length, 1, 'recorded once');
    assert.equal((await pending()).length, 0);
  });
});

/** The team's rules, with no server: what the sync worker would have stored. */
const RULES = {
  voice: { name: 'Voice', rules: [
    { id: 'no-guarantee', kind: 'forbidden', severity: 'block', terms: ['guaranteed'] },
    { id: 'refund-check', kind: 'forbidden', severity: 'approval', terms: ['refund'] },
  ] },
};

/**
 * One browser whose storage holds `RULES` and a member of the given role, as the sync worker
 * stores them (no server needed); `asMember(role)` changes the role.
 */
async function withStoredTeam(role, body) {
  const fixtures = await serveFixtures();
  const browser = await launchBrowser();
  try {
    const setup = await browser.context.newPage();
    await setup.goto(browser.panelUrl());
    const asMember = (role) => setup.evaluate(([value, role]) => chrome.storage.local.set({
      'rules.team.v1': JSON.stringify(value),
      'sync.me.v1': JSON.stringify({ member: { id: 'm1', role } }),
    }), [RULES, role]);
    await asMember(role);
    await body({ fixtures, browser, asMember });
  } catch (error) {
    console.error(`--- console ---\n${browser.console()}`);
    throw error;
  } finally {
    await browser.close();
    await fixtures.close();
  }
}

test('guideline findings hold the reply: a block finding stops even a manager, an approval finding holds an agent', async () => {
  await withStoredTeam('manager', async ({ fixtures, browser, asMember }) => {
    const attempt = async (text) => {
      const page = await openDraft(browser, fixtures, EDITORS[0], text);
      await page.waitForFunction(() => performance.getEntriesByName('tact:guidelines:ready').length > 0, null, { timeout: 10_000 });
      await sleep(300); // The check runs at the next frame after the input.
      await page.locator('#post').click();
      await sleep(300);
      return page;
    };

    let page = await attempt('Delivery is guaranteed tomorrow.');
    await notice(page).filter({ hasText: 'cannot be posted' }).waitFor();
    assert.deepEqual(await posted(page), [], 'a block finding stops a manager');
    await page.close();
    page = await attempt('Delivery is planned tomorrow.');
    assert.deepEqual(await posted(page), ['Delivery is planned tomorrow.'], 'without findings a manager posts');
    await page.close();

    await asMember('agent');
    page = await attempt('We will refund you.');
    await notice(page).filter({ hasText: 'approval' }).waitFor();
    assert.deepEqual(await posted(page), [], 'an approval finding holds an agent');
    await page.close();
  });
});

test('a draft the site filled in is held while Tact starts, then checked before it can go out', async () => {
  await withStoredTeam('manager', async ({ fixtures, browser }) => {
    /** Opens the fixture with a restored draft and tries to post it before the agent starts. */
    const restored = async (text) => {
      const page = await browser.context.newPage();
      await page.goto(`${fixtures.url}/editors/submit-restored.html?text=${encodeURIComponent(text)}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.editorReady === true);
      assert.equal(await page.evaluate(() => document.readyState), 'loading', 'the page is still loading: Tact has not started');
      await page.locator('#post').click();
      await page.getByTestId('tact-guard-starting').filter({ hasText: 'starting' }).waitFor();
      assert.deepEqual(await posted(page), [], 'nothing goes out while Tact starts');
      await page.waitForLoadState('load');
      await page.getByTestId('tact-guard-starting').waitFor({ state: 'detached' }); // The agent drives.
      return page;
    };
    /** The first press checks (the guidelines module loads), the next one decides. */
    const pressTwice = async (page) => {
      await page.locator('#post').click();
      await notice(page).filter({ hasText: 'checking' }).waitFor();
      await page.waitForFunction(() => performance.getEntriesByName('tact:guidelines:ready').length > 0, null, { timeout: 10_000 });
      await page.locator('#post').click();
    };

    // Nobody typed it, so nothing checked it yet: the guard checks before anything goes out.
    let page = await restored('Delivery is guaranteed tomorrow.');
    await pressTwice(page);
    await notice(page).filter({ hasText: 'cannot be posted' }).waitFor();
    assert.deepEqual(await posted(page), [], 'a restored draft with a block finding never goes out');
    await page.close();

    page = await restored('Delivery is planned tomorrow.');
    await pressTwice(page);
    assert.deepEqual(await posted(page), ['Delivery is planned tomorrow.'], 'once checked, a clean draft goes out, once');
    await page.close();
  });
});

test('a draft of several paragraphs in a rich editor is replaced whole by the approved text, itself of several lines', async () => {
  await withTeam(async ({ fixtures, intern, manager }) => {
    const internPanel = await openPanel(intern);
    const managerPanel = await openPanel(manager);
    const draft = 'Bonjour Camille,\nnous regardons votre commande.';
    const page = await openDraft(intern, fixtures, EDITORS[1], draft);
    await requestApproval(page, internPanel, 'Deux paragraphes');
    const request = managerPanel.getByTestId('approval-to-decide').filter({ hasText: 'Deux paragraphes' });
    const approved = 'Bonjour Camille !\nNous regardons votre commande aujourd’hui.\nL’équipe Lumen';
    await request.getByTestId('approval-text').fill(approved);
    await request.getByTestId('approval-approve').click();
    await page.waitForFunction((expected) => window.editorState() === expected, approved, { timeout: 15_000 });
    await internPanel.getByTestId('approvals-status').filter({ hasText: 'in the reply box' }).waitFor();
    await page.locator('#post').click();
    assert.deepEqual(await posted(page), [approved], 'the approved paragraphs posted, once');
  });
});
