// The submit guard's listeners, registered at document_start, before any page script runs.
// They live in the extension's isolated world: the page's scripts cannot see this function or
// `tactGuard`, so they cannot remove the listeners, and ours run first on `window` in the
// capture phase, before any listener a page adds later. The agent (wasm) drives the decision
// once loaded, through `tactGuard.drive(decide)`: `decide(event)` answers true to stop it.
(() => {
  let decide = null;
  const guard = (event) => {
    if (decide === null) return;
    let stop;
    try {
      stop = decide(event);
    } catch (error) {
      stop = true; // Fail closed: an error in the guard never lets a held reply through.
      console.warn('Tact guard failed:', error);
    }
    if (stop) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  };
  for (const type of ['click', 'keydown', 'submit', 'pointerup', 'mouseup']) {
    window.addEventListener(type, guard, { capture: true });
  }
  globalThis.tactGuard = Object.freeze({
    drive(fn) { if (decide === null && typeof fn === 'function') decide = fn; },
  });
})();
