// Loads the wasm core into the background context. MV3 wakes the worker for an event only if
// its listener was added synchronously at start, so the listeners are added here and wait for
// the module; every decision is taken in wasm.
import init, { background_alarm, background_handle, start_background } from './wasm/background.js';

const ready = init({ module_or_path: new URL('./wasm/background_bg.wasm', import.meta.url) }).then(() => start_background());

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  ready
    .then(() => background_handle(message, sender))
    .then(sendResponse, (error) => {
      console.error('Tact background failed on a message:', error);
      sendResponse({ type: 'refused', reason: 'malformed' });
    });
  return true; // The answer is sent asynchronously.
});

chrome.alarms?.onAlarm.addListener((alarm) => {
  ready.then(() => background_alarm(alarm.name)).catch((error) => console.error('Tact background failed on an alarm:', error));
});

chrome.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => {});
chrome.action?.onClicked?.addListener(() => globalThis.browser?.sidebarAction?.toggle());
