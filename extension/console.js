// Loads the console wasm module into the team console page and starts it.
import init, { start_console } from './wasm/console.js';

init({ module_or_path: new URL('./wasm/console_bg.wasm', import.meta.url) })
  .then(() => start_console())
  .catch((error) => {
    console.error('Tact console failed to start:', error);
    document.getElementById('console').textContent = chrome.i18n.getMessage('panelFailedToStart') || 'Tact failed to start.';
  });
