// Loads the sync wasm module into the options page and starts it.
import init, { start_options } from './wasm/sync.js';

init({ module_or_path: new URL('./wasm/sync_bg.wasm', import.meta.url) })
  .then(() => start_options())
  .catch((error) => {
    console.error('Tact options failed to start:', error);
    document.getElementById('options').textContent = chrome.i18n.getMessage('panelFailedToStart') || 'Tact failed to start.';
  });
