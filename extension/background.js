// Loads the service worker's two wasm modules: the messaging hub and team sync. MV3 wakes the
// worker for an event only if its listener was added synchronously at start, so the listeners
// are added here and wait for the modules. Pages' team-sync requests (`type: 'sync'`) go to
// the sync module, every other message to the hub; an agent's `context_opened` goes to the hub
// and also to the sync module (mention capture); an agent's `presence` goes to the sync module,
// which holds the session; records for the team server (`type: 'record'`: approval requests
// from the panel, published replies from the agent) go to the sync module, which stores them
// before answering. Each checks the sender and the message.
import initHub, { background_handle, start_background } from './wasm/background.js';
import initSync, { start_sync, sync_alarm, sync_context_opened, sync_handle, sync_presence, sync_record } from './wasm/sync.js';

const hub = initHub({ module_or_path: new URL('./wasm/background_bg.wasm', import.meta.url) }).then(() => start_background());
const sync = initSync({ module_or_path: new URL('./wasm/sync_bg.wasm', import.meta.url) }).then(() => start_sync());

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.type === 'context_opened') {
    // The comment opened is also recorded in the team's mention history (if the team records
    // its network): the sync module checks the sender and queues it on disk.
    sync.then(() => sync_context_opened(message, sender)).catch((error) => console.error('Tact could not queue a mention:', error));
  }
  const [ready, handle] = message?.type === 'sync'
    ? [sync, sync_handle]
    : message?.type === 'record'
      ? [sync, sync_record]
      : message?.type === 'presence'
        ? [sync, async (...args) => ({ type: (await sync_presence(...args)) ? 'done' : 'refused', reason: 'wrong_context' })]
        : [hub, background_handle];
  ready
    .then(() => handle(message, sender))
    .then(sendResponse, (error) => {
      console.error('Tact background failed on a message:', error);
      sendResponse({ type: 'refused', reason: 'malformed' });
    });
  return true; // The answer is sent asynchronously.
});

chrome.alarms?.onAlarm.addListener((alarm) => {
  sync.then(() => sync_alarm(alarm.name)).catch((error) => console.error('Tact sync failed on an alarm:', error));
});

chrome.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => {});
chrome.action?.onClicked?.addListener(() => globalThis.browser?.sidebarAction?.toggle());
