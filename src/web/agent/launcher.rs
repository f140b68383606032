//! Launchers: the small Tact button beside each reply box.
//!
//! They live in one overlay element appended to the document, inside a shadow root, so the
//! site's styles cannot break them and the site's editor markup is never touched (injected
//! nodes inside React-managed trees break those editors). Positions follow the editors on
//! scroll, resize and page changes, batched into one animation frame.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};

use crate::web::{chrome, dom};

const SIZE_PX: f64 = 22.0;
const INSET_PX: f64 = 4.0;

const STYLE: &str = "
:host { all: initial; }
button {
  position: fixed; width: 22px; height: 22px; padding: 0; margin: 0;
  border: 1px solid #3b5bdb; border-radius: 6px; background: #fff; color: #3b5bdb;
  font: 600 13px/20px system-ui, sans-serif; cursor: pointer; z-index: 2147483647;
  box-shadow: 0 1px 3px rgba(0,0,0,.25); opacity: .85;
}
button:hover, button:focus-visible { opacity: 1; outline: 2px solid #3b5bdb; outline-offset: 1px; }
button[hidden] { display: none; }
.mark { position: fixed; pointer-events: none; z-index: 2147483646; box-sizing: border-box; border-bottom: 2px solid; }
.mark.info { border-color: #1971c2; background: rgba(25,113,194,.10); }
.mark.warn { border-color: #e8590c; background: rgba(232,89,12,.12); }
.mark.approval { border-color: #9c36b5; background: rgba(156,54,181,.12); }
.mark.block { border-color: #e03131; background: rgba(224,49,49,.14); }
.mirror { position: fixed; visibility: hidden; pointer-events: none; overflow: hidden; white-space: pre-wrap;
  overflow-wrap: break-word; border-style: solid; border-color: transparent; margin: 0; }
.badge { position: fixed; display: flex; gap: 4px; padding: 0 5px; height: 18px; z-index: 2147483647; pointer-events: none;
  font: 600 11px/18px system-ui, sans-serif; background: #fff; border: 1px solid #adb5bd; border-radius: 9px; }
.badge[hidden] { display: none; }
.badge .block { color: #e03131; } .badge .approval { color: #9c36b5; } .badge .warn { color: #e8590c; } .badge .info { color: #1971c2; }
.badge span::before { content: '\u{25CF}\u{a0}'; }
";

struct Launcher {
    editor: Element,
    button: Element,
    _on_click: Closure<dyn FnMut(web_sys::Event)>,
}

/// The overlay holding every launcher of the page.
pub struct Overlay {
    container: Element,
    launchers: Vec<Launcher>,
    on_open: fn(Element),
    /// Schedules a reposition at the next animation frame.
    relayout: js_sys::Function,
}

impl Overlay {
    /// Creates the overlay; `on_open` runs when the user clicks a launcher.
    pub fn new(on_open: fn(Element)) -> Overlay {
        let document = dom::document();
        let host = dom::Node::new("tact-overlay").build();
        let container = dom::Node::new("div").build();
        if let Ok(shadow) = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) {
            let _ = shadow.append_child(&dom::Node::new("style").text(STYLE).build());
            let _ = shadow.append_child(&container);
        }
        if let Some(root) = document.document_element() {
            let _ = root.append_child(&host);
        }
        Overlay { container, launchers: Vec::new(), on_open, relayout: follow_layout() }
    }

    /// Adds a launcher beside `editor`.
    pub fn add(&mut self, editor: Element) {
        let on_open = self.on_open;
        let target = editor.clone();
        let label = chrome::message("launcherLabel");
        let button = dom::Node::new("button").attr("type", "button").attr("aria-label", &label).attr("title", &label).text("T").build();
        // The button's handler is owned by the launcher, so it goes when the launcher does.
        let on_click = Closure::wrap(Box::new(move |event: web_sys::Event| {
            // A page script can click our button; only the user's own click opens Tact.
            if event.is_trusted() {
                event.prevent_default();
                on_open(target.clone());
            }
        }) as Box<dyn FnMut(web_sys::Event)>);
        let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        let _ = button.set_attribute("hidden", ""); // Placed at the next frame, with the others.
        let _ = self.container.append_child(&button);
        self.launchers.push(Launcher { editor, button, _on_click: on_click });
    }

    /// The element everything the agent draws goes into (inside the shadow root).
    pub fn container(&self) -> &Element {
        &self.container
    }

    /// Drops the launchers of reply boxes the page removed.
    pub fn drop_detached(&mut self) {
        self.launchers.retain(|launcher| {
            let attached = launcher.editor.is_connected();
            if !attached {
                launcher.button.remove();
            }
            attached
        });
    }

    /// Repositions the launchers at the next animation frame (after the page changed).
    pub fn relayout(&self) {
        let _ = self.relayout.call0(&JsValue::NULL);
    }

    fn reposition(&self) {
        for launcher in &self.launchers {
            place(&launcher.editor, &launcher.button);
        }
    }
}

/// Listens to scroll and resize, and returns the scheduler they call: it repositions every
/// launcher at the next animation frame, at most once per frame.
fn follow_layout() -> js_sys::Function {
    let pending = Rc::new(Cell::new(false));
    let schedule = Closure::wrap(Box::new(move || {
        if pending.replace(true) {
            return;
        }
        let pending = pending.clone();
        let frame = Closure::once_into_js(move || {
            pending.set(false);
            super::AGENT.with(|agent| {
                if let Some(overlay) = agent.borrow().as_ref() {
                    overlay.reposition();
                }
            });
            super::guidelines::follow_layout();
        });
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(frame.unchecked_ref());
        }
    }) as Box<dyn FnMut()>);
    let schedule: js_sys::Function = schedule.into_js_value().unchecked_into(); // Lives as long as the page.
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback_and_bool("scroll", &schedule, true);
        let _ = window.add_event_listener_with_callback("resize", &schedule);
    }
    schedule
}

/// Puts the button at the editor's bottom-right corner, inside it; hides it with the editor.
fn place(editor: &Element, button: &Element) {
    let rect = editor.get_bounding_client_rect();
    let visible = rect.width() > 0.0 && rect.height() > 0.0;
    if !visible {
        let _ = button.set_attribute("hidden", "");
        return;
    }
    let _ = button.remove_attribute("hidden");
    let left = rect.right() - SIZE_PX - INSET_PX;
    let top = rect.bottom() - SIZE_PX - INSET_PX;
    let _ = button.set_attribute("style", &format!("left:{left:.0}px;top:{top:.0}px"));
}
