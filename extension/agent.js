// Loads the wasm core into the page's content-script world and starts the agent.
(async () => {
  const tact = await import(chrome.runtime.getURL('wasm/agent.js'));
  await tact.default({ module_or_path: chrome.runtime.getURL('wasm/agent_bg.wasm') });
  tact.start_agent();
})().catch((error) => console.warn('Tact could not start on this page:', error));
