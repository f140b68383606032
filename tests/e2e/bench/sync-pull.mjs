// A fresh extension client pulling a large team from a local `tact serve` (release build):
// 10,000 team templates and 1,000 rule sets, from the click on "Sign in" in the options page
// until the background has stored them all (documents, the panel's library, rules.team.v1) and
// says so in its status. Run by `./build.sh bench`; prints `bench sync pull ...` lines.
// Budget (design.md): under 2 s.

import { launchBrowser, startServer } from '../lib/harness.mjs';

const TEMPLATES = 10_000;
const RULE_SETS = 1_000;
const ROUNDS = 3;

async function api(server, path, { token, method = 'GET', body } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server}/api/v1${path}`, { method, headers, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function template(n) {
  return {
    id: `bench-${n}`,
    title: `Réponse ${n} · Reply ${n}`,
    shortcut: `r${n}`,
    tags: ['bench', `lot-${n % 50}`],
    scope: 'team',
    variants: [
      { lang: 'fr', body: `Bonjour {{author.first_name | à vous}}, merci pour votre message n°${n}. Nous revenons vers vous très vite avec une réponse précise.\n\n{{> signature}}` },
      { lang: 'en', body: `Hi {{author.first_name | there}}, thanks for message ${n}. We will come back to you shortly with a precise answer.\n\n{{> signature}}` },
    ],
  };
}

function ruleSet(n) {
  return { name: `Rules ${n}`, rules: [{ id: `forbidden-${n}`, kind: 'forbidden', terms: [`word${n}`, `other${n}`], suggest: 'a better word' }] };
}

async function seed(server) {
  const token = (await api(server, '/session', { method: 'POST', body: { email: 'manager@demo.tact', password: 'tact-demo' } })).token;
  const documents = [
    ...Array.from({ length: TEMPLATES }, (_, n) => ({ collection: 'team_templates', id: `bench-${n}`, payload: template(n) })),
    ...Array.from({ length: RULE_SETS }, (_, n) => ({ collection: 'rule_sets', id: `rules-${n}`, payload: ruleSet(n) })),
  ];
  let id = 0;
  let cursor = 0;
  for (let start = 0; start < documents.length; start += 500) {
    const mutations = documents.slice(start, start + 500).map((doc) => ({
      id: ++id, client_id: 'bench-seed', kind: 'put', entity: { collection: doc.collection, id: doc.id }, base_version: 0, payload: doc.payload,
    }));
    const answer = await api(server, '/sync', { token, method: 'POST', body: { mutations } });
    cursor = answer.cursor;
    const refused = answer.results.find((result) => result.status !== 'applied');
    if (refused) throw new Error(`seeding refused: ${JSON.stringify(refused)}`);
  }
  return cursor;
}

/** Signs in a fresh profile and times it until the background's status reaches `cursor`. */
async function pullOnce(server, cursor) {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.getByTestId('server-address').fill(server);
    await page.getByTestId('signin-email').fill('agent@demo.tact');
    await page.getByTestId('signin-password').fill('tact-demo');
    const timing = await page.evaluate((target) => new Promise((resolve, reject) => {
      const started = performance.now();
      const check = async () => {
        const stored = (await chrome.storage.local.get('sync.status.v1'))['sync.status.v1'];
        const status = stored && JSON.parse(stored);
        if (status && status.cursor >= target && status.pending === 0) {
          const took = performance.now() - started;
          const keys = await chrome.storage.local.get(['library.v1', 'rules.team.v1']);
          resolve({ took, templates: JSON.parse(keys['library.v1']).templates.length, rules: Object.keys(JSON.parse(keys['rules.team.v1'])).length });
          return true;
        }
        return false;
      };
      chrome.storage.onChanged.addListener((changes) => { if (changes['sync.status.v1']) check().catch(reject); });
      setTimeout(() => reject(new Error('not synced within 120 s')), 120_000);
      document.querySelector('[data-testid=signin-submit]').click();
    }), cursor);
    return timing;
  } catch (error) {
    console.error(browser.console());
    throw error;
  } finally {
    await browser.close();
  }
}

const server = await startServer({ args: ['--demo'], env: { RUST_LOG: 'warn' } });
try {
  const seededAt = performance.now();
  const cursor = await seed(server.url);
  console.log(`bench sync pull: seeded ${TEMPLATES} templates and ${RULE_SETS} rule sets in ${((performance.now() - seededAt) / 1000).toFixed(1)} s (cursor ${cursor})`);
  const times = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const { took, templates, rules } = await pullOnce(server.url, cursor);
    if (templates < TEMPLATES || rules < RULE_SETS) throw new Error(`incomplete: ${templates} templates, ${rules} rule sets`);
    times.push(took);
    console.log(`bench sync pull, fresh client, ${templates} templates + ${rules} rule sets, sign-in to stored: ${took.toFixed(0)} ms`);
  }
  times.sort((a, b) => a - b);
  console.log(`bench sync pull, fresh client: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${ROUNDS} (budget 2000 ms)`);
} finally {
  await server.cleanup();
}
