// Loads the wasm core into the panel page and starts it.
import init, { start_panel } from './wasm/tact.js';

init({ module_or_path: new URL('./wasm/tact_bg.wasm', import.meta.url) })
  .then(() => start_panel())
  .catch((error) => {
    console.error('Tact panel failed to start:', error);
    document.getElementById('context').textContent = chrome.i18n.getMessage('panelFailedToStart') || 'Tact failed to start.';
  });
