// Writes the Chrome or Firefox manifest from one source: `node manifest.mjs chrome|firefox VERSION`.
// The two differ only where the browsers do (background context, side panel vs sidebar).

const [browser, version] = process.argv.slice(2);
if (!['chrome', 'firefox'].includes(browser) || !version) {
  console.error('usage: node manifest.mjs chrome|firefox VERSION');
  process.exit(2);
}

const icons = { 16: 'icons/tact-16.png', 32: 'icons/tact-32.png', 48: 'icons/tact-48.png', 128: 'icons/tact-128.png' };

const common = {
  manifest_version: 3,
  name: '__MSG_extName__',
  short_name: 'Tact',
  description: '__MSG_extDescription__',
  version,
  default_locale: 'en',
  icons,
  action: { default_title: '__MSG_actionTitle__', default_icon: icons },
  // alarms: a sync round every 30 s; unlimitedStorage: a team library of tens of thousands of
  // templates is kept on disk for offline use, beyond chrome.storage.local's 10 MB;
  // notifications: approvers hear of a request waiting for them.
  permissions: ['storage', 'alarms', 'unlimitedStorage', 'notifications'],
  // Server address, sign-in and the team (rendered by the background's wasm module).
  options_ui: { page: 'options.html', open_in_tab: true },
  // guard.js: the submit guard's listeners, in place before page scripts run (the agent, loaded
  // later, drives them). Both run in the same isolated world.
  content_scripts: [{
    matches: ['http://*/*', 'https://*/*'],
    js: ['guard.js'],
    run_at: 'document_start',
  }, {
    matches: ['http://*/*', 'https://*/*'],
    js: ['agent.js'],
    run_at: 'document_idle',
  }],
  // The agent loads its wasm module (and, on the first input in a reply box, the guidelines
  // module) from the package, so those files must be reachable from pages; they hold code only,
  // never team data (rules are read from storage). The pages' module is not exposed.
  web_accessible_resources: [{
    resources: ['wasm/agent.js', 'wasm/agent_bg.wasm', 'wasm/guidelines.js', 'wasm/guidelines_bg.wasm'],
    matches: ['http://*/*', 'https://*/*'],
  }],
  content_security_policy: {
    extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'",
  },
};

const perBrowser = {
  chrome: {
    minimum_chrome_version: '116',
    background: { service_worker: 'background.js', type: 'module' },
    side_panel: { default_path: 'panel.html' },
    permissions: [...common.permissions, 'sidePanel'],
  },
  firefox: {
    background: { scripts: ['background.js'], type: 'module' },
    sidebar_action: { default_panel: 'panel.html', default_title: '__MSG_extName__', default_icon: icons, open_at_install: false },
    browser_specific_settings: { gecko: { id: 'tact@tact.example', strict_min_version: '128.0' } },
  },
};

process.stdout.write(JSON.stringify({ ...common, ...perBrowser[browser] }, null, 2) + '\n');
