//! The submit guard: while the team's policy does not allow a reply to go out, the site's
//! submit (its button, and its keyboard shortcut) is stopped before the site sees it, and a
//! short explanation appears by the button.
//!
//! Where it runs: `extension/guard.js`, a content script registered at `document_start`, adds
//! capture listeners on `window` before any page script runs, in the extension's isolated
//! world; this module gives it the decision ([`decide`]) once the agent has loaded. Page scripts
//! cannot remove those listeners (they never see the functions), and being first on `window` in
//! the capture phase, ours stop the event before any listener the page adds.
//!
//! What it decides: `core::policy::guard::guard_verdict` over the writer (role and exemptions,
//! [`inputs`]), the draft's findings (`agent::guidelines::findings_now`, of exactly the text in
//! the box) and the approvals granted. A reply that goes
//! through is recorded ([`record`]).

mod inputs;
mod notice;
mod record;

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};

use crate::core::model::ToBackground;
use crate::core::policy::approval::PostingReason;
use crate::core::policy::guard::{guard_verdict, is_posting_key, GuardVerdict, KeyPress, Writer};
use crate::core::sites::{find_submit, DomNode};
use crate::core::guidelines::Severity;
use crate::web::agent::context;
use crate::web::agent::guidelines::{findings_now, NotChecked};
use crate::web::{chrome, wire};

/// Storage keys the guard reads (see `src/web/sync/mod.rs` for who writes them).
pub mod keys {
    pub const ME: &str = "sync.me.v1";
    pub const SETTINGS: &str = "team.settings.v1";
    pub const GRANTED: &str = "approvals.granted.v1";
}

/// A post seen twice within this time (a button's click, then its form's submit) is one post.
const SAME_POST_MS: f64 = 3_000.0;

thread_local! {
    /// The reply boxes of the page (those still in it are looked at).
    static BOXES: RefCell<Vec<Element>> = const { RefCell::new(Vec::new()) };
    /// The template last inserted in a reply box, recorded with its reply.
    static TEMPLATES: RefCell<Vec<(Element, String)>> = const { RefCell::new(Vec::new()) };
    /// The last post recorded (text and time), so one post is recorded once.
    static LAST_POST: RefCell<Option<(String, f64)>> = const { RefCell::new(None) };
    /// The last draft reported as held, so the background hears of each once.
    static LAST_HELD: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// How the person tried to post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempt {
    /// A click (or the pointer events around it) on the submit control.
    Button { primary: bool },
    /// The site's keyboard shortcut in the reply box.
    Shortcut,
    /// The form around the reply box was submitted.
    Form,
}

impl Attempt {
    /// Whether this event, let through, posts the reply (pointer downs and ups do not).
    fn posts(self) -> bool {
        !matches!(self, Attempt::Button { primary: false })
    }
}

/// Starts following the writer's inputs. The agent's loader then hands [`decide`] (exported as
/// `guard_decide`) to the listeners of `guard.js`.
pub fn start() {
    inputs::load_and_follow();
}

/// Reply boxes found on the page: their submits are guarded.
pub fn watch(editors: &[Element]) {
    BOXES.with(|boxes| {
        let mut boxes = boxes.borrow_mut();
        boxes.retain(|known| known.is_connected());
        for editor in editors {
            if !boxes.iter().any(|known| known == editor) {
                boxes.push(editor.clone());
            }
        }
    });
}

/// The panel inserted `template_id` into `editor`: recorded with the reply if it is posted.
pub fn remember_template(editor: &Element, template_id: Option<String>) {
    TEMPLATES.with(|templates| {
        let mut templates = templates.borrow_mut();
        templates.retain(|(known, _)| known != editor && known.is_connected());
        if let Some(id) = template_id {
            templates.push((editor.clone(), id));
        }
    });
}

/// The person typed in `editor`: an explanation shown for an older draft goes.
pub fn on_input() {
    notice::hide();
}

/// The reply box's draft, read the same way for the guard, requests, placement and records: a
/// text field's value as it is; a rich editor's text with a line per block, without the breaks
/// its outer blocks add before the first line and after the last (a paragraph wraps every
/// line), no-break spaces as spaces.
pub fn draft_text(editor: &Element) -> String {
    let text = DomNode::text(editor);
    if editor.dyn_ref::<HtmlTextAreaElement>().is_some() || editor.dyn_ref::<HtmlInputElement>().is_some() {
        return text;
    }
    text.trim_matches('\n').replace('\u{a0}', " ")
}

/// Called by `guard.js` for each guarded event: true stops it.
pub fn decide(event: Event) -> bool {
    let Some((member_id, role)) = inputs::with(|inputs| inputs.member.clone()) else { return false };
    let Some((editor, anchor, attempt)) = attempt_of(&event) else { return false };
    let text = draft_text(&editor);
    if text.trim().is_empty() {
        return false; // Nothing to post: the site ignores it.
    }
    // The findings on exactly this text: nothing goes out unchecked.
    let findings = match findings_now(&editor) {
        Ok(findings) => findings,
        Err(not_checked) => {
            if attempt.posts() {
                let why = if not_checked == NotChecked::Unavailable { "guardCheckUnavailable" } else { "guardChecking" };
                notice::show(&anchor, &chrome::message(why));
            }
            return true; // Nothing goes out unchecked.
        }
    };
    let verdict = inputs::with(|inputs| {
        let writer = Writer { member_id: &member_id, role, settings: &inputs.settings };
        guard_verdict(&writer, &text, &findings, &inputs.granted)
    });
    match verdict {
        GuardVerdict::Allowed { approval_id } => {
            if attempt.posts() && !seen_recently(&text) {
                notice::hide();
                let template_id = template_of(&editor);
                record::posted(&editor, record::Posted { text, approval_id, template_id, findings });
            }
            false
        }
        GuardVerdict::NeedsApproval { reasons } | GuardVerdict::Blocked { reasons } => {
            if attempt.posts() {
                notice::show(&anchor, &explanation(&reasons));
                report_held(&editor, text, reasons);
            }
            true
        }
    }
}

/// The reply box an event tries to post, the element to explain beside, and how.
fn attempt_of(event: &Event) -> Option<(Element, Element, Attempt)> {
    let target = event_target(event)?;
    let boxes: Vec<Element> = BOXES.with(|boxes| boxes.borrow().iter().filter(|b| b.is_connected()).cloned().collect());
    match event.type_().as_str() {
        "keydown" => {
            if !is_submit_shortcut(event.dyn_ref::<KeyboardEvent>()?) {
                return None; // Every other key: no lookup at all.
            }
            let editor = boxes.into_iter().find(|editor| editor.contains(Some(&target)))?;
            Some((editor.clone(), submit_of(&editor).unwrap_or_else(|| editor.clone()), Attempt::Shortcut))
        }
        "submit" => {
            let editor = boxes.into_iter().find(|editor| target.contains(Some(editor)))?;
            Some((editor.clone(), submit_of(&editor).unwrap_or_else(|| editor.clone()), Attempt::Form))
        }
        kind => {
            let primary = kind == "click";
            boxes.into_iter().find_map(|editor| {
                let submit = submit_of(&editor).filter(|submit| submit.contains(Some(&target)))?;
                Some((editor, submit, Attempt::Button { primary }))
            })
        }
    }
}

/// The element the event is for, inside open shadow roots too.
fn event_target(event: &Event) -> Option<Element> {
    let path = event.composed_path();
    path.get(0).dyn_into::<Element>().ok().or_else(|| event.target()?.dyn_into::<Element>().ok())
}

/// Whether the key posts on this site: Ctrl/Cmd+Enter, or Enter alone where the site's
/// descriptor says Enter posts.
fn is_submit_shortcut(key: &KeyboardEvent) -> bool {
    let press = KeyPress {
        key: &key.key(),
        ctrl: key.ctrl_key(),
        meta: key.meta_key(),
        shift: key.shift_key(),
        alt: key.alt_key(),
        composing: key.is_composing(),
    };
    let enter_posts = context::adapters().site.submit.as_ref().is_some_and(|rule| rule.enter_posts);
    is_posting_key(&press, enter_posts)
}

/// The site's submit control for `editor`, by the page's descriptor, else the generic one.
fn submit_of(editor: &Element) -> Option<Element> {
    let adapters = context::adapters();
    find_submit(&adapters.site, editor).or_else(|| find_submit(&adapters.generic, editor))
}

fn template_of(editor: &Element) -> Option<String> {
    TEMPLATES.with(|templates| templates.borrow().iter().find(|(known, _)| known == editor).map(|(_, id)| id.clone()))
}

/// Whether this text was recorded as posted a moment ago (one post, several events).
fn seen_recently(text: &str) -> bool {
    let now = js_sys::Date::now();
    LAST_POST.with(|last| {
        let mut last = last.borrow_mut();
        let repeated = last.as_ref().is_some_and(|(previous, at)| previous == text && now - at < SAME_POST_MS);
        *last = Some((text.to_owned(), now));
        repeated
    })
}

/// The explanation by the button, in the person's language.
fn explanation(reasons: &[PostingReason]) -> String {
    let blocked = reasons.iter().any(|reason| matches!(reason, PostingReason::Finding { severity: Severity::Block, .. }));
    let mut lines: Vec<String> = reasons
        .iter()
        .map(|reason| match reason {
            PostingReason::Role { .. } => chrome::message("guardReasonRole"),
            PostingReason::Finding { message, .. } => chrome::message_with("guardReasonFinding", &[message]),
        })
        .collect();
    lines.push(chrome::message(if blocked { "guardBlocked" } else { "guardAskApproval" }));
    lines.join(" ")
}

/// Tells the background which draft was held, for the panel's "request approval".
fn report_held(editor: &Element, text: String, reasons: Vec<PostingReason>) {
    let fresh = LAST_HELD.with(|last| last.borrow_mut().replace(text.clone()).as_deref() != Some(text.as_str()));
    if !fresh {
        return;
    }
    let context = context::for_editor(editor);
    let message = wire::to_js(&ToBackground::PostingHeld { text, context, reasons });
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = chrome::send_message(&message).await {
            gloo::console::warn!("Tact could not reach its background:", error);
        }
    });
}
