//! Canned replies in the panel: search as you type, a listbox of templates, a live preview
//! rendered with the comment's context, and insertion into the site's reply box.
//!
//! Keyboard: focus starts in the search box; Up/Down choose, Enter inserts, Escape closes.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, KeyboardEvent};

use crate::core::library::{Hit, Library, Query, SearchIndex, Template};
use crate::core::model::{CommentContext, FromBackground, InsertOutcome, Settings, ToBackground};
use crate::core::reply::{compose, ComposedReply, ReplyInputs};
use crate::web::store;
use crate::web::{chrome, clock, dom, dom::Node, wire};

const RESULTS_ID: &str = "reply-results";

struct Replies {
    library: Library,
    index: SearchIndex,
    settings: Settings,
    context: Option<CommentContext>,
    tab_id: Option<i32>,
    hits: Vec<Hit>,
    selected: usize,
    view: View,
}

/// The elements the replies section updates.
struct View {
    search: HtmlInputElement,
    list: Element,
    preview: Element,
    count: Element,
    status: Element,
}

thread_local! {
    static REPLIES: RefCell<Option<Replies>> = const { RefCell::new(None) };
}

/// Builds the replies section into `slot`, loads the library, and focuses the search box.
pub fn mount(slot: Element, tab_id: Option<i32>) {
    let view = build_view(&slot);
    view.search.focus().ok();
    wasm_bindgen_futures::spawn_local(async move {
        let (library, settings) = (store::load_library().await, store::load_settings().await);
        let index = SearchIndex::build(library.templates());
        let replies = Replies { library, index, settings, context: None, tab_id, hits: Vec::new(), selected: 0, view };
        REPLIES.with(|cell| *cell.borrow_mut() = Some(replies));
        with_replies(Replies::refresh);
        // The background saves the library too (a use counted by a `;;` shortcut): follow it,
        // so this panel's next save does not overwrite that change with a stale copy.
        chrome::on_local_change(store::LIBRARY_KEY, || {
            wasm_bindgen_futures::spawn_local(async {
                let library = store::load_library().await;
                let selected = REPLIES.with(|cell| cell.borrow().as_ref().and_then(|replies| replies.hits.get(replies.selected).map(|hit| hit.template_id.clone())));
                show_library(library, selected.as_deref());
            });
        });
    });
}

/// The comment being answered changed: re-rank for its language and network, re-render.
pub fn set_context(context: Option<CommentContext>, tab_id: Option<i32>) {
    with_replies(|replies| {
        replies.context = context;
        if tab_id.is_some() {
            replies.tab_id = tab_id;
        }
        replies.refresh();
    });
}

/// A copy of the library shown, for the editor and the library tools; `None` while loading.
/// Their changes are saved with `store::save_library`, then shown with [`show_library`].
pub fn library() -> Option<Library> {
    read_replies(|replies| replies.library.clone())
}

/// The member's settings, as the previews use them.
pub fn settings() -> Option<Settings> {
    read_replies(|replies| replies.settings.clone())
}

/// The comment being answered, if any.
pub fn context() -> Option<CommentContext> {
    read_replies(|replies| replies.context.clone()).flatten()
}

/// The template selected in the list.
pub fn selected_template() -> Option<Template> {
    read_replies(|replies| {
        let hit = replies.hits.get(replies.selected)?;
        replies.library.get(&hit.template_id).cloned()
    })
    .flatten()
}

/// Shows a library that was just saved: rebuilds the index, searches again, and selects
/// `select_id` when the search shows it.
pub fn show_library(library: Library, select_id: Option<&str>) {
    with_replies(|replies| {
        replies.index = SearchIndex::build(library.templates());
        replies.library = library;
        replies.refresh();
        if let Some(position) = select_id.and_then(|id| replies.hits.iter().position(|hit| hit.template_id == id)) {
            replies.selected = position;
            replies.show_selection();
        }
    });
}

/// Shows previews with settings that were just saved.
pub fn show_settings(settings: Settings) {
    with_replies(|replies| {
        replies.settings = settings;
        replies.draw_preview();
    });
}

/// Puts the focus back in the search box (after the editor closes).
pub fn focus_search() {
    with_replies(|replies| {
        replies.view.search.focus().ok();
    });
}

fn read_replies<T>(read: impl FnOnce(&Replies) -> T) -> Option<T> {
    REPLIES.with(|cell| cell.borrow().as_ref().map(read))
}

fn with_replies(action: impl FnOnce(&mut Replies)) {
    REPLIES.with(|cell| {
        if let Some(replies) = cell.borrow_mut().as_mut() {
            action(replies);
        }
    });
}

fn build_view(slot: &Element) -> View {
    let search = Node::new("input")
        .attr("type", "search")
        .attr("id", "reply-search")
        .attr("role", "combobox")
        .attr("aria-autocomplete", "list")
        .attr("aria-expanded", "true")
        .attr("aria-controls", RESULTS_ID)
        .attr("aria-label", &chrome::message("repliesSearchLabel"))
        .attr("placeholder", &chrome::message("repliesSearchPlaceholder"))
        .attr("autocomplete", "off")
        .attr("spellcheck", "false")
        .on("input", |_| with_replies(Replies::refresh))
        .on("keydown", |event| {
            if let Some(event) = event.dyn_ref::<KeyboardEvent>() {
                on_search_key(event);
            }
        })
        .build();
    let list = Node::new("ul").attr("id", RESULTS_ID).attr("role", "listbox").attr("aria-label", &chrome::message("repliesListLabel")).build();
    let preview = Node::new("pre").class("preview").attr("data-testid", "reply-preview").attr("aria-live", "polite").build();
    let count = Node::new("p").class("count").attr("data-testid", "reply-count").build();
    let status = Node::new("p").class("status").attr("role", "status").attr("data-testid", "reply-status").build();
    let insert = Node::new("button")
        .attr("type", "button")
        .class("primary")
        .text(&chrome::message("repliesInsert"))
        .on("click", |_| insert_selected());
    let section = Node::new("section")
        .class("replies")
        .attr("aria-label", &chrome::message("repliesHeading"))
        .child(Node::new("h2").text(&chrome::message("repliesHeading")))
        .child(wrap(search.clone()))
        .child(wrap(list.clone()))
        .child(Node::new("div").class("preview-box").child(wrap(preview.clone())).child(wrap(count.clone())))
        .child(Node::new("div").class("actions").child(insert).children(super::library_admin::list_actions()))
        .child(wrap(status.clone()));
    dom::replace_children(slot, section);
    View { search: search.unchecked_into(), list, preview, count, status }
}

fn wrap(element: Element) -> Node {
    Node::from(element)
}

fn on_search_key(event: &KeyboardEvent) {
    match event.key().as_str() {
        "ArrowDown" => move_selection(event, 1),
        "ArrowUp" => move_selection(event, -1),
        "Enter" => {
            event.prevent_default();
            insert_selected();
        }
        "Escape" => {
            event.prevent_default();
            if let Some(window) = web_sys::window() {
                let _ = window.close();
            }
        }
        _ => {}
    }
}

fn move_selection(event: &KeyboardEvent, step: isize) {
    event.prevent_default();
    with_replies(|replies| {
        if replies.hits.is_empty() {
            return;
        }
        let last = replies.hits.len() as isize - 1;
        replies.selected = (replies.selected as isize + step).clamp(0, last) as usize;
        replies.show_selection();
    });
}

impl Replies {
    fn inputs(&self) -> ReplyInputs<'_> {
        ReplyInputs { context: self.context.as_ref(), settings: &self.settings, today: clock::today(), fallback_lang: clock::ui_lang() }
    }

    /// Searches again with the box's text and the current context, and redraws.
    fn refresh(&mut self) {
        let inputs = self.inputs();
        let query = Query::new(&self.view.search.value(), Some(inputs.lang()), inputs.network(), clock::now_ms());
        self.hits = self.index.search(&query);
        self.selected = 0;
        self.draw_list();
        self.show_selection();
    }

    fn draw_list(&self) {
        let options = self.hits.iter().enumerate().filter_map(|(position, hit)| {
            let template = self.library.get(&hit.template_id)?;
            Some(
                Node::new("li")
                    .attr("role", "option")
                    .attr("id", &option_id(position))
                    .attr("aria-label", &template.title)
                    .child(Node::new("span").class("title").text(&template.title))
                    .child(Node::new("span").class("shortcut").text(&format!(";;{}", template.shortcut)))
                    .on("mousedown", move |event| {
                        event.prevent_default(); // Keep the focus in the search box.
                        with_replies(|replies| {
                            replies.selected = position;
                            replies.show_selection();
                        });
                    })
                    .on("dblclick", |_| insert_selected()),
            )
        });
        self.view.list.set_text_content(None);
        for option in options {
            let _ = self.view.list.append_child(&option.build());
        }
        if self.hits.is_empty() {
            let empty = Node::new("li").class("none").attr("aria-disabled", "true").text(&chrome::message("repliesNoMatch"));
            let _ = self.view.list.append_child(&empty.build());
        }
    }

    fn show_selection(&self) {
        let children = self.view.list.children();
        for position in 0..children.length() {
            if let Some(option) = children.item(position) {
                let _ = option.set_attribute("aria-selected", if position as usize == self.selected { "true" } else { "false" });
            }
        }
        let active = if self.hits.is_empty() { String::new() } else { option_id(self.selected) };
        let _ = self.view.search.set_attribute("aria-activedescendant", &active);
        if let Some(option) = children.item(self.selected as u32) {
            option.scroll_into_view_with_bool(false);
        }
        self.draw_preview();
    }

    fn current_preview(&self) -> Option<ComposedReply> {
        let hit = self.hits.get(self.selected)?;
        let template = self.library.get(&hit.template_id)?;
        compose(template, Some(hit.variant_index), &self.inputs())
    }

    fn draw_preview(&self) {
        let Some(preview) = self.current_preview() else {
            self.view.preview.set_text_content(None);
            self.view.count.set_text_content(None);
            return;
        };
        match &preview.reply {
            Ok(reply) => {
                self.view.preview.set_text_content(Some(&reply.text));
                let _ = self.view.preview.remove_attribute("data-error");
            }
            Err(error) => {
                self.view.preview.set_text_content(Some(&error.to_string()));
                let _ = self.view.preview.set_attribute("data-error", "true");
            }
        }
        self.view.count.set_text_content(Some(&count_label(&preview)));
        let over = if preview.over_limit() { "true" } else { "false" };
        let _ = self.view.count.set_attribute("data-over", over);
    }

    fn say(&self, message: &str) {
        self.view.status.set_text_content(Some(message));
    }
}

fn option_id(position: usize) -> String {
    format!("reply-option-{position}")
}

/// Renders the selected template and asks the background to put it in the reply box.
fn insert_selected() {
    let mut request = None;
    with_replies(|replies| {
        let Some(preview) = replies.current_preview() else { return };
        match preview.reply {
            Ok(reply) => {
                let template_id = replies.hits.get(replies.selected).map(|hit| hit.template_id.clone());
                let insert = ToBackground::InsertReply {
                    tab_id: replies.tab_id,
                    text: reply.text,
                    cursor_utf16: reply.cursor_utf16,
                    template_id: template_id.clone(),
                };
                request = Some((insert, template_id));
            }
            Err(error) => replies.say(&error.to_string()),
        }
    });
    let Some((request, template_id)) = request else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = chrome::send_message(&wire::to_js(&request)).await.ok().and_then(wire::from_js::<FromBackground>);
        let outcome = match answer {
            Some(FromBackground::Insert { outcome }) => outcome,
            _ => InsertOutcome::Failed,
        };
        with_replies(|replies| replies.say(&chrome::message(outcome_message_key(outcome))));
        if outcome == InsertOutcome::Inserted || outcome == InsertOutcome::Copied {
            if let Some(id) = template_id {
                record_use(&id).await;
            }
        }
    });
}

fn outcome_message_key(outcome: InsertOutcome) -> &'static str {
    match outcome {
        InsertOutcome::Inserted => "repliesInserted",
        InsertOutcome::Copied => "repliesCopied",
        InsertOutcome::Failed => "repliesInsertFailed",
        InsertOutcome::NoReplyBox => "repliesNoReplyBox",
    }
}

/// Counts the use (it ranks the template higher next time) and saves the library.
async fn record_use(template_id: &str) {
    let mut snapshot = None;
    with_replies(|replies| {
        if replies.library.record_use(template_id, clock::now_ms()).is_ok() {
            replies.index = SearchIndex::build(replies.library.templates());
            snapshot = Some(replies.library.clone());
        }
    });
    if let Some(library) = snapshot {
        if let Err(error) = store::save_library(&library).await {
            with_replies(|replies| replies.say(&format!("{}: {error}", chrome::message("repliesSaveFailed"))));
        }
    }
}

fn count_label(preview: &ComposedReply) -> String {
    let characters = chrome::message("repliesCharacters");
    match preview.limit {
        Some(limit) => format!("{} / {limit} {characters}", preview.length),
        None => format!("{} {characters}", preview.length),
    }
}

