//! The last resort: the reply goes to the clipboard, for the user to paste.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlDocument, HtmlElement, HtmlTextAreaElement, ShadowRootInit, ShadowRootMode};

use crate::web::dom;

/// Puts `text` on the clipboard; false when the browser refused both ways.
pub async fn copy(text: &str) -> bool {
    with_async_clipboard(text).await || with_copy_command(text)
}

/// The async Clipboard API: needs a focused document.
async fn with_async_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

/// `execCommand('copy')` from a hidden textarea inside our own shadow root, so the page's
/// styles and scripts never see it; the focus goes back where it was.
fn with_copy_command(text: &str) -> bool {
    let document = dom::document();
    let previously_focused = document.active_element().and_then(|element| element.dyn_into::<HtmlElement>().ok());
    let Ok(host) = document.create_element("tact-clipboard") else { return false };
    let _ = host.set_attribute("style", "position:fixed;left:-10000px;top:0;width:1px;height:1px;overflow:hidden");
    let Ok(shadow) = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Closed)) else { return false };
    let Some(area) = document.create_element("textarea").ok().and_then(|element| element.dyn_into::<HtmlTextAreaElement>().ok()) else {
        return false;
    };
    area.set_value(text);
    let _ = shadow.append_child(&area);
    let Some(parent) = document.body().map(|body| body.unchecked_into::<web_sys::Element>()).or_else(|| document.document_element()) else {
        return false;
    };
    let _ = parent.append_child(&host);
    let _ = area.focus();
    area.select();
    let copied = document.dyn_ref::<HtmlDocument>().and_then(|html| html.exec_command("copy").ok()).unwrap_or(false);
    host.remove();
    if let Some(element) = previously_focused {
        let _ = element.focus();
    }
    copied
}
