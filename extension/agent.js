// Loads the wasm core into the page's content-script world and starts the agent. The
// guidelines module is only loaded when the agent asks (the first input in a reply box).
const loadGuidelines = async () => {
  const guidelines = await import(chrome.runtime.getURL('wasm/guidelines.js'));
  await guidelines.default({ module_or_path: chrome.runtime.getURL('wasm/guidelines_bg.wasm') });
  return guidelines;
};

(async () => {
  const tact = await import(chrome.runtime.getURL('wasm/agent.js'));
  await tact.default({ module_or_path: chrome.runtime.getURL('wasm/agent_bg.wasm') });
  tact.start_agent(loadGuidelines);
  // The submit guard's listeners (guard.js, at document_start) get their decision from the agent.
  globalThis.tactGuard?.drive(tact.guard_decide);
})().catch((error) => console.warn('Tact could not start on this page:', error));
