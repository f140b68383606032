//! History search across the team's authors and mentions (`GET /api/v1/history/search`): by
//! words (handle, name or text), handle, name, tag, network and dates, comments or authors,
//! a page at a time. Links to comments are made clickable only when they are http(s).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use crate::core::model::history::SearchPage;
use crate::core::reports::calendar::{parse_day, DAY_MS};
use crate::web::console::api::{encode, Api};
use crate::web::console::ui::{button, outcome, time_text};
use crate::web::console::words::{say, word};
use crate::web::dom::{self, Node};

const NETWORKS: [&str; 8] = ["x", "linkedin", "facebook", "instagram", "youtube", "reddit", "tiktok", "generic"];

#[derive(Clone)]
struct Form {
    words: HtmlInputElement,
    handle: HtmlInputElement,
    tag: HtmlInputElement,
    from: HtmlInputElement,
    to: HtmlInputElement,
    network: HtmlSelectElement,
    scope: HtmlSelectElement,
}

impl Form {
    /// The search's query string (without a cursor); empty fields are left out.
    fn query(&self) -> String {
        let mut parts = vec![format!("scope={}", self.scope.value()), "limit=50".to_owned()];
        for (name, value) in [("q", self.words.value()), ("handle", self.handle.value()), ("tag", self.tag.value()), ("network", self.network.value())] {
            if !value.trim().is_empty() {
                parts.push(format!("{name}={}", encode(value.trim())));
            }
        }
        if let Some(day) = parse_day(&self.from.value()) {
            parts.push(format!("from_ms={}", day * DAY_MS));
        }
        if let Some(day) = parse_day(&self.to.value()) {
            parts.push(format!("to_ms={}", (day + 1) * DAY_MS - 1));
        }
        parts.join("&")
    }
}

fn input(id: &str, kind: &str) -> HtmlInputElement {
    Node::new("input").attr("id", id).attr("type", kind).build().unchecked_into()
}

fn select(id: &str, options: &[(&str, String)]) -> HtmlSelectElement {
    let select: HtmlSelectElement = Node::new("select").attr("id", id).build().unchecked_into();
    for (value, label) in options {
        let _ = select.append_child(&Node::new("option").attr("value", value).text(label).build());
    }
    select
}

fn field(id: &str, key: &str, control: Element) -> Node {
    Node::new("span").class("field").child(Node::new("label").attr("for", id).text(&word(key))).child(Node::from(control))
}

pub fn view(slot: &Element, api: Rc<Api>) {
    let mut networks = vec![("", word("consoleFilterAny"))];
    networks.extend(NETWORKS.iter().map(|network| (*network, (*network).to_owned())));
    let form = Form {
        words: input("search-words", "search"),
        handle: input("search-handle", "text"),
        tag: input("search-tag", "text"),
        from: input("search-from", "date"),
        to: input("search-to", "date"),
        network: select("search-network", &networks),
        scope: select("search-scope", &[("mentions", word("consoleScopeMentions")), ("authors", word("consoleScopeAuthors"))]),
    };
    let results = Node::new("div").attr("id", "search-results").attr("aria-live", "polite").build();
    let controls = {
        let (form_for_submit, results, api) = (form.clone(), results.clone(), api.clone());
        let as_element = |control: &HtmlInputElement| control.clone().unchecked_into::<Element>();
        Node::new("form")
            .class("picker")
            .attr("role", "search")
            .child(field("search-words", "consoleSearchWords", as_element(&form.words)))
            .child(field("search-handle", "consoleSearchHandle", as_element(&form.handle)))
            .child(field("search-tag", "consoleSearchTag", as_element(&form.tag)))
            .child(field("search-network", "consoleFilterNetwork", form.network.clone().unchecked_into()))
            .child(field("search-from", "consoleFrom", as_element(&form.from)))
            .child(field("search-to", "consoleTo", as_element(&form.to)))
            .child(field("search-scope", "consoleSearchScope", form.scope.clone().unchecked_into()))
            .child(Node::new("button").attr("type", "submit").text(&word("consoleSearch")))
            .on("submit", move |event| {
                event.prevent_default();
                search(api.clone(), results.clone(), form_for_submit.query(), None);
            })
    };
    let section = Node::new("section")
        .attr("aria-labelledby", "history-heading")
        .child(Node::new("h1").attr("id", "history-heading").text(&word("consoleHistory")))
        .child(controls)
        .child(Node::from(results.clone()));
    dom::replace_children(slot, section);
    search(api, results, form.query(), None);
}

fn search(api: Rc<Api>, results: Element, query: String, cursor: Option<String>) {
    wasm_bindgen_futures::spawn_local(async move {
        let path = match &cursor {
            Some(cursor) => format!("/history/search?{query}&cursor={}", encode(cursor)),
            None => format!("/history/search?{query}"),
        };
        let answer: Result<SearchPage, String> = api.get(&path).await;
        match answer {
            Ok(page) => show(&api, &results, &query, page),
            Err(message) => outcome(&results, Err(message)),
        }
    });
}

fn link(permalink: &str) -> Node {
    if permalink.starts_with("https://") || permalink.starts_with("http://") {
        Node::new("a").attr("href", permalink).attr("target", "_blank").attr("rel", "noopener noreferrer").text(&word("consoleOpenComment"))
    } else {
        Node::new("span")
    }
}

fn show(api: &Rc<Api>, results: &Element, query: &str, page: SearchPage) {
    let head = |keys: &[&str]| Node::new("tr").children(keys.iter().map(|key| Node::new("th").attr("scope", "col").text(&word(key))));
    let table = if !page.authors.is_empty() {
        let rows = page.authors.iter().map(|hit| {
            Node::new("tr")
                .child(Node::new("th").attr("scope", "row").text(&format!("{} {}", hit.author.name, hit.author.handle)))
                .child(Node::new("td").text(&hit.mentions.to_string()))
                .child(Node::new("td").text(&time_text(hit.last_contact_ms)))
                .child(Node::new("td").text(&hit.tags.join(", ")))
        });
        Node::new("table").class("members").child(Node::new("thead").child(head(&["consoleColAuthor", "consoleColMentions", "consoleColLastContact", "consoleEditTags"]))).child(Node::new("tbody").children(rows))
    } else if !page.mentions.is_empty() {
        let rows = page.mentions.iter().map(|hit| {
            Node::new("tr")
                .child(Node::new("th").attr("scope", "row").text(&format!("{} {}", hit.author.name, hit.author.handle)))
                .child(Node::new("td").text(&hit.mention.excerpt))
                .child(Node::new("td").text(&time_text(hit.mention.seen_ms)))
                .child(Node::new("td").child(link(&hit.mention.permalink)))
        });
        Node::new("table").class("members").child(Node::new("thead").child(head(&["consoleColAuthor", "consoleColComment", "consoleColFirstSeen", "consoleColLink"]))).child(Node::new("tbody").children(rows))
    } else {
        Node::new("p").class("empty").text(&word("consoleNothingFound"))
    };
    let shown = page.mentions.len() + page.authors.len();
    let mut node = Node::new("div").child(Node::new("p").class("note").text(&say("consoleFound", &[&shown.to_string()]))).child(table);
    if let Some(next) = page.next {
        let (api, results_for_next, query) = (api.clone(), results.clone(), query.to_owned());
        node = node.child(button("consoleNextPage").on("click", move |_| search(api.clone(), results_for_next.clone(), query.clone(), Some(next.clone()))));
    }
    dom::replace_children(results, node);
}
