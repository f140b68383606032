//! The comment's author as the team knows them, beside the comment: first and last contact and
//! counts, who on the team is replying to this comment now or just answered it (live, from the
//! channel's `presence` events), the author's tags (add, remove) and the team's notes (add),
//! their earlier mentions and the team's replies to them.
//!
//! The author is named by `core::history::AuthorKey`, computed here from the comment's context
//! exactly as the server computes it at capture. Requests carry the session's token, as the
//! live channel does. When the server does not answer, the panel says so and shows nothing of
//! what it had: nothing stale is shown as fresh.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::core::guidelines::Venue;
use crate::core::history::{collision, AuthorKey};
use crate::core::model::context::is_web_link;
use crate::core::model::history::{
    NewNote, PresenceEntry, PresenceEvent, PresenceState, PresenceView, TagRequest, TeamReply, Timeline,
};
use crate::core::model::lang::Network;
use crate::core::model::CommentContext;
use crate::core::sync::{ServerAddress, SyncProblem};
use crate::web::dom::{self, Node};
use crate::web::sync::{self as sync_store};
use crate::web::{chrome, clock, http};

/// Mentions shown (the newest).
const MENTIONS_SHOWN: u32 = 10;
/// Tries when the author is not known yet (their first mention may still be on its way).
const NOT_FOUND_RETRIES: u32 = 4;
/// How often the collision line is redrawn, so expired presence goes away.
const COLLISION_TICK_MS: i32 = 5_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setInterval)]
    fn set_interval(callback: &js_sys::Function, ms: i32) -> JsValue;
}

/// The comment shown, and what is known of who is on it.
#[derive(Default)]
struct Shown {
    key: String,
    permalink: String,
    /// Presence entries on the comment, one per member.
    presence: Vec<PresenceEntry>,
    /// The team's replies to the comment (from the timeline).
    replies: Vec<TeamReply>,
    /// The server's clock minus this browser's, from the last answer or event.
    clock_offset_ms: i64,
}

thread_local! {
    static SLOT: RefCell<Option<Element>> = const { RefCell::new(None) };
    static SHOWN: RefCell<Option<Shown>> = const { RefCell::new(None) };
    /// Bumped for every comment shown: answers for an earlier one are dropped.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
}

/// Takes the panel's `#history` slot and keeps the collision line current.
pub fn mount(slot: Element) {
    SLOT.with(|cell| *cell.borrow_mut() = Some(slot));
    let tick = Closure::<dyn FnMut()>::new(draw_collision);
    set_interval(tick.as_ref().unchecked_ref(), COLLISION_TICK_MS);
    tick.forget();
}

/// The comment being answered changed.
pub fn set_context(context: Option<&CommentContext>) {
    let generation = GENERATION.with(|cell| {
        cell.set(cell.get().wrapping_add(1));
        cell.get()
    });
    let key = context.and_then(|context| {
        let network = Venue::of(Network::from_platform(&context.platform));
        AuthorKey::of(network, &context.author).map(|key| (key.to_string(), context.permalink.clone()))
    });
    let Some((key, permalink)) = key else {
        SHOWN.with(|cell| cell.borrow_mut().take());
        show(Node::new("div"));
        return;
    };
    SHOWN.with(|cell| *cell.borrow_mut() = Some(Shown { key, permalink, ..Shown::default() }));
    wasm_bindgen_futures::spawn_local(load(generation, 0));
}

/// A `presence` event from the live channel.
pub fn on_presence(event: PresenceEvent) {
    let changed = SHOWN.with(|cell| {
        let mut shown = cell.borrow_mut();
        let shown = shown.as_mut().filter(|shown| shown.permalink == event.permalink)?;
        shown.clock_offset_ms = event.at_ms - clock::now_ms();
        shown.presence.retain(|entry| entry.member_id != event.member_id);
        if event.state != PresenceState::Closed {
            shown.presence.push(PresenceEntry {
                member_id: event.member_id,
                member_name: event.member_name,
                state: event.state,
                since_ms: event.since_ms,
                expires_ms: event.expires_ms,
            });
        }
        Some(())
    });
    if changed.is_some() {
        draw_collision();
    }
}

fn current() -> Option<(String, String)> {
    SHOWN.with(|cell| cell.borrow().as_ref().map(|shown| (shown.key.clone(), shown.permalink.clone())))
}

fn is_current(generation: u32) -> bool {
    GENERATION.with(Cell::get) == generation
}

/// The session's server and token, or `None` when not signed in to a team.
async fn signed_in() -> Option<(ServerAddress, String)> {
    let session = sync_store::session().await?;
    Some((ServerAddress::parse(&session.server).ok()?, session.token))
}

async fn load(generation: u32, attempt: u32) {
    let Some((key, permalink)) = current() else { return };
    let Some((server, token)) = signed_in().await else {
        return show(notice("historySignIn"));
    };
    let path = format!("/history/authors/{}?limit={MENTIONS_SHOWN}", encode(&key));
    let timeline = http::json::<Timeline>("GET", &server.api(&path), server.as_str(), Some(&token), None::<&()>).await;
    let presence = presence_on(&server, &token, &permalink).await;
    if !is_current(generation) {
        return;
    }
    match timeline {
        Ok(timeline) => {
            remember(&timeline, presence);
            show(render(&timeline, &permalink));
        }
        Err(SyncProblem::Server { status: 404, .. }) => {
            remember_presence(presence);
            show(first_contact());
            if attempt < NOT_FOUND_RETRIES {
                let wait = 500 * (1 << attempt);
                gloo::timers::callback::Timeout::new(wait, move || {
                    if is_current(generation) {
                        wasm_bindgen_futures::spawn_local(load(generation, attempt + 1));
                    }
                })
                .forget();
            }
        }
        Err(SyncProblem::Unreachable { .. }) => show(notice("historyOffline")),
        Err(problem) => {
            gloo::console::warn!(format!("Tact: the author's history could not be read: {problem:?}"));
            show(notice("historyUnavailable"));
        }
    }
    draw_collision();
}

async fn presence_on(server: &ServerAddress, token: &str, permalink: &str) -> Option<PresenceView> {
    if permalink.is_empty() {
        return None;
    }
    let url = server.api(&format!("/history/presence?permalink={}", encode(permalink)));
    http::json::<PresenceView>("GET", &url, server.as_str(), Some(token), None::<&()>).await.ok()
}

fn remember(timeline: &Timeline, presence: Option<PresenceView>) {
    SHOWN.with(|cell| {
        if let Some(shown) = cell.borrow_mut().as_mut() {
            let replies = timeline.replies.iter().flatten();
            shown.replies = replies.filter(|reply| reply.permalink == shown.permalink).cloned().collect();
        }
    });
    remember_presence(presence);
}

fn remember_presence(presence: Option<PresenceView>) {
    let Some(view) = presence else { return };
    SHOWN.with(|cell| {
        if let Some(shown) = cell.borrow_mut().as_mut().filter(|shown| shown.permalink == view.permalink) {
            shown.clock_offset_ms = view.now_ms - clock::now_ms();
            shown.presence = view.entries;
        }
    });
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

fn show(content: Node) {
    if let Some(slot) = SLOT.with(|cell| cell.borrow().clone()) {
        dom::replace_children(&slot, content);
    }
}

fn notice(key: &str) -> Node {
    Node::new("section")
        .class("history")
        .attr("data-testid", "history")
        .child(Node::new("p").class("notice").attr("role", "status").attr("data-testid", "history-notice").text(&chrome::message(key)))
}

fn first_contact() -> Node {
    Node::new("section")
        .class("history")
        .attr("data-testid", "history")
        .child(Node::new("h2").text(&chrome::message("historyHeading")))
        .child(collision_line())
        .child(Node::new("p").class("empty").attr("data-testid", "history-first").text(&chrome::message("historyFirstContact")))
}

fn render(timeline: &Timeline, permalink: &str) -> Node {
    let earlier: Vec<Node> = timeline.mentions.iter().filter(|mention| mention.permalink != permalink).map(mention_item).collect();
    let replies: Vec<Node> = timeline.replies.iter().flatten().map(reply_item).collect();
    let notes: Vec<Node> = timeline.notes.iter().map(|note| {
        let by = chrome::message_with("historyNoteBy", &[&note.written_by_name, &date(note.written_ms)]);
        Node::new("li").child(Node::new("p").text(&note.body)).child(Node::new("small").text(&by))
    }).collect();
    Node::new("section")
        .class("history")
        .attr("data-testid", "history")
        .attr("data-author-key", &timeline.author.key)
        .child(Node::new("h2").text(&chrome::message("historyHeading")))
        .child(collision_line())
        .child(summary(timeline))
        .child(tags(timeline))
        .child(list("historyEarlier", "history-mentions", earlier))
        .child(list("historyReplies", "history-replies", replies))
        .child(list("historyNotes", "history-notes", notes))
        .child(note_form())
}

fn collision_line() -> Node {
    Node::new("p").class("collision").attr("role", "status").attr("aria-live", "polite").attr("data-testid", "collision")
}

fn summary(timeline: &Timeline) -> Node {
    let summary = &timeline.summary;
    let first = summary.first_contact_ms.map(date).unwrap_or_default();
    let last = summary.last_contact_ms.map(date).unwrap_or_default();
    let replies = summary.replies.map(|count| count.to_string()).unwrap_or_else(|| "?".into());
    let counts = chrome::message_with("historyCounts", &[&summary.mentions.to_string(), &replies, &summary.notes.to_string()]);
    Node::new("p")
        .class("history-summary")
        .attr("data-testid", "history-summary")
        .child(Node::new("span").text(&chrome::message_with("historyContacts", &[&first, &last])))
        .child(Node::new("span").class("counts").text(&counts))
}

fn tags(timeline: &Timeline) -> Node {
    let chips = timeline.tags.iter().map(|tag| {
        let name = tag.tag.clone();
        Node::new("li").class("tag").attr("data-tag", &tag.tag).child(Node::new("span").text(&tag.tag)).child(
            Node::new("button")
                .attr("type", "button")
                .attr("aria-label", &chrome::message_with("historyRemoveTag", &[&tag.tag]))
                .text("×")
                .on("click", move |_| annotate(Annotation::RemoveTag(name.clone()))),
        )
    });
    let input = Node::new("input")
        .attr("type", "text")
        .attr("data-testid", "history-tag-input")
        .attr("list", "history-tag-vocabulary")
        .attr("maxlength", "40")
        .attr("placeholder", &chrome::message("historyTagPlaceholder"))
        .build();
    let vocabulary = crate::core::history::TAG_VOCABULARY.iter().map(|tag| Node::new("option").attr("value", tag));
    let field = input.clone();
    Node::new("div")
        .class("history-tags")
        .child(Node::new("ul").attr("data-testid", "history-tags").children(chips))
        .child(
            Node::new("form")
                .child(Node::from(input))
                .child(Node::new("datalist").attr("id", "history-tag-vocabulary").children(vocabulary))
                .child(Node::new("button").attr("type", "submit").text(&chrome::message("historyAddTag")))
                .on("submit", move |event| {
                    event.prevent_default();
                    let tag = field.dyn_ref::<web_sys::HtmlInputElement>().map(|input| input.value()).unwrap_or_default();
                    if !tag.trim().is_empty() {
                        annotate(Annotation::AddTag(tag));
                    }
                }),
        )
}

fn note_form() -> Node {
    let body = Node::new("textarea").attr("data-testid", "history-note-input").attr("maxlength", "2000").attr("rows", "2").build();
    let field = body.clone();
    Node::new("form")
        .class("history-note")
        .child(Node::new("label").text(&chrome::message("historyNoteLabel")).child(Node::from(body)))
        .child(Node::new("button").attr("type", "submit").text(&chrome::message("historyAddNote")))
        .on("submit", move |event| {
            event.prevent_default();
            let text = field.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|area| area.value()).unwrap_or_default();
            if !text.trim().is_empty() {
                annotate(Annotation::AddNote(text));
            }
        })
}

fn list(heading: &str, testid: &str, items: Vec<Node>) -> Node {
    let content = if items.is_empty() {
        Node::new("p").class("empty").text(&chrome::message("historyNone"))
    } else {
        Node::new("ul").children(items)
    };
    Node::new("div").class("history-list").attr("data-testid", testid).child(Node::new("h3").text(&chrome::message(heading))).child(content)
}

fn mention_item(mention: &crate::core::model::history::MentionView) -> Node {
    let mut item = Node::new("li")
        .child(Node::new("time").text(&date(mention.seen_ms)))
        .child(Node::new("q").text(&mention.excerpt));
    if is_web_link(&mention.permalink) {
        item = item.child(
            Node::new("a")
                .attr("href", &mention.permalink)
                .attr("target", "_blank")
                .attr("rel", "noopener noreferrer")
                .text(&chrome::message("panelOpenComment")),
        );
    }
    item
}

fn reply_item(reply: &TeamReply) -> Node {
    let template = reply.template_id.as_deref().map(|id| chrome::message_with("historyTemplate", &[id]));
    let approval = chrome::message(if reply.approval_id.is_some() { "historyApproved" } else { "historyNoApproval" });
    let line = [Some(reply.member_name.clone()), Some(date(reply.published_ms)), template, Some(approval)];
    Node::new("li").text(&line.into_iter().flatten().collect::<Vec<_>>().join(" · "))
}

/// "Marie is replying", "answered 3 minutes ago by Marie", from what is known now.
fn draw_collision() {
    let Some(line) = dom::document().query_selector("[data-testid=collision]").ok().flatten() else { return };
    let me = ME.with(|cell| cell.borrow().clone());
    let text = SHOWN.with(|cell| {
        let shown = cell.borrow();
        let shown = shown.as_ref()?;
        let now = clock::now_ms() + shown.clock_offset_ms;
        let seen = collision(&shown.presence, &shown.replies, &me, now);
        let replying = seen.replying.iter().map(|teammate| chrome::message_with("historyReplying", &[&teammate.member_name]));
        let answered = seen.answered.iter().map(|answer| match answer.minutes_ago {
            0 => chrome::message_with("historyAnsweredNow", &[&answer.member_name]),
            minutes => chrome::message_with("historyAnswered", &[&minutes.to_string(), &answer.member_name]),
        });
        Some(replying.chain(answered).collect::<Vec<_>>().join(" · "))
    });
    line.set_text_content(text.as_deref());
}

thread_local! {
    /// The signed-in member (their own presence is not shown to them).
    static ME: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Keeps the signed-in member's id for the collision line.
pub async fn learn_member() {
    if let Some(session) = sync_store::session().await {
        ME.with(|cell| *cell.borrow_mut() = session.member_id);
    }
}

enum Annotation {
    AddTag(String),
    RemoveTag(String),
    AddNote(String),
}

/// Sends a tag or note change, then reads the timeline again.
fn annotate(annotation: Annotation) {
    let generation = GENERATION.with(Cell::get);
    wasm_bindgen_futures::spawn_local(async move {
        let (Some((key, _)), Some((server, token))) = (current(), signed_in().await) else { return };
        let author = format!("/history/authors/{}", encode(&key));
        let sent = match &annotation {
            Annotation::AddTag(tag) => {
                let body = TagRequest { tag: tag.trim().to_owned() };
                http::json::<serde_json::Value>("POST", &server.api(&format!("{author}/tags")), server.as_str(), Some(&token), Some(&body)).await
            }
            Annotation::RemoveTag(tag) => {
                let url = server.api(&format!("{author}/tags/{}", encode(tag)));
                http::json::<serde_json::Value>("DELETE", &url, server.as_str(), Some(&token), None::<&()>).await
            }
            Annotation::AddNote(body) => {
                let body = NewNote { body: body.trim().to_owned() };
                http::json::<serde_json::Value>("POST", &server.api(&format!("{author}/notes")), server.as_str(), Some(&token), Some(&body)).await
            }
        };
        if let Err(problem) = sent {
            gloo::console::warn!(format!("Tact: the change to the author was refused: {problem:?}"));
        }
        if is_current(generation) {
            load(generation, NOT_FOUND_RETRIES).await;
        }
    });
}

/// A date in the browser's language.
fn date(ms: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string(&chrome::ui_language(), &options))
}
