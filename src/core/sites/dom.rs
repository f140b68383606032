//! The few DOM operations the adapters need, as a trait.
//!
//! The web layer implements it over `web_sys::Element`; native tests implement it over parsed
//! fixture HTML. Keeping the extraction logic behind this trait lets it be tested without a
//! browser, and keeps `src/core` free of the DOM.

/// An element of a page. Implementations must never panic: an invalid selector (which a
/// validated descriptor does not contain) simply matches nothing.
pub trait DomNode: Sized + Clone {
    /// The element's descendants matching `selector`, in document order (`querySelectorAll`,
    /// the element itself excluded).
    fn query_all(&self, selector: &str) -> Vec<Self>;

    /// The element itself or its nearest ancestor matching `selector` (`Element.closest`).
    fn closest(&self, selector: &str) -> Option<Self>;

    /// Whether the element matches `selector` (`Element.matches`).
    fn matches(&self, selector: &str) -> bool;

    /// The parent element, if any (`parentElement`; a shadow host when crossing a shadow root is
    /// the implementation's choice).
    fn parent(&self) -> Option<Self>;

    /// The previous sibling element (`previousElementSibling`).
    fn previous_sibling(&self) -> Option<Self>;

    /// The text as the user sees it: `value` for `textarea` and `input`; otherwise the text
    /// content with a line break before each block element (`p`, `div`, `br`, `li`, `ul`, `ol`,
    /// `blockquote`, `pre`, `h1`-`h6`), so paragraphs do not run together. Implementations
    /// walk the nodes (no `innerText`: it forces a layout). Treated as untrusted data.
    fn text(&self) -> String;

    /// An attribute's value (`getAttribute`).
    fn attr(&self, name: &str) -> Option<String>;

    /// Whether both handles point at the same element (`isSameNode`).
    fn is_same(&self, other: &Self) -> bool;

    /// The first descendant matching `selector` (`querySelector`).
    fn query(&self, selector: &str) -> Option<Self> {
        self.query_all(selector).into_iter().next()
    }
}
