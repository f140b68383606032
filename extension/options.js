// Loads the sync wasm module into the options page and starts it, then the guidelines module
// for the guideline settings (the sync module has no room for the rule engine). The second
// waits for the first, so signing in is not slowed by compiling the rule engine.
import init, { start_options } from './wasm/sync.js';
import initGuidelines, { start_guideline_settings } from './wasm/guidelines.js';

init({ module_or_path: new URL('./wasm/sync_bg.wasm', import.meta.url) })
  .then(() => start_options())
  .catch((error) => {
    console.error('Tact options failed to start:', error);
    document.getElementById('options').textContent = chrome.i18n.getMessage('panelFailedToStart') || 'Tact failed to start.';
  })
  .finally(() => initGuidelines({ module_or_path: new URL('./wasm/guidelines_bg.wasm', import.meta.url) })
    .then(() => start_guideline_settings())
    .catch((error) => console.error('Tact guideline settings failed to start:', error)));
