// Defines a page's custom element names as inert elements (a classic script: call before the
// markup is parsed), so the fixture's DOM has real custom elements as the site's does.
window.defineInert = (...names) => {
  for (const name of names) {
    if (!customElements.get(name)) customElements.define(name, class extends HTMLElement {});
  }
};
