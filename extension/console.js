// Loads the console wasm module into the team console page and starts it. The rules view asks
// for the guidelines module (the rule engine, too big for the console's module) through
// `tactLoadGuidelines`, loaded once and only by the views that need it.
import init, { start_console } from './wasm/console.js';

let guidelines;
globalThis.tactLoadGuidelines = () => {
  guidelines ??= import('./wasm/guidelines.js').then(async (module) => {
    await module.default({ module_or_path: new URL('./wasm/guidelines_bg.wasm', import.meta.url) });
    return module;
  });
  return guidelines;
};

init({ module_or_path: new URL('./wasm/console_bg.wasm', import.meta.url) })
  .then(() => start_console())
  .catch((error) => {
    console.error('Tact console failed to start:', error);
    document.getElementById('console').textContent = chrome.i18n.getMessage('panelFailedToStart') || 'Tact failed to start.';
  });
