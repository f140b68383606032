//! The agent: the content script in every tab.
//!
//! It finds reply boxes, puts a launcher beside each (in its own overlay, never inside the
//! site's markup), and tells the background which comment a reply box answers. On a page with
//! no reply box it only keeps one MutationObserver and makes no layout reads.

mod context;
mod dom_node;
mod editor_text;
mod expand;
pub mod guard;
pub(crate) mod guidelines;
mod health;
pub mod insert;
mod launcher;
mod presence;
mod reply_boxes;

use std::cell::RefCell;

use web_sys::Element;

use crate::core::model::{InsertOutcome, ToAgent, ToBackground};
use crate::web::{chrome, dom, wire};
use self::editor_text::EditorText;

thread_local! {
    static AGENT: RefCell<Option<launcher::Overlay>> = const { RefCell::new(None) };
    /// The reply box the user last focused or opened Tact from: where insertions go.
    static ACTIVE_EDITOR: RefCell<Option<Element>> = const { RefCell::new(None) };
}

/// Starts the agent; `load_guidelines` resolves to the guidelines module, loaded on first use.
pub fn start(load_guidelines: js_sys::Function) {
    guidelines::set_loader(load_guidelines);
    let document = dom::document();
    let Some(root) = document.document_element() else { return };
    guard::start();
    reply_boxes::watch(&root, on_reply_boxes_found, on_nodes_removed);
    reply_boxes::on_focus(&document, |editor| {
        expand::forget_shortcuts();
        report_context(&editor, false);
    });
    reply_boxes::on_blur(&document, |_| presence::left());
    reply_boxes::on_input(&document, |editor| {
        guard::on_input();
        expand::on_input(&editor);
        guidelines::on_input(&editor);
    });
    chrome::on_message_async(|message, sender| {
        let request: ToAgent = wire::from_js(message)?;
        request.permitted_from(chrome::classify_sender(&sender)).ok()?;
        Some(async move { wire::to_js(&handle(request).await) })
    });
}

async fn handle(request: ToAgent) -> InsertOutcome {
    match request {
        ToAgent::Insert { text, cursor_utf16, template_id } => insert_into_active_editor(&text, cursor_utf16, template_id).await,
        ToAgent::PlaceApproved { text } => place_approved(&text).await,
        ToAgent::Replace { start, end, expected, replacement } => match active_editor() {
            Some(editor) => guidelines::apply_fix(&editor, start, end, &expected, &replacement).await,
            None => InsertOutcome::NoReplyBox,
        },
    }
}

/// The reply box last focused, while it is in the page.
fn active_editor() -> Option<Element> {
    ACTIVE_EDITOR.with(|active| active.borrow().clone()).filter(|editor| editor.is_connected())
}

/// The overlay's container (in its shadow root), once the page has a reply box.
fn overlay_container() -> Option<Element> {
    AGENT.with(|agent| agent.borrow().as_ref().map(|overlay| overlay.container().clone()))
}

async fn insert_into_active_editor(text: &str, cursor_utf16: Option<usize>, template_id: Option<String>) -> InsertOutcome {
    let Some(editor) = active_editor() else { return InsertOutcome::NoReplyBox };
    let outcome = outcome_of(insert::insert(&editor, text, cursor_utf16, None).await);
    if outcome == InsertOutcome::Inserted {
        guard::remember_template(&editor, template_id);
    }
    outcome
}

/// Puts an approved text in place of the draft in the reply box last used.
async fn place_approved(text: &str) -> InsertOutcome {
    let Some(editor) = active_editor() else { return InsertOutcome::NoReplyBox };
    if guard::draft_text(&editor) == text {
        return InsertOutcome::Inserted;
    }
    match insert::select_draft_end(&editor) {
        Ok(replace) => outcome_of(insert::insert(&editor, text, None, replace).await),
        Err(insert::NotReplaceable) => replace_whole_draft(&editor, text).await,
    }
}

/// A rich draft of several paragraphs (or runs of formatting): all of it is selected, as a
/// guideline's fix selects its range, and typed over through the editor; verified, undone if
/// it went wrong.
async fn replace_whole_draft(editor: &Element, text: &str) -> InsertOutcome {
    let draft = EditorText::of(editor);
    let end = draft.text.encode_utf16().count();
    match insert::replace_range(editor, 0, end, &draft.text, text).await {
        Ok(()) => InsertOutcome::Inserted,
        Err(_) => InsertOutcome::Failed,
    }
}

fn outcome_of(result: Result<insert::Inserted, insert::InsertError>) -> InsertOutcome {
    match result {
        Ok(insert::Inserted { via: insert::Via::Editor }) => InsertOutcome::Inserted,
        Ok(insert::Inserted { via: insert::Via::Clipboard }) => InsertOutcome::Copied,
        Err(_) => InsertOutcome::Failed,
    }
}

fn on_reply_boxes_found(editors: Vec<Element>) {
    AGENT.with(|agent| {
        let mut agent = agent.borrow_mut();
        let overlay = agent.get_or_insert_with(|| launcher::Overlay::new(|editor| report_context(&editor, true)));
        guard::watch(&editors);
        for editor in editors {
            overlay.add(editor);
        }
        overlay.relayout();
    });
}

fn on_nodes_removed() {
    AGENT.with(|agent| {
        if let Some(overlay) = agent.borrow_mut().as_mut() {
            overlay.drop_detached();
            overlay.relayout();
        }
    });
}

/// Sends the context of the comment `editor` answers to the background.
fn report_context(editor: &Element, open_panel: bool) {
    ACTIVE_EDITOR.with(|active| *active.borrow_mut() = Some(editor.clone()));
    let context = context::opened(editor);
    if !open_panel {
        presence::focused(editor, &context.permalink);
    }
    let message = wire::to_js(&ToBackground::ContextOpened { context, open_panel });
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = chrome::send_message(&message).await {
            gloo::console::warn!("Tact could not reach its background:", error);
        }
    });
}

