// Loads the panel page's two wasm modules and starts them: the panel (the comment, replies,
// library, sync) and the author's history beside it (its own module: see src/web/mod.rs).
import init, { start_panel } from './wasm/tact.js';
import initHistory, { start_history } from './wasm/history.js';

init({ module_or_path: new URL('./wasm/tact_bg.wasm', import.meta.url) })
  .then(() => start_panel())
  .catch((error) => {
    console.error('Tact panel failed to start:', error);
    document.getElementById('context').textContent = chrome.i18n.getMessage('panelFailedToStart') || 'Tact failed to start.';
  });

initHistory({ module_or_path: new URL('./wasm/history_bg.wasm', import.meta.url) })
  .then(() => start_history())
  .catch((error) => console.error('Tact history failed to start:', error));
