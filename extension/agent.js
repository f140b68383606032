// Loads the wasm core into the page's content-script world and starts the agent.
(async () => {
  const tact = await import(chrome.runtime.getURL('wasm/agent.js'));
  await tact.default({ module_or_path: chrome.runtime.getURL('wasm/agent_bg.wasm') });
  tact.start_agent();
  // The submit guard's listeners (guard.js, at document_start) get their decision from the agent.
  globalThis.tactGuard?.drive(tact.guard_decide);
})().catch((error) => console.warn('Tact could not start on this page:', error));
