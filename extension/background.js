// Loads the wasm core into the background context. MV3 wakes the worker for an event only if
// its listener was added synchronously at start, so the listener is added here and waits for
// the module; every decision is taken in wasm.
import init, { background_handle, start_background } from './wasm/tact.js';

const ready = init({ module_or_path: new URL('./wasm/tact_bg.wasm', import.meta.url) }).then(() => start_background());

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  ready
    .then(() => background_handle(message, sender))
    .then(sendResponse, (error) => {
      console.error('Tact background failed on a message:', error);
      sendResponse({ type: 'refused', reason: 'malformed' });
    });
  return true; // The answer is sent asynchronously.
});

chrome.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => {});
chrome.action?.onClicked?.addListener(() => globalThis.browser?.sidebarAction?.toggle());
