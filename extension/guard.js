// The submit guard's listeners, registered at document_start, before any page script runs.
// They live in the extension's isolated world: the page's scripts cannot see this function or
// `tactGuard`, so they cannot remove the listeners, and ours run first on `window` in the
// capture phase, before any listener a page adds later. The agent (wasm) drives the decision
// once loaded, through `tactGuard.drive(decide)`: `decide(event)` answers true to stop it.
//
// Until then (the agent loads at document_idle, then compiles its module), a signed-in member's
// reply could go out unchecked: a draft the site restored, posted at once. So while the agent
// starts, what looks like posting a non-empty reply box is held, with a short note, for at most
// STARTING_HOLD_MS (should the agent never start, the page is not left unusable).
(() => {
  const STARTING_HOLD_MS = 10_000;
  const startedAt = performance.now();
  let decide = null;
  let signedIn = true; // Until storage answers: holding is the safe side.
  chrome.storage.local.get('sync.me.v1')
    .then((stored) => { signedIn = Boolean(stored['sync.me.v1']); })
    .catch(() => {});

  const stop = (event) => {
    event.stopImmediatePropagation();
    event.preventDefault();
  };

  const editable = (element) => element instanceof Element
    && (element.matches('textarea, input[type="text"], input:not([type])') || element.isContentEditable);
  const draftIn = (element) => ('value' in element && typeof element.value === 'string' ? element.value : element.textContent ?? '').trim() !== '';
  const anyDraft = () => Array.from(document.querySelectorAll('textarea, [contenteditable]:not([contenteditable="false"])'))
    .some((element) => editable(element) && draftIn(element));

  /** The control this event would post with, if it looks like posting a reply (no descriptor yet). */
  const postingControl = (event) => {
    const target = event.composedPath()[0];
    if (!(target instanceof Element)) return null;
    if (event.type === 'submit') {
      const draft = Array.from(target.querySelectorAll('textarea, [contenteditable]')).some((box) => editable(box) && draftIn(box));
      return draft ? target.querySelector('button, input[type="submit"]') ?? target : null;
    }
    if (event.type === 'keydown') {
      const enter = event.key === 'Enter' && !event.shiftKey && !event.isComposing;
      const posts = enter && (event.ctrlKey || event.metaKey || target.isContentEditable);
      return posts && editable(target) && draftIn(target) ? target : null;
    }
    const control = target.closest('button, [role="button"], input[type="submit"], input[type="button"]');
    return control && anyDraft() ? control : null;
  };

  const whileStarting = (event) => {
    if (!event.isTrusted || !signedIn || performance.now() - startedAt > STARTING_HOLD_MS) return;
    const control = postingControl(event);
    if (!control) return;
    stop(event);
    if (event.type === 'click' || event.type === 'keydown' || event.type === 'submit') note.show(control);
  };

  const guard = (event) => {
    if (decide === null) {
      whileStarting(event);
      return;
    }
    let held;
    try {
      held = decide(event);
    } catch (error) {
      held = true; // Fail closed: an error in the guard never lets a held reply through.
      console.warn('Tact guard failed:', error);
    }
    if (held) stop(event);
  };
  for (const type of ['click', 'keydown', 'submit', 'pointerup', 'mouseup']) {
    window.addEventListener(type, guard, { capture: true });
  }

  // The note while Tact starts: our own element at the end of the document, its content in a
  // shadow root (the site's markup is never touched and its styles cannot reach it; like the
  // agent's notice it holds only our words), removed once the agent drives.
  const note = {
    host: null,
    show(anchor) {
      if (!this.host) {
        this.host = document.createElement('tact-guard-starting');
        const root = this.host.attachShadow({ mode: 'open' });
        root.innerHTML = '<style>:host{all:initial}div{position:fixed;max-width:320px;padding:6px 10px;z-index:2147483647;'
          + 'border:1px solid #c92a2a;border-radius:6px;background:#fff5f5;color:#862e2e;font:13px/1.35 system-ui,sans-serif;'
          + 'box-shadow:0 1px 4px rgba(0,0,0,.25);transform:translateY(-100%)}</style>'
          + '<div role="status" data-testid="tact-guard-starting"></div>';
        this.box = root.querySelector('div');
        document.documentElement.append(this.host);
      }
      this.box.textContent = chrome.i18n.getMessage('guardStarting');
      const rect = anchor.getBoundingClientRect();
      this.box.style.left = `${Math.max(0, rect.left)}px`;
      this.box.style.top = `${Math.max(0, rect.top - 8)}px`;
    },
    remove() { this.host?.remove(); this.host = null; },
  };

  globalThis.tactGuard = Object.freeze({
    drive(fn) {
      if (decide !== null || typeof fn !== 'function') return;
      decide = fn;
      note.remove();
    },
  });
})();
