//! Brand guidelines in the page: on input in a reply box, the draft is checked by the
//! guidelines module (loaded with a dynamic `import()` the first time a reply box gets input,
//! so pages without one never load it), highlights and a badge are drawn in the overlay, and
//! the findings go to the panel through the background. The panel's fixes come back as
//! [`ToAgent::Replace`](crate::core::model::ToAgent) and go through the editor like typing.
//!
//! Checks and layout reads happen in one animation frame per change, whatever the number of
//! inputs, scrolls and resizes in between.

mod marks;

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::core::guidelines::Finding;
use crate::core::model::{InsertOutcome, ToBackground};
use crate::web::agent::editor_text::EditorText;
use crate::web::agent::{context, insert};
use crate::web::{chrome, wire};

#[wasm_bindgen]
extern "C" {
    /// The guidelines module's exports (`src/web/guidelines`), as the loader hands them over.
    type GuidelinesModule;
    #[wasm_bindgen(method, js_name = guidelines_prepare)]
    fn prepare(this: &GuidelinesModule) -> js_sys::Promise;
    #[wasm_bindgen(method, js_name = guidelines_check)]
    fn check(this: &GuidelinesModule, text: String, platform: &str, comment: &str) -> String;
    #[wasm_bindgen(method, js_name = guidelines_on_rules_changed)]
    fn on_rules_changed(this: &GuidelinesModule, callback: &js_sys::Function);
}

/// The latest check of a reply box: the text exactly as checked and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CheckedDraft {
    text: String,
    findings: Vec<Finding>,
}

/// Where the module is.
enum Module {
    /// Not asked for yet: the loader the content script's JS gave us.
    NotLoaded(js_sys::Function),
    Loading,
    Ready(GuidelinesModule),
    Failed,
}

struct Checked {
    editor: Element,
    draft: CheckedDraft,
}

thread_local! {
    static MODULE: RefCell<Option<Module>> = const { RefCell::new(None) };
    static LATEST: RefCell<Option<Checked>> = const { RefCell::new(None) };
    /// The reply box to check at the next frame.
    static PENDING: RefCell<Option<Element>> = const { RefCell::new(None) };
    static FRAME_REQUESTED: Cell<bool> = const { Cell::new(false) };
    /// The rules changed since the latest check: check again even if the text did not.
    static RULES_CHANGED: Cell<bool> = const { Cell::new(false) };
    static MARKS: RefCell<Option<marks::Marks>> = const { RefCell::new(None) };
}

/// Keeps the loader: a JS function resolving to the guidelines module, initialised.
pub fn set_loader(load: js_sys::Function) {
    MODULE.with(|module| *module.borrow_mut() = Some(Module::NotLoaded(load)));
}

/// Why the submit guard has no findings for a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotChecked {
    /// The guidelines module is loading (asked for by this call): the draft is checked once it
    /// has.
    Loading,
    /// The module could not load: the draft cannot be checked on this page.
    Unavailable,
}

/// The guideline findings on exactly the text `editor` holds now, for the submit guard: the
/// latest check if it is of this text under the rules in force, else a check made now. A draft
/// nobody typed (a site's restored draft, a script's text) is checked like a typed one.
pub(crate) fn findings_now(editor: &Element) -> Result<Vec<Finding>, NotChecked> {
    let text = EditorText::of(editor);
    let latest = LATEST.with(|latest| {
        let latest = latest.borrow();
        latest.as_ref().filter(|checked| &checked.editor == editor && checked.draft.text == text.text).map(|checked| checked.draft.findings.clone())
    });
    if let Some(findings) = latest.filter(|_| !RULES_CHANGED.get()) {
        return Ok(findings);
    }
    let failed = MODULE.with(|module| matches!(module.borrow().as_ref(), Some(Module::Failed)));
    if failed {
        return Err(NotChecked::Unavailable);
    }
    let Some(findings) = check(editor, &text.text) else {
        on_input(editor); // Loads the module, then checks.
        return Err(NotChecked::Loading);
    };
    report(&text.text, &findings);
    LATEST.with(|latest| *latest.borrow_mut() = Some(Checked { editor: editor.clone(), draft: CheckedDraft { text: text.text, findings: findings.clone() } }));
    on_input(editor); // Redraws the marks at the next frame.
    Ok(findings)
}

/// The user typed in `editor`: check it at the next frame (loading the module the first time).
pub fn on_input(editor: &Element) {
    PENDING.with(|pending| *pending.borrow_mut() = Some(editor.clone()));
    let ready = MODULE.with(|module| matches!(module.borrow().as_ref(), Some(Module::Ready(_))));
    if ready {
        request_frame();
    } else {
        load();
    }
}

/// The page scrolled or resized (called within the overlay's animation frame): marks follow.
pub fn follow_layout() {
    let Some(checked_editor) = LATEST.with(|latest| latest.borrow().as_ref().map(|checked| checked.editor.clone())) else { return };
    if PENDING.with(|pending| pending.borrow().is_none()) {
        PENDING.with(|pending| *pending.borrow_mut() = Some(checked_editor));
    }
    run_frame();
}

fn load() {
    let loader = MODULE.with(|module| {
        let mut module = module.borrow_mut();
        match module.take() {
            Some(Module::NotLoaded(loader)) => {
                *module = Some(Module::Loading);
                Some(loader)
            }
            other => {
                *module = other;
                None
            }
        }
    });
    let Some(loader) = loader else { return };
    mark("tact:guidelines:load");
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match loader.call0(&JsValue::NULL) {
            Ok(promise) => JsFuture::from(js_sys::Promise::from(promise)).await,
            Err(error) => Err(error),
        };
        let module = match loaded {
            Ok(exports) => {
                let module: GuidelinesModule = exports.unchecked_into();
                let _ = JsFuture::from(module.prepare()).await;
                let on_change = Closure::<dyn FnMut()>::new(recheck);
                module.on_rules_changed(on_change.as_ref().unchecked_ref());
                on_change.forget(); // Lives as long as the page.
                Module::Ready(module)
            }
            Err(error) => {
                gloo::console::warn!("Tact could not load its guidelines:", error);
                Module::Failed
            }
        };
        MODULE.with(|slot| *slot.borrow_mut() = Some(module));
        mark("tact:guidelines:ready");
        request_frame();
    });
}

/// The rules changed: check the last reply box again.
fn recheck() {
    RULES_CHANGED.set(true);
    let editor = LATEST.with(|latest| latest.borrow().as_ref().map(|checked| checked.editor.clone())).or_else(super::active_editor);
    if let Some(editor) = editor {
        PENDING.with(|pending| *pending.borrow_mut() = Some(editor));
        request_frame();
    }
}

fn request_frame() {
    if FRAME_REQUESTED.replace(true) {
        return;
    }
    let frame = Closure::once_into_js(run_frame);
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }
}

/// Checks the pending reply box if its text changed, and redraws its marks.
fn run_frame() {
    FRAME_REQUESTED.set(false);
    let Some(editor) = PENDING.with(|pending| pending.borrow_mut().take()) else { return };
    if !editor.is_connected() {
        return clear();
    }
    let text = EditorText::of(&editor);
    let unchanged = LATEST.with(|latest| latest.borrow().as_ref().is_some_and(|checked| checked.editor == editor && checked.draft.text == text.text));
    let rules_changed = RULES_CHANGED.replace(false);
    if !unchanged || rules_changed {
        let Some(findings) = check(&editor, &text.text) else { return };
        report(&text.text, &findings);
        LATEST.with(|latest| *latest.borrow_mut() = Some(Checked { editor: editor.clone(), draft: CheckedDraft { text: text.text.clone(), findings } }));
    }
    LATEST.with(|latest| {
        if let Some(checked) = latest.borrow().as_ref() {
            with_marks(|marks| marks.draw(&editor, &text, &checked.draft.findings));
        }
    });
}

fn check(editor: &Element, text: &str) -> Option<Vec<Finding>> {
    let context = context::for_editor(editor);
    MODULE.with(|module| match module.borrow().as_ref() {
        Some(Module::Ready(module)) => {
            let findings = js_sys::JSON::parse(&module.check(text.to_owned(), &context.platform, &context.text));
            Some(findings.ok().and_then(wire::from_js::<Vec<Finding>>).unwrap_or_default())
        }
        _ => None,
    })
}

/// Sends the findings to the panel (through the background).
fn report(text: &str, findings: &[Finding]) {
    let message = wire::to_js(&ToBackground::DraftChecked { text: text.to_owned(), findings: findings.to_vec() });
    wasm_bindgen_futures::spawn_local(async move {
        let _ = chrome::send_message(&message).await;
    });
}

fn clear() {
    LATEST.with(|latest| *latest.borrow_mut() = None);
    with_marks(|marks| marks.clear());
}

fn with_marks(draw: impl FnOnce(&marks::Marks)) {
    MARKS.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = super::overlay_container().map(|container| marks::Marks::new(&container));
        }
        if let Some(marks) = slot.as_ref() {
            draw(marks);
        }
    });
}

/// A finding's fix from the panel: `start..end` of the focused reply box's text, which must
/// still read `expected`, becomes `replacement`, typed through the editor.
pub async fn apply_fix(editor: &Element, start: usize, end: usize, expected: &str, replacement: &str) -> InsertOutcome {
    let text = EditorText::of(editor);
    if text.slice(start, end).as_deref() != Some(expected) {
        return InsertOutcome::Failed; // The draft changed since the check the panel shows.
    }
    let outcome = match insert::replace_range(editor, start, end, expected, replacement).await {
        Ok(()) => InsertOutcome::Inserted,
        Err(_) => InsertOutcome::Failed,
    };
    on_input(editor);
    outcome
}

fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}
