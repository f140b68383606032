// The team console in Chromium against a real `tact serve --demo`, seeded through the API with
// known data: the reports view shows the right numbers, each table downloads as CSV, an agent is
// told reports are for managers, and the monthly report renders in English and French with
// non-empty SVG charts (screenshots under target/, taken with the print stylesheet).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { E2E_ROOT, launchBrowser, serveFixtures, selfSignedCertificate, sleep, startServer } from './lib/harness.mjs';
import { api, apiToken } from './lib/api.mjs';

const PASSWORD = 'tact-demo';
const MINUTE = 60_000;
const SHOTS = resolve(E2E_ROOT, '../../target/e2e-console');

/** The 10th of last month (UTC), 09:00, and that month as `YYYY-MM`. */
function lastMonth() {
  const now = new Date();
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 9, 0);
  return { start, month: new Date(start).toISOString().slice(0, 7) };
}

/**
 * Last month: three comments seen at 09:00, 10:00, 11:00 on the 10th and answered by the agent
 * after 20, 60 and 45 minutes (nearest rank over [20, 45, 60]: median 45, p90 60). This month:
 * three requests by the intern: one approved, one rejected (rejection rate 50 %), one pending.
 */
async function seed(server) {
  const agent = await apiToken(server, 'agent@demo.tact');
  const { start } = lastMonth();
  const answers = [20, 60, 45];
  for (const [index, after] of answers.entries()) {
    const permalink = `https://x.com/client${index}/status/${index + 1}`;
    const seen = start + index * 60 * MINUTE;
    const capture = { network: 'x', author: { name: `Client ${index}`, handle: `@client${index}`, profile_url: '' }, text: 'Hello?', permalink, seen_ms: seen };
    assert.equal((await api(server, '/history/mentions', { token: agent, method: 'POST', body: capture })).status, 201);
    const reply = { id: `reply-${index}`, text: `Bonjour client ${index}`, platform: 'x', permalink, posted_ms: seen + after * MINUTE, findings: [] };
    assert.equal((await api(server, '/published', { token: agent, method: 'POST', body: reply })).status, 201);
  }
  const intern = await apiToken(server, 'intern@demo.tact');
  const manager = await apiToken(server, 'manager@demo.tact');
  for (const id of ['ask-1', 'ask-2', 'ask-3']) {
    const request = { id, text: `Draft ${id}`, context: { platform: 'x', author: { name: 'Léa', handle: '@lea', profile_url: '' }, text: 'Hi', permalink: 'https://x.com/lea/status/9', page_url: 'https://x.com/lea/status/9' }, findings: [] };
    assert.equal((await api(server, '/approvals', { token: intern, method: 'POST', body: request })).status, 201);
  }
  assert.equal((await api(server, '/approvals/ask-1/decision', { token: manager, method: 'POST', body: { decision: 'approve' } })).status, 200);
  assert.equal((await api(server, '/approvals/ask-2/decision', { token: manager, method: 'POST', body: { decision: 'reject', comment: 'Too casual' } })).status, 200);
}

async function signIn(browser, server, email) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.getByTestId('server-address').fill(server);
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(PASSWORD);
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('account-who').filter({ hasText: 'Signed in as' }).waitFor();
  return page;
}

/** The cells of every body row of the table in section `id`. */
async function rows(page, id) {
  return page.locator(`#${id} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
}

/** Bars of the SVG charts on the page with a non-zero drawn size. */
async function drawnBars(page) {
  return page.locator('svg.chart rect.bar').evaluateAll((rects) => rects.filter((rect) => {
    const box = rect.getBBox();
    return box.width > 0 && box.height > 0;
  }).length);
}

async function withConsole(body) {
  const server = await startServer({ args: ['--demo'] });
  let browser;
  try {
    await seed(server.url);
    browser = await launchBrowser();
    await body({ server, browser });
  } catch (error) {
    if (browser) console.error(`--- browser console ---\n${browser.console()}`);
    console.error(`--- tact serve log ---\n${server.log()}`);
    throw error;
  } finally {
    if (browser) await browser.close();
    await server.cleanup();
  }
}

test('a manager opens the console from the options page and reads this month’s approvals and their CSV', async () => {
  await withConsole(async ({ server, browser }) => {
    const options = await signIn(browser, server.url, 'manager@demo.tact');
    const panel = await browser.context.newPage();
    await panel.goto(browser.panelUrl());
    await panel.locator('#open-console').filter({ hasText: 'Open the team console' }).waitFor();
    assert.equal(await panel.locator('#open-console').getAttribute('href'), 'console.html', 'the panel links to the console too');
    await panel.close();
    await options.getByTestId('open-console').waitFor();
    const [console_] = await Promise.all([browser.context.waitForEvent('page'), options.getByTestId('open-console').click()]);
    await console_.locator('#approvals tbody tr').first().waitFor();
    // This month by week: the week of the requests has 3 asked, 2 decided, 1 rejected, 50.0 %.
    const approvals = await rows(console_, 'approvals');
    const busy = approvals.filter((cells) => cells[1] !== '0');
    assert.equal(busy.length, 1, JSON.stringify(approvals));
    assert.deepEqual(busy[0].slice(1, 5), ['3', '2', '1', '50.0 %']);
    const interns = (await rows(console_, 'interns')).filter((cells) => cells[1] !== '0');
    assert.deepEqual(interns.map((cells) => cells.slice(1)), [['3', '1', '1', '1']], 'every request was needed for the intern role');
    assert.ok(await drawnBars(console_) >= 2, 'the approvals and interns charts have bars');
    const svg = console_.locator('#approvals svg.chart');
    assert.equal(await svg.getAttribute('role'), 'img');
    assert.match(await svg.locator('title').first().textContent(), /Approvals/);

    const [download] = await Promise.all([console_.waitForEvent('download'), console_.locator('#approvals button.csv').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(download.suggestedFilename(), /^tact-report-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}-approvals\.csv$/);
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'period,member_id,member_name,network,requested,decided,rejected,rejection_rate,turnaround_median_ms,turnaround_p90_ms');
    assert.match(lines[1], /,Ivan Intern,x,3,2,1,0\.5,\d+,\d+$/);
  });
});

test('an agent is told reports are for managers', async () => {
  await withConsole(async ({ server, browser }) => {
    const options = await signIn(browser, server.url, 'agent@demo.tact');
    assert.equal(await options.getByTestId('open-console').isHidden(), true, 'no link for an agent');
    const panel = await browser.context.newPage();
    await panel.goto(browser.panelUrl());
    // The link gets its words when the panel has read the status, shown or not.
    await panel.waitForFunction(() => document.getElementById('open-console')?.textContent.length > 0);
    assert.equal(await panel.locator('#open-console').isHidden(), true, 'nor in the agent’s panel');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html`);
    await page.locator('#report [role=alert]').filter({ hasText: 'managers and owners' }).waitFor();
  });
});

test('the monthly report prints in English and French with its numbers and non-empty charts', async () => {
  await mkdir(SHOTS, { recursive: true });
  await withConsole(async ({ server, browser }) => {
    await signIn(browser, server.url, 'manager@demo.tact');
    const { month } = lastMonth();
    const wording = {
      en: { heading: `Monthly report: ${month}`, print: 'Print or save as PDF' },
      fr: { heading: `Rapport mensuel : ${month}`, print: 'Imprimer ou enregistrer en PDF' },
    };
    for (const lang of ['en', 'fr']) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
      await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=monthly&month=${month}&lang=${lang}`);
      await page.locator('#response tbody tr').first().waitFor();
      assert.equal(await page.locator('h1').textContent(), wording[lang].heading);
      assert.equal(await page.locator('#print').textContent(), wording[lang].print);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      // The three replies of the 10th: one week row holds them, measured 3, median 45 min, p90 60 min (written 1.0 h).
      const replies = (await rows(page, 'replies')).filter((cells) => cells[1] !== '0');
      assert.equal(replies.length, 1, JSON.stringify(replies));
      assert.equal(replies[0][1], '3');
      const response = (await rows(page, 'response')).filter((cells) => cells[1] !== '0');
      assert.deepEqual(response.map((cells) => cells.slice(1)), [['3', '45 min', '1.0 h']]);
      assert.ok(await drawnBars(page) >= 3, 'replies (1) and response (2) bars are drawn');
      assert.equal(await page.locator('button.csv').count(), 0, 'the printed page has no download buttons');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('#print').isHidden(), true, 'the print button is not printed');
      // The whole page in one viewport: no scrollbar takes width from the layout being captured.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: 794, height });
      await page.screenshot({ path: resolve(SHOTS, `monthly-report-${lang}.png`) });
      await page.close();
    }
  });
});

test('a manager works the approvals inbox: filters, then rejects the pending request with a comment', async () => {
  await withConsole(async ({ server, browser }) => {
    await signIn(browser, server.url, 'manager@demo.tact');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=approvals`);
    const cards = page.locator('#approvals-list li.card');
    await cards.first().waitFor();
    assert.equal(await page.locator('nav.views a[aria-current=page]').getAttribute('data-view'), 'approvals');
    assert.equal(await cards.count(), 1, 'pending only, by default');
    assert.equal(await cards.first().getAttribute('data-approval'), 'ask-3');
    assert.match(await cards.first().locator('blockquote').textContent(), /Draft ask-3/);
    assert.match(await cards.first().locator('ul.reasons').textContent(), /intern/);

    await page.locator('#filter-status').selectOption('all');
    await page.locator('form.picker button[type=submit]').click();
    await page.locator('#approvals-list li.card[data-approval="ask-1"]').waitFor();
    assert.equal(await cards.count(), 3);
    await page.locator('#filter-network').selectOption('x');
    await page.locator('form.picker button[type=submit]').click();
    await page.locator('#approvals-list li.card[data-approval="ask-1"]').waitFor();
    assert.equal(await cards.count(), 3, 'all on X');

    await page.locator('#filter-status').selectOption('pending');
    await page.locator('form.picker button[type=submit]').click();
    await page.locator('#approvals-list li.card[data-approval="ask-1"]').waitFor({ state: 'detached' });
    // Live: a request made meanwhile appears without a reload, and the comment being typed
    // keeps its text and its focus.
    await page.locator('#comment-ask-3').click();
    await page.keyboard.type('Please make');
    const intern = await apiToken(server.url, 'intern@demo.tact');
    const request = { id: 'ask-4', text: 'Draft ask-4', context: { platform: 'x', author: { name: 'Léa', handle: '@lea', profile_url: '' }, text: 'Hi', permalink: 'https://x.com/lea/status/9', page_url: 'https://x.com/lea/status/9' }, findings: [] };
    assert.equal((await api(server.url, '/approvals', { token: intern, method: 'POST', body: request })).status, 201);
    await page.locator('#approvals-list li.card[data-approval="ask-4"]').waitFor({ timeout: 5_000 });
    await page.keyboard.type(' it warmer');
    assert.equal(await page.locator('#comment-ask-3').inputValue(), 'Please make it warmer');
    await page.locator('li.card[data-approval="ask-3"] button.reject').click();
    await page.locator('#approvals-list li.card[data-approval="ask-3"]').waitFor({ state: 'detached' });
    assert.equal(await cards.count(), 1, 'the live request is still to decide');
    const manager = await apiToken(server.url, 'manager@demo.tact');
    const { body } = await api(server.url, '/approvals/ask-3', { token: manager });
    assert.equal(body.status, 'rejected');
    assert.equal(body.decision.comment, 'Please make it warmer');
  });
});

test('a manager invites an agent with a one-time code, sees them join, and deactivates them', async () => {
  await withConsole(async ({ server, browser }) => {
    await signIn(browser, server.url, 'manager@demo.tact');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=members`);
    await page.locator('#members-list tr[data-member]').first().waitFor();
    assert.equal(await page.locator('#members-list tbody tr').count(), 4, 'the demo team');
    await page.locator('#invite-email').fill('nina@demo.tact');
    await page.locator('#invite-role').selectOption('agent');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const code = (await page.locator('#invite-code').textContent()).trim();
    assert.ok(code.length > 20, code);
    const accepted = await api(server.url, `/invites/${encodeURIComponent(code)}/accept`, { method: 'POST', body: { display_name: 'Nina New', password: 'a long enough password' } });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    const again = await api(server.url, `/invites/${encodeURIComponent(code)}/accept`, { method: 'POST', body: { display_name: 'Nina Again', password: 'a long enough password' } });
    assert.notEqual(again.status, 201, 'the code works once');

    await page.reload();
    const nina = page.locator('#members-list tbody tr').filter({ hasText: 'Nina New' });
    await nina.waitFor();
    await nina.getByRole('button', { name: 'Deactivate' }).click();
    await page.locator('#members-said [role=status]').waitFor();
    await page.locator('#members-list tbody tr').filter({ hasText: 'Nina New' }).filter({ hasText: 'Deactivated' }).waitFor();
    // A manager cannot change roles (owners only): the server's refusal is shown.
    const alice = page.locator('#members-list tbody tr').filter({ hasText: 'Alice Agent' });
    await alice.locator('select').selectOption('intern');
    await alice.getByRole('button', { name: 'Change the role' }).click();
    await page.locator('#members-said [role=alert]').waitFor();
  });
});

test('the audit browser shows the chain intact, its entries, and refuses a manager’s export in words', async () => {
  await withConsole(async ({ server, browser }) => {
    await signIn(browser, server.url, 'manager@demo.tact');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=audit`);
    await page.locator('#audit-chain [data-intact=true]').waitFor();
    assert.match(await page.locator('#audit-chain').textContent(), /intact/);
    await page.locator('#audit-entries tbody tr').first().waitFor();
    const kinds = await page.locator('#audit-entries tbody tr td:nth-child(4)').allTextContents();
    assert.ok(kinds.includes('reply_published'), kinds.join(','));
    assert.ok(kinds.includes('approval_decided'), kinds.join(','));
    await page.locator('#export-csv').click();
    await page.locator('#audit-heading ~ div [role=alert]').filter({ hasText: /role/ }).waitFor();
  });
});

test('a manager edits a team template in the console: preview and checks live, and the agent’s open panel shows the edit', async () => {
  await withConsole(async ({ server }) => {
    const manager = await launchBrowser();
    const agent = await launchBrowser();
    try {
      await signIn(agent, server.url, 'agent@demo.tact');
      await signIn(manager, server.url, 'manager@demo.tact');
      const panel = await agent.context.newPage();
      await panel.goto(agent.panelUrl());
      const title = 'Merci pour votre message · Thanks for reaching out';
      await panel.locator('#reply-search').fill('merci pour votre message');
      await panel.locator('#reply-results [role=option]').first().and(panel.locator(`[aria-label="${title}"]`)).waitFor();

      const page = await manager.context.newPage();
      await page.goto(`chrome-extension://${manager.extensionId}/console.html?view=library`);
      const item = page.locator('button.template-item').filter({ hasText: title });
      await item.waitFor();
      assert.match(await item.textContent(), /Unused in the last 30 days/, 'no seeded reply used it');
      await item.click();
      const wording = page.locator('.wording[data-lang=en]').first();
      const english = wording.locator('textarea');
      await english.waitFor();
      assert.ok(await page.locator('.wording[data-lang=fr]').count() >= 1, 'French and English side by side');

      await english.fill('Hi {{author.first_name}}, {{#vip}}thanks!');
      await wording.locator('ul.checks li.error').filter({ hasText: /Line 1, column \d+/ }).waitFor();
      const edited = 'Hi {{author.first_name}}, thank you so much for writing to us from the console!';
      await english.fill(edited);
      await wording.locator('.preview').filter({ hasText: 'Hi Léa, thank you so much for writing to us from the console!' }).waitFor();
      await wording.locator('.checks-box .status').waitFor();
      await page.locator('#library-save').click();
      await page.locator('#library-said [role=status]').filter({ hasText: 'Saved' }).waitFor();

      await panel.getByTestId('reply-preview').filter({ hasText: 'writing to us from the console' }).waitFor({ timeout: 15_000 });
    } catch (error) {
      console.error(`--- manager's console ---\n${manager.console()}\n--- agent's console ---\n${agent.console()}`);
      throw error;
    } finally {
      await manager.close();
      await agent.close();
    }
  });
});

test('history search finds the seeded comments and authors', async () => {
  await withConsole(async ({ server, browser }) => {
    await signIn(browser, server.url, 'manager@demo.tact');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=history`);
    await page.locator('#search-results tbody tr').first().waitFor();
    assert.equal(await page.locator('#search-results tbody tr').count(), 3, 'every seeded comment, newest first');
    await page.locator('#search-words').fill('CLIENT1');
    await page.getByRole('button', { name: 'Search' }).click();
    // The first page (every comment) is replaced once the answer comes: wait for its count.
    await page.locator('#search-results p.note').filter({ hasText: /^1 shown/ }).waitFor();
    assert.equal(await page.locator('#search-results tbody tr').count(), 1, 'case ignored, one comment');
    assert.match(await page.locator('#search-results tbody tr').textContent(), /@client1/);
    assert.equal(await page.locator('#search-results tbody tr a').getAttribute('href'), 'https://x.com/client1/status/2');
    await page.locator('#search-words').fill('client');
    await page.locator('#search-scope').selectOption('authors');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#search-results p.note').filter({ hasText: /^3 shown/ }).waitFor();
    assert.equal(await page.locator('#search-results thead th').nth(1).textContent(), 'Comments', 'the authors table: their comment count');
    assert.equal(await page.locator('#search-results tbody tr').count(), 3);
  });
});

/** The documents of `collection` the server holds for the team (GET /api/v1/sync), by id. */
async function serverDocs(server, token, collection) {
  const { status, body } = await api(server, '/sync?since=0&limit=5000', { token });
  assert.equal(status, 200, JSON.stringify(body));
  return new Map(body.changes.filter((change) => change.entity.collection === collection).map((change) => [change.entity.id, change]));
}

/** The team's "House rules" pushed by a manager, then the console's rules view open on them. */
async function openHouseRules(server, browser, clientId) {
  const manager = await apiToken(server.url, 'manager@demo.tact');
  const rules = { version: 1, name: 'House rules', rules: [{ id: 'no-promise', kind: 'forbidden', severity: 'warn', terms: ['guaranteed'] }] };
  const pushed = await api(server.url, '/sync', { token: manager, method: 'POST', body: { mutations: [
    { id: 1, client_id: clientId, kind: 'put', entity: { collection: 'rule_sets', id: 'house-rules' }, base_version: 0, payload: rules },
  ] } });
  assert.equal(pushed.body.results[0].status, 'applied', JSON.stringify(pushed.body));
  await signIn(browser, server.url, 'manager@demo.tact');
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=rules`);
  await page.locator('#rules-form tr[data-rule="no-promise"]').waitFor({ timeout: 15_000 });
  return { page, manager };
}

test('a manager edits the team rules in the console: form and JSON, a live test box, a starter added, errors with their line, saved to the server', async () => {
  await withConsole(async ({ server, browser }) => {
    const { page, manager } = await openHouseRules(server, browser, 'e2e-console-rules');
    const row = page.locator('#rules-form tr[data-rule="no-promise"]');
    assert.equal(await row.locator('td').first().textContent(), 'forbidden');
    assert.equal(await page.locator('#rule-severity-0').inputValue(), 'warn');

    // The test box checks a draft with the rules as they stand.
    await page.locator('#rules-draft').fill('Delivery is guaranteed tomorrow.');
    await page.locator('#rules-findings li[data-rule="no-promise"]').filter({ hasText: /^warn/ }).waitFor();

    // A severity changed in the form is in the text and in the findings at once.
    await page.locator('#rule-severity-0').selectOption('block');
    assert.match(await page.locator('#rules-text').inputValue(), /"severity": "block"/);
    await page.locator('#rules-findings li[data-rule="no-promise"]').filter({ hasText: /^block/ }).waitFor();

    // A faulty rule in the text: the error names the rule, the field and the line; the form stays.
    const text = await page.locator('#rules-text').inputValue();
    await page.locator('#rules-text').fill(text.replace(/"terms": \[[^\]]*\]/, '"terms": []'));
    const error = page.locator('#rules-error');
    await error.filter({ hasText: /rule `no-promise`.*line \d+/ }).waitFor();
    await page.locator('#rules-save').click();
    await page.locator('#rules-said [role=alert]').filter({ hasText: 'cannot be used' }).waitFor();
    // Text that is not JSON: the reader's error with its line.
    await page.locator('#rules-text').fill(text.replace('"rules": [', '"rules": [,'));
    await error.filter({ hasText: /line \d+/ }).waitFor();
    await page.locator('#rules-text').fill(text);
    await page.waitForFunction(() => document.getElementById('rules-error').textContent === '');
    await page.locator('#rules-findings li[data-rule="no-promise"]').waitFor();

    // A starter set's rules are added to the team's set, then everything is saved through sync.
    await page.locator('#rules-starter').selectOption('brand-safety-en');
    await page.locator('#rules-add-starter').click();
    await page.locator('#rules-form tr[data-rule="safety-en.profanity"]').waitFor();
    await page.locator('#rules-draft').fill('That is a stupid question.');
    await page.locator('#rules-findings li[data-rule="safety-en.profanity"]').waitFor();
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SHOTS, 'rules-en.png'), fullPage: true });
    await page.locator('#rules-save').click();
    await page.locator('#rules-said [role=status]').filter({ hasText: 'Saved' }).waitFor();

    let saved;
    const deadline = Date.now() + 15_000;
    do {
      await sleep(200);
      saved = (await serverDocs(server.url, manager, 'rule_sets')).get('house-rules');
    } while (!saved?.payload?.rules?.some((rule) => rule.id === 'safety-en.profanity') && Date.now() < deadline);
    assert.ok(saved, 'the rule set is on the server');
    assert.equal(saved.payload.rules[0].severity, 'block');
    assert.ok(saved.payload.rules.some((rule) => rule.id === 'safety-en.profanity'), 'the starter rules reached the server');
  });
});

test('a manager edits the team rules as YAML: the set shown as YAML by the server, an error with its line, an edit saved to the server', async () => {
  await withConsole(async ({ server, browser }) => {
    const { page, manager } = await openHouseRules(server, browser, 'e2e-console-rules-yaml');

    // The seeded set, written as YAML by the server.
    await page.locator('#rules-mode').selectOption('yaml');
    await page.waitForFunction(() => /^\s*- id: no-promise$/m.test(document.getElementById('rules-text').value));
    const yaml = await page.locator('#rules-text').inputValue();
    assert.ok(!yaml.trimStart().startsWith('{'), yaml);
    assert.match(yaml, /^\s*severity: warn$/m);
    assert.match(yaml, /^name: House rules$/m);

    // A YAML error, read by the server: the rule, the field and the line.
    const error = page.locator('#rules-error');
    await page.locator('#rules-text').fill(yaml.replace('severity: warn', 'severity: loud'));
    await error.filter({ hasText: /rule `no-promise`.*field `severity`.*line \d+/ }).waitFor();
    await page.locator('#rules-findings p.empty').waitFor();

    // A YAML edit: the form and the test box follow, and saving sends it through sync.
    await page.locator('#rules-text').fill(yaml.replace('severity: warn', 'severity: block'));
    await page.waitForFunction(() => document.getElementById('rules-error').textContent === '');
    await page.waitForFunction(() => document.getElementById('rule-severity-0')?.value === 'block');
    await page.locator('#rules-draft').fill('Delivery is guaranteed tomorrow.');
    await page.locator('#rules-findings li[data-rule="no-promise"]').filter({ hasText: /^block/ }).waitFor();
    await page.locator('#rules-save').click();
    await page.locator('#rules-said [role=status]').filter({ hasText: 'Saved' }).waitFor();

    let saved;
    const deadline = Date.now() + 15_000;
    do {
      await sleep(200);
      saved = (await serverDocs(server.url, manager, 'rule_sets')).get('house-rules');
    } while (saved?.payload?.rules?.[0]?.severity !== 'block' && Date.now() < deadline);
    assert.equal(saved?.payload?.rules?.[0]?.severity, 'block', 'the YAML edit reached the server');
    assert.equal(saved.payload.name, 'House rules');
  });
});

test('with the server unreachable, the rules view stays in JSON and says YAML needs the team server', async () => {
  await withConsole(async ({ server, browser }) => {
    await signIn(browser, server.url, 'manager@demo.tact');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=rules`);
    await page.locator('#rules-mode').waitFor({ timeout: 15_000 });
    const json = await page.locator('#rules-text').inputValue();
    await server.stop();
    await page.locator('#rules-mode').selectOption('yaml');
    await page.locator('#rules-said [role=alert]').filter({ hasText: 'YAML is read by the team server' }).waitFor();
    assert.equal(await page.locator('#rules-mode').inputValue(), 'json');
    assert.equal(await page.locator('#rules-text').inputValue(), json, 'the JSON text is left as it was');
  });
});

test('an agent reads the rules but cannot save them', async () => {
  await withConsole(async ({ server, browser }) => {
    await signIn(browser, server.url, 'agent@demo.tact');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=rules`);
    await page.getByText('Only managers and owners can save').waitFor({ timeout: 15_000 });
    assert.ok(await page.locator('#rules-save').isDisabled());
  });
});

test('adapter health: a failure provoked on a changed x.com page shows in the console with its count, for this browser', async () => {
  const server = await startServer({ args: ['--demo'] });
  const fixtures = await serveFixtures({ tls: await selfSignedCertificate() });
  const browser = await launchBrowser({ hostMap: { hosts: ['x.com'], port: fixtures.port } });
  try {
    await signIn(browser, server.url, 'manager@demo.tact');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html?view=health`);
    await page.locator('#health p.empty').waitFor({ timeout: 15_000 });

    const site = await browser.context.newPage();
    await site.goto('https://x.com/sites/x-changed.html');
    await site.locator('tact-overlay').waitFor({ state: 'attached', timeout: 10_000 });
    await site.locator('#focal-reply [contenteditable]').click();

    let cells = [];
    const deadline = Date.now() + 10_000;
    while (cells.length === 0 && Date.now() < deadline) {
      await sleep(200);
      await page.reload();
      await page.locator('#health h1').waitFor();
      cells = await rows(page, 'health');
    }
    assert.equal(cells.length, 1, 'one site failed');
    const [name, failures, kinds, last] = cells[0];
    assert.equal(name, 'x');
    assert.equal(failures, '1');
    assert.equal(kinds, 'no comment found: 1');
    assert.match(last, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    assert.match(await page.locator('#health .note').textContent(), /this browser/);
  } catch (error) {
    console.error(`--- browser console ---\n${browser.console()}`);
    throw error;
  } finally {
    await browser.close();
    await fixtures.close?.();
    await server.cleanup();
  }
});
