//! The comment's author as the team knows them, beside the comment: first and last contact and
//! counts, who on the team is replying to this comment now or just answered it (live, from the
//! channel's `presence` events), the author's tags (add, remove) and the team's notes (add),
//! their earlier mentions and the team's replies to them.
//!
//! The author is named by `core::history::AuthorKey`, computed here from the comment's context
//! exactly as the server computes it at capture. Requests carry the session's token, as the
//! live channel does. When the server does not answer, the panel says so and shows nothing of
//! what it had: nothing stale is shown as fresh.
//!
//! Answers are read as JS objects (`JSON.parse`, then field by field), not through serde: the
//! readers of the timeline's types cost the panel's module ~90 KB, which its size budget has not.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::core::guidelines::Venue;
use crate::core::history::{collision, AuthorKey};
use crate::core::model::context::is_web_link;
use crate::core::model::history::{PresenceEntry, PresenceState, TeamReply};
use crate::core::model::context::Author;
use crate::core::model::lang::Network;
use crate::core::sync::ServerAddress;
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

/// The comment being answered changed: its site (`platform`), author and permalink.
pub fn set_comment(comment: Option<(String, Author, String)>) {
    let generation = GENERATION.with(|cell| {
        cell.set(cell.get().wrapping_add(1));
        cell.get()
    });
    let key = comment.and_then(|(platform, author, permalink)| {
        let network = Venue::of(Network::from_platform(&platform));
        AuthorKey::of(network, &author).map(|key| (key.to_string(), permalink))
    });
    let Some((key, permalink)) = key else {
        SHOWN.with(|cell| cell.borrow_mut().take());
        show(Node::new("div"));
        return;
    };
    SHOWN.with(|cell| *cell.borrow_mut() = Some(Shown { key, permalink, ..Shown::default() }));
    wasm_bindgen_futures::spawn_local(load(generation, 0));
}

/// A `presence` event from the live channel (its JSON text, a `PresenceEvent`).
pub fn on_presence(data: &str) {
    let Ok(event) = JSON::parse(data) else { return };
    let (Some(entry), permalink) = (presence_entry(&event), text(&event, "permalink")) else { return };
    let changed = SHOWN.with(|cell| {
        let mut shown = cell.borrow_mut();
        let shown = shown.as_mut().filter(|shown| shown.permalink == permalink)?;
        shown.clock_offset_ms = number(&event, "at_ms") - clock::now_ms();
        shown.presence.retain(|known| known.member_id != entry.member_id);
        if entry.state != PresenceState::Closed {
            shown.presence.push(entry);
        }
        Some(())
    });
    if changed.is_some() {
        draw_collision();
    }
}

fn presence_entry(object: &JsValue) -> Option<PresenceEntry> {
    let state = match text(object, "state").as_str() {
        "replying" => PresenceState::Replying,
        "replied" => PresenceState::Replied,
        "closed" => PresenceState::Closed,
        _ => return None,
    };
    Some(PresenceEntry {
        member_id: text(object, "member_id"),
        member_name: text(object, "member_name"),
        state,
        since_ms: number(object, "since_ms"),
        expires_ms: number(object, "expires_ms"),
    })
}

fn team_reply(object: &JsValue) -> TeamReply {
    let optional = |name: &str| Some(text(object, name)).filter(|value| !value.is_empty());
    TeamReply {
        permalink: text(object, "permalink"),
        member_id: text(object, "member_id"),
        member_name: text(object, "member_name"),
        template_id: optional("template_id"),
        approval_id: optional("approval_id"),
        published_ms: number(object, "published_ms"),
    }
}

/// Field readers over a parsed answer: absent or mistyped fields read as empty.
fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, name: &str) -> String {
    field(object, name).as_string().unwrap_or_default()
}

fn number(object: &JsValue, name: &str) -> i64 {
    field(object, name).as_f64().map_or(0, |value| value as i64)
}

fn items(object: &JsValue, name: &str) -> Vec<JsValue> {
    field(object, name).dyn_into::<Array>().map(|array| array.to_vec()).unwrap_or_default()
}

/// How a read went.
enum Read {
    Answered(JsValue),
    Status(u16),
    Offline,
}

async fn get(server: &ServerAddress, token: &str, path: &str) -> Read {
    match http::send("GET", &server.api(path), Some(token), None).await {
        Ok(answer) if (200..300).contains(&answer.status) => JSON::parse(&answer.body).map_or(Read::Status(answer.status), Read::Answered),
        Ok(answer) => Read::Status(answer.status),
        Err(_) => Read::Offline,
    }
}

fn current() -> Option<(String, String)> {
    SHOWN.with(|cell| cell.borrow().as_ref().map(|shown| (shown.key.clone(), shown.permalink.clone())))
}

fn is_current(generation: u32) -> bool {
    GENERATION.with(Cell::get) == generation
}

/// The session's server and token, or `None` when not signed in to a team. Notes who is signed
/// in: their own presence is not shown to them.
async fn signed_in() -> Option<(ServerAddress, String)> {
    let session = sync_store::session().await?;
    ME.with(|cell| *cell.borrow_mut() = session.member_id.clone());
    Some((ServerAddress::parse(&session.server).ok()?, session.token))
}

async fn load(generation: u32, attempt: u32) {
    let Some((key, permalink)) = current() else { return };
    let Some((server, token)) = signed_in().await else {
        return show(notice("historySignIn"));
    };
    let path = format!("/history/authors/{}?limit={MENTIONS_SHOWN}", encode(&key));
    let timeline = get(&server, &token, &path).await;
    let presence = presence_on(&server, &token, &permalink).await;
    if !is_current(generation) {
        return;
    }
    match timeline {
        Read::Answered(timeline) => {
            remember(&timeline, presence);
            show(render(&timeline, &permalink));
        }
        Read::Status(404) => {
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
        Read::Offline => show(notice("historyOffline")),
        Read::Status(status) => {
            gloo::console::warn!("Tact: the author's history could not be read, HTTP", status);
            show(notice("historyUnavailable"));
        }
    }
    draw_collision();
}

/// Who is on the comment now (`PresenceView`), when it has a link.
async fn presence_on(server: &ServerAddress, token: &str, permalink: &str) -> Option<JsValue> {
    if permalink.is_empty() {
        return None;
    }
    match get(server, token, &format!("/history/presence?permalink={}", encode(permalink))).await {
        Read::Answered(view) => Some(view),
        _ => None,
    }
}

fn remember(timeline: &JsValue, presence: Option<JsValue>) {
    SHOWN.with(|cell| {
        if let Some(shown) = cell.borrow_mut().as_mut() {
            let replies = items(timeline, "replies").into_iter().map(|reply| team_reply(&reply));
            shown.replies = replies.filter(|reply| reply.permalink == shown.permalink).collect();
        }
    });
    remember_presence(presence);
}

fn remember_presence(presence: Option<JsValue>) {
    let Some(view) = presence else { return };
    let permalink = text(&view, "permalink");
    SHOWN.with(|cell| {
        if let Some(shown) = cell.borrow_mut().as_mut().filter(|shown| shown.permalink == permalink) {
            shown.clock_offset_ms = number(&view, "now_ms") - clock::now_ms();
            shown.presence = items(&view, "entries").iter().filter_map(presence_entry).collect();
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

/// The timeline (a `Timeline` answer) of the comment at `permalink`'s author.
fn render(timeline: &JsValue, permalink: &str) -> Node {
    let mentions = items(timeline, "mentions");
    let earlier: Vec<Node> = mentions.iter().filter(|mention| text(mention, "permalink") != permalink).map(mention_item).collect();
    let replies: Vec<Node> = items(timeline, "replies").iter().map(|reply| reply_item(&team_reply(reply))).collect();
    let notes: Vec<Node> = items(timeline, "notes").iter().map(|note| {
        let by = chrome::message_with("historyNoteBy", &[&text(note, "written_by_name"), &date(number(note, "written_ms"))]);
        Node::new("li").child(Node::new("p").text(&text(note, "body"))).child(Node::new("small").text(&by))
    }).collect();
    Node::new("section")
        .class("history")
        .attr("data-testid", "history")
        .attr("data-author-key", &text(&field(timeline, "author"), "key"))
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

fn summary(timeline: &JsValue) -> Node {
    let summary = field(timeline, "summary");
    let when = |name: &str| field(&summary, name).as_f64().map(|ms| date(ms as i64)).unwrap_or_default();
    let (first, last) = (when("first_contact_ms"), when("last_contact_ms"));
    let count = |name: &str| field(&summary, name).as_f64().map_or_else(|| "?".to_owned(), |count| count.to_string());
    let counts = chrome::message_with("historyCounts", &[&count("mentions"), &count("replies"), &count("notes")]);
    Node::new("p")
        .class("history-summary")
        .attr("data-testid", "history-summary")
        .child(Node::new("span").text(&chrome::message_with("historyContacts", &[&first, &last])))
        .child(Node::new("span").class("counts").text(&counts))
}

fn tags(timeline: &JsValue) -> Node {
    let chips = items(timeline, "tags").into_iter().map(|tag| {
        let name = text(&tag, "tag");
        let removed = name.clone();
        // Stored as `open-complaint`, read as "open complaint".
        Node::new("li").class("tag").attr("data-tag", &name).child(Node::new("span").text(&name.replace('-', " "))).child(
            Node::new("button")
                .attr("type", "button")
                .attr("aria-label", &chrome::message_with("historyRemoveTag", &[&name]))
                .text("×")
                .on("click", move |_| annotate(Annotation::RemoveTag(removed.clone()))),
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

fn mention_item(mention: &JsValue) -> Node {
    let link = text(mention, "permalink");
    let mut item = Node::new("li")
        .child(Node::new("time").text(&date(number(mention, "seen_ms"))))
        .child(Node::new("q").text(&text(mention, "excerpt")));
    if is_web_link(&link) {
        item = item.child(
            Node::new("a")
                .attr("href", &link)
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
        let (method, path, body) = match &annotation {
            Annotation::AddTag(tag) => {
                ("POST", format!("{author}/tags"), one_field_body("tag", tag.trim()))
            }
            Annotation::RemoveTag(tag) => ("DELETE", format!("{author}/tags/{}", encode(tag)), None),
            Annotation::AddNote(body) => {
                ("POST", format!("{author}/notes"), one_field_body("body", body.trim()))
            }
        };
        let status = http::send(method, &server.api(&path), Some(&token), body).await.map_or(0, |answer| answer.status);
        if !(200..300).contains(&status) {
            gloo::console::warn!("Tact: the change to the author was refused, HTTP", status);
        }
        if is_current(generation) {
            // Spawned, not awaited: one copy of the loading future's code in the module.
            wasm_bindgen_futures::spawn_local(load(generation, NOT_FOUND_RETRIES));
        }
    });
}

/// `{"<name>": "<value>"}`: a `TagRequest` or a `NewNote`, written by the browser's JSON.
fn one_field_body(name: &str, value: &str) -> Option<String> {
    let object = js_sys::Object::new();
    Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value)).ok()?;
    JSON::stringify(&object).ok()?.as_string()
}

/// A date in the browser's language.
fn date(ms: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string(&chrome::ui_language(), &options))
}
