//! The template editor: title, shortcut, tags, folder, and the wordings (French, English, and
//! optional ones per network), checked and previewed as the person types.
//!
//! Save refuses while anything is wrong, says why (line and column for a template that does
//! not parse), and keeps what was typed. Every change is also written to `editor-draft.v1` in
//! `chrome.storage.local`, so a closed panel or a crashed browser loses nothing: the draft is
//! reopened, with a notice, the next time the panel opens.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent};

use super::{library_admin, localized, replies};
use crate::core::library::{Lang, LibraryError, Network, Scope, Template, TemplateContent, Variant, MAX_BODY_CHARS};
use crate::core::model::{Author, CommentContext, Settings};
use crate::core::reply::{character_limit, compose, ReplyInputs};
use crate::core::template::{check, CheckOptions, Diagnostic, ReplyContext, Severity, VARIABLES};
use crate::web::{chrome, clock, dom, dom::Node};

const SLOT_ID: &str = "editor";
/// Where the unsaved form is kept (the brief's key; bump the suffix if the shape changes).
const DRAFT_KEY: &str = "editor-draft.v1";
/// Sections hidden while the editor is open, so the form has the panel to itself.
const OTHER_SECTIONS: [&str; 3] = ["replies", "library-tools", "settings"];

/// The form as typed, kept in storage until it is saved or discarded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    /// The personal template being edited; `None` for a new one.
    editing: Option<String>,
    title: String,
    shortcut: String,
    /// Comma separated, as typed.
    tags: String,
    folder: String,
    /// The general French and English wordings (possibly empty), then one per network.
    variants: Vec<Variant>,
    /// Shared with the team (a team template); only members whose role allows it see the box.
    #[serde(default)]
    team: bool,
}

impl Draft {
    fn blank() -> Draft {
        Draft { variants: with_general_wordings(&[]), ..Draft::default() }
    }

    fn of(template: &Template) -> Draft {
        Draft {
            editing: Some(template.id.clone()),
            title: template.title.clone(),
            shortcut: template.shortcut.clone(),
            tags: template.tags.join(", "),
            folder: template.folder.clone().unwrap_or_default(),
            variants: with_general_wordings(&template.variants),
            team: template.scope == Scope::Team,
        }
    }

    /// What the library is asked to store: trimmed fields, no empty general wording (a
    /// network wording left empty is kept, so the library refuses it by name).
    fn content(&self) -> TemplateContent {
        let folder = self.folder.trim();
        TemplateContent {
            title: self.title.trim().to_owned(),
            shortcut: self.shortcut.trim().trim_start_matches(';').to_owned(),
            tags: self.tags.split(',').map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_owned).collect(),
            variants: self.variants.iter().filter(|v| v.network.is_some() || !v.body.trim().is_empty()).cloned().collect(),
            folder: (!folder.is_empty()).then(|| folder.to_owned()),
        }
    }
}

/// The general wording of each language first (the one in the template's first general
/// wording, else the browser's language, leads: it is the default), then the network ones.
fn with_general_wordings(variants: &[Variant]) -> Vec<Variant> {
    let body = |lang: Lang| variants.iter().find(|v| v.lang == lang && v.network.is_none()).map(|v| v.body.clone()).unwrap_or_default();
    let first = variants.iter().find(|v| v.network.is_none()).map_or_else(clock::ui_lang, |v| v.lang);
    let mut rows: Vec<Variant> = [first, first.other()].into_iter().map(|lang| Variant { lang, network: None, body: body(lang) }).collect();
    rows.extend(variants.iter().filter(|v| v.network.is_some()).cloned());
    rows
}

struct Editor {
    view: View,
    /// The draft as opened, to tell whether anything changed.
    original: Draft,
    editing: Option<String>,
    rows: Vec<Row>,
    /// The wording previewed: the one last focused.
    active: usize,
    saving: bool,
}

struct View {
    heading: Element,
    notice: Element,
    title: HtmlInputElement,
    shortcut: HtmlInputElement,
    tags: HtmlInputElement,
    folder: HtmlInputElement,
    /// "Share with the whole team", and its field (hidden unless the role may edit team templates).
    team: HtmlInputElement,
    team_field: Element,
    wordings: Element,
    add_lang: HtmlSelectElement,
    add_network: HtmlSelectElement,
    diagnostics: Element,
    preview_label: Element,
    preview: Element,
    count: Element,
    status: Element,
    confirm: Element,
}

/// One wording's text area.
struct Row {
    lang: Lang,
    network: Option<Network>,
    body: HtmlTextAreaElement,
    counter: Element,
}

thread_local! {
    static EDITOR: RefCell<Option<Editor>> = const { RefCell::new(None) };
}

/// Builds the (hidden) editor into `#editor` and reopens a draft left unsaved last time.
pub fn mount() {
    let Some(slot) = dom::document().get_element_by_id(SLOT_ID) else { return };
    let view = build_view(&slot);
    EDITOR.with(|cell| *cell.borrow_mut() = Some(Editor { view, original: Draft::blank(), editing: None, rows: Vec::new(), active: 0, saving: false }));
    wasm_bindgen_futures::spawn_local(async {
        let stored = chrome::local_read(DRAFT_KEY).await.ok().and_then(|value| value.as_string());
        if let Some(draft) = stored.and_then(|json| serde_json::from_str::<Draft>(&json).ok()) {
            open(draft, Some(&chrome::message("editorDraftRestored")));
        }
    });
}

/// Opens an empty form.
pub fn open_new() {
    open(Draft::blank(), None);
}

/// Opens `template` (personal: callers offer a copy of team ones) for editing.
pub fn open_edit(template: &Template) {
    open(Draft::of(template), None);
}

/// Redraws checks and preview, e.g. after the settings changed.
pub fn refresh() {
    with_editor(|editor| editor.redraw());
}

fn open(draft: Draft, notice: Option<&str>) {
    let focus = with_editor(|editor| {
        editor.fill(&draft);
        editor.original = if notice.is_some() { Draft::blank() } else { draft.clone() };
        editor.view.notice.set_text_content(notice);
        set_hidden(&editor.view.notice, notice.is_none());
        editor.redraw();
        editor.view.title.clone()
    });
    show_editor(true);
    if let Some(title) = focus {
        title.focus().ok();
    }
    persist(&draft);
}

fn with_editor<T>(action: impl FnOnce(&mut Editor) -> T) -> Option<T> {
    // A focus change inside an action fires handlers that come back here: they skip.
    EDITOR.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(action))
}

fn show_editor(open: bool) {
    let document = dom::document();
    if let Some(slot) = document.get_element_by_id(SLOT_ID) {
        set_hidden(&slot, !open);
    }
    for id in OTHER_SECTIONS {
        if let Some(section) = document.get_element_by_id(id) {
            set_hidden(&section, open);
        }
    }
}

fn set_hidden(element: &Element, hidden: bool) {
    if hidden {
        let _ = element.set_attribute("hidden", "");
    } else {
        let _ = element.remove_attribute("hidden");
    }
}

// ------------------------------------------------------------------------------ the form

fn build_view(slot: &Element) -> View {
    let heading = Node::new("h2").attr("id", "editor-heading").build();
    let notice = Node::new("p").class("notice").attr("role", "status").attr("data-testid", "editor-notice").attr("hidden", "").build();
    let title = text_input("editor-title");
    let shortcut = text_input("editor-shortcut");
    let tags = text_input("editor-tags");
    let _ = tags.set_attribute("aria-describedby", "editor-tags-hint");
    let folder = text_input("editor-folder");
    let team = Node::new("input").attr("type", "checkbox").attr("id", "editor-team").attr("data-testid", "editor-team").build();
    let team_field = Node::new("div")
        .class("field")
        .attr("hidden", "")
        .child(Node::new("label").child(Node::from(team.clone())).child(Node::new("span").text(&format!(" {}", chrome::message("editorShareWithTeam")))))
        .build();
    let wordings = Node::new("div").class("wordings").build();
    let (add_row, add_lang, add_network) = add_wording_row();
    let diagnostics = Node::new("ul").class("diagnostics").attr("data-testid", "editor-diagnostics").attr("aria-live", "polite").build();
    let preview_label = Node::new("p").class("preview-label").attr("id", "editor-preview-label").build();
    let preview = Node::new("pre").class("preview").attr("data-testid", "editor-preview").attr("aria-labelledby", "editor-preview-label").build();
    let count = Node::new("p").class("count").attr("data-testid", "editor-count").build();
    let status = Node::new("p").class("status").attr("id", "editor-status").attr("role", "status").attr("data-testid", "editor-status").build();
    let confirm = Node::new("div").class("confirm").attr("id", "editor-confirm").attr("hidden", "").build();
    let form = Node::new("form")
        .class("editor")
        .attr("novalidate", "")
        .attr("aria-labelledby", "editor-heading")
        .child(Node::from(heading.clone()))
        .child(Node::from(notice.clone()))
        .child(field("editor-title", "editorTitle", None, Node::from(title.clone())))
        .child(field("editor-shortcut", "editorShortcut", Some("editorShortcutHint"), shortcut_box(&shortcut)))
        .child(field("editor-tags", "editorTags", Some("editorTagsHint"), Node::from(tags.clone())))
        .child(field("editor-folder", "editorFolder", None, Node::from(folder.clone())))
        .child(Node::from(team_field.clone()))
        .child(Node::new("h3").text(&chrome::message("editorWordings")))
        .child(Node::from(wordings.clone()))
        .child(add_row)
        .child(variables_help())
        .child(Node::new("h3").text(&chrome::message("editorChecks")))
        .child(Node::from(diagnostics.clone()))
        .child(Node::from(preview_label.clone()))
        .child(Node::new("div").class("preview-box").child(Node::from(preview.clone())).child(Node::from(count.clone())))
        .child(Node::from(status.clone()))
        .child(Node::from(confirm.clone()))
        .child(form_actions())
        .on("input", |_| on_change())
        .on("submit", |event| {
            event.prevent_default();
            save();
        })
        .on("keydown", |event| {
            if let Some(event) = event.dyn_ref::<KeyboardEvent>() {
                on_key(event);
            }
        });
    dom::replace_children(slot, form);
    let input = |element: Element| element.unchecked_into::<HtmlInputElement>();
    View {
        heading,
        notice,
        title: input(title),
        shortcut: input(shortcut),
        tags: input(tags),
        folder: input(folder),
        team: input(team),
        team_field,
        wordings,
        add_lang,
        add_network,
        diagnostics,
        preview_label,
        preview,
        count,
        status,
        confirm,
    }
}

fn text_input(id: &str) -> Element {
    Node::new("input").attr("type", "text").attr("id", id).attr("data-testid", id).attr("autocomplete", "off").build()
}

/// A label, the control, and an optional hint the control is described by.
fn field(id: &str, label_key: &str, hint_key: Option<&str>, control: Node) -> Node {
    let field = Node::new("div").class("field").child(Node::new("label").attr("for", id).text(&chrome::message(label_key))).child(control);
    match hint_key {
        Some(hint_key) => field.child(Node::new("p").class("hint").attr("id", &format!("{id}-hint")).text(&chrome::message(hint_key))),
        None => field,
    }
}

/// The shortcut input, shown after the `;;` trigger the reply box expects.
fn shortcut_box(shortcut: &Element) -> Node {
    let _ = shortcut.set_attribute("aria-describedby", "editor-shortcut-hint");
    let _ = shortcut.set_attribute("spellcheck", "false");
    Node::new("div").class("shortcut-box").child(Node::new("span").class("trigger").attr("aria-hidden", "true").text(crate::core::library::TRIGGER)).child(Node::from(shortcut.clone()))
}

fn add_wording_row() -> (Node, HtmlSelectElement, HtmlSelectElement) {
    let langs = Node::new("select").attr("id", "editor-add-lang").attr("aria-label", &chrome::message("editorAddLanguage")).children(
        [Lang::Fr, Lang::En].map(|lang| Node::new("option").attr("value", lang_code(lang)).text(&localized::lang_label(lang))),
    );
    let networks = Node::new("select").attr("id", "editor-add-network").attr("aria-label", &chrome::message("editorAddNetwork")).children(
        Network::ALL.map(|network| Node::new("option").attr("value", network_code(network)).text(localized::network_label(network))),
    );
    let (langs, networks) = (langs.build(), networks.build());
    let row = Node::new("div")
        .class("add-wording")
        .child(Node::from(langs.clone()))
        .child(Node::from(networks.clone()))
        .child(Node::new("button").attr("type", "button").attr("data-testid", "editor-add-wording").text(&chrome::message("editorAddWording")).on("click", |_| add_wording()));
    (row, langs.unchecked_into(), networks.unchecked_into())
}

/// The variables a wording can use, folded away until wanted.
fn variables_help() -> Node {
    let french = localized::in_french();
    let items = VARIABLES.iter().map(|variable| {
        Node::new("li").child(Node::new("code").text(&format!("{{{{{}}}}}", variable.name))).child(Node::new("span").text(&format!(" {}", if french { variable.fr } else { variable.en })))
    });
    let snippet = Node::new("li").child(Node::new("code").text("{{> signature}}")).child(Node::new("span").text(&format!(" {}", chrome::message("editorSignatureHelp"))));
    Node::new("details").class("variables").child(Node::new("summary").text(&chrome::message("editorVariables"))).child(Node::new("ul").children(items).child(snippet))
}

fn form_actions() -> Node {
    Node::new("div")
        .class("actions")
        .child(Node::new("button").attr("type", "submit").class("primary").attr("data-testid", "editor-save").text(&chrome::message("editorSave")))
        .child(Node::new("button").attr("type", "button").attr("data-testid", "editor-cancel").text(&chrome::message("editorCancel")).on("click", |_| cancel()))
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    }
}

fn network_code(network: Network) -> &'static str {
    match network {
        Network::X => "x",
        Network::Linkedin => "linkedin",
        Network::Facebook => "facebook",
        Network::Instagram => "instagram",
        Network::Youtube => "youtube",
        Network::Reddit => "reddit",
        Network::Tiktok => "tiktok",
    }
}

fn row_test_id(lang: Lang, network: Option<Network>) -> String {
    match network {
        None => format!("wording-{}", lang_code(lang)),
        Some(network) => format!("wording-{}-{}", lang_code(lang), network_code(network)),
    }
}

fn on_key(event: &KeyboardEvent) {
    match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            cancel();
        }
        "Enter" if event.ctrl_key() || event.meta_key() => {
            event.prevent_default();
            save();
        }
        _ => {}
    }
}

impl Editor {
    /// Puts `draft` in the form.
    fn fill(&mut self, draft: &Draft) {
        self.editing = draft.editing.clone();
        self.saving = false;
        let heading = match &draft.editing {
            Some(_) => localized::message_with("editorHeadingEdit", &[draft.title.trim()]),
            None => chrome::message("editorHeadingNew"),
        };
        self.view.heading.set_text_content(Some(&heading));
        self.view.title.set_value(&draft.title);
        self.view.shortcut.set_value(&draft.shortcut);
        self.view.tags.set_value(&draft.tags);
        self.view.folder.set_value(&draft.folder);
        // A new template may be shared; an existing one stays where it is.
        self.view.team.set_checked(draft.team);
        self.view.team.set_disabled(draft.editing.is_some());
        set_hidden(&self.view.team_field, !super::team::may_edit_team());
        self.clear_refusal();
        set_hidden(&self.view.confirm, true);
        self.draw_rows(&draft.variants);
        self.active = 0;
    }

    /// What the form holds now.
    fn read(&self) -> Draft {
        Draft {
            editing: self.editing.clone(),
            title: self.view.title.value(),
            shortcut: self.view.shortcut.value(),
            tags: self.view.tags.value(),
            folder: self.view.folder.value(),
            variants: self.rows.iter().map(|row| Variant { lang: row.lang, network: row.network, body: row.body.value() }).collect(),
            team: self.view.team.checked(),
        }
    }

    fn draw_rows(&mut self, variants: &[Variant]) {
        self.view.wordings.set_text_content(None);
        self.rows = variants.iter().enumerate().map(|(index, variant)| self.add_row(index, variant)).collect();
    }

    fn add_row(&self, index: usize, variant: &Variant) -> Row {
        let (lang, network) = (variant.lang, variant.network);
        let id = format!("editor-wording-{index}");
        let counter_id = format!("{id}-count");
        let label = localized::variant_label(lang, network);
        let body = Node::new("textarea")
            .attr("id", &id)
            .attr("rows", if network.is_some() { "3" } else { "5" })
            .attr("lang", lang_code(lang))
            .attr("data-testid", &row_test_id(lang, network))
            .attr("aria-describedby", &counter_id)
            .on("focus", move |_| set_active(lang, network))
            .build();
        let counter = Node::new("p").class("count").attr("id", &counter_id).build();
        let mut header = Node::new("div").class("wording-head").child(Node::new("label").attr("for", &id).text(&label));
        if network.is_some() {
            let remove_label = localized::message_with("editorRemoveWording", &[&label]);
            header = header.child(
                Node::new("button").attr("type", "button").class("link").attr("aria-label", &remove_label).attr("title", &remove_label).text(&chrome::message("editorRemove")).on("click", move |_| remove_wording(lang, network)),
            );
        }
        let wrapper = Node::new("div").class("wording").child(header).child(Node::from(body.clone())).child(Node::from(counter.clone()));
        let _ = self.view.wordings.append_child(&wrapper.build());
        let body: HtmlTextAreaElement = body.unchecked_into();
        body.set_value(&variant.body);
        Row { lang, network, body, counter }
    }

    fn redraw(&self) {
        let settings = replies::settings().unwrap_or_default();
        self.draw_counters();
        self.draw_diagnostics(&settings);
        self.draw_preview(&settings);
    }

    fn draw_counters(&self) {
        for row in &self.rows {
            let chars = row.body.value().chars().count();
            row.counter.set_text_content(Some(&localized::message_with("editorCharacters", &[&chars.to_string(), &MAX_BODY_CHARS.to_string()])));
            let _ = row.counter.set_attribute("data-over", if chars > MAX_BODY_CHARS { "true" } else { "false" });
        }
    }

    fn draw_diagnostics(&self, settings: &Settings) {
        let findings: Vec<(Diagnostic, String)> = self.rows.iter().flat_map(|row| row_findings(row, settings)).collect();
        self.view.diagnostics.set_text_content(None);
        if findings.is_empty() {
            let fine = Node::new("li").class("ok").text(&chrome::message("editorNoProblem"));
            let _ = self.view.diagnostics.append_child(&fine.build());
        }
        for (diagnostic, label) in findings {
            let class = if diagnostic.severity == Severity::Error { "error" } else { "warning" };
            let item = Node::new("li").class(class).text(&diagnostic_text(&diagnostic, &label));
            let _ = self.view.diagnostics.append_child(&item.build());
        }
    }

    fn draw_preview(&self, settings: &Settings) {
        let Some(row) = self.rows.get(self.active) else { return };
        let body = row.body.value();
        let label = localized::variant_label(row.lang, row.network);
        let context = replies::context();
        let label_key = if context.is_some() { "editorPreviewReal" } else { "editorPreviewSample" };
        self.view.preview_label.set_text_content(Some(&localized::message_with(label_key, &[&label])));
        let _ = self.view.preview.remove_attribute("data-error");
        if body.trim().is_empty() {
            self.view.preview.set_text_content(None);
            self.view.count.set_text_content(None);
            return;
        }
        let sample = sample_comment(row.lang, row.network);
        let inputs = ReplyInputs { context: Some(context.as_ref().unwrap_or(&sample)), settings, today: clock::today(), fallback_lang: row.lang };
        let template = preview_template(Variant { lang: row.lang, network: row.network, body });
        let Some(composed) = compose(&template, Some(0), &inputs) else { return };
        match &composed.reply {
            Ok(reply) => self.view.preview.set_text_content(Some(&reply.text)),
            Err(error) => {
                let message = if localized::in_french() { error.message_fr() } else { error.to_string() };
                self.view.preview.set_text_content(Some(&message));
                let _ = self.view.preview.set_attribute("data-error", "true");
            }
        }
        let count = match composed.limit {
            Some(limit) => localized::message_with("editorCharacters", &[&composed.length.to_string(), &limit.to_string()]),
            None => localized::message_with("editorCharactersNoLimit", &[&composed.length.to_string()]),
        };
        self.view.count.set_text_content(Some(&count));
        let _ = self.view.count.set_attribute("data-over", if composed.over_limit() { "true" } else { "false" });
    }

    /// Once the person types again, the last refusal and its field marks go.
    fn clear_refusal(&self) {
        let _ = self.view.status.remove_attribute("data-kind");
        self.view.status.set_text_content(None);
        for control in [&self.view.title, &self.view.shortcut, &self.view.tags] {
            let _ = control.remove_attribute("aria-invalid");
        }
        for row in &self.rows {
            let _ = row.body.remove_attribute("aria-invalid");
        }
    }

    fn say(&self, message: &str, is_error: bool) {
        self.view.status.set_text_content(Some(message));
        let _ = self.view.status.set_attribute("data-kind", if is_error { "error" } else { "info" });
    }
}

/// The findings of one wording, with the wording's name.
fn row_findings(row: &Row, settings: &Settings) -> Vec<(Diagnostic, String)> {
    let body = row.body.value();
    if body.trim().is_empty() {
        return Vec::new();
    }
    let options = CheckOptions {
        known_partials: settings.snippets.keys().cloned().collect(),
        partial_sources: settings.snippets.clone(),
        max_chars: row.network.map(character_limit),
        lang: row.lang,
        ..CheckOptions::default()
    };
    let label = localized::variant_label(row.lang, row.network);
    check(&body, &options).into_iter().map(|diagnostic| (diagnostic, label.clone())).collect()
}

/// "French, line 1, column 4: the section ... is never closed", in the UI language.
fn diagnostic_text(diagnostic: &Diagnostic, label: &str) -> String {
    let message = if localized::in_french() { &diagnostic.message_fr } else { &diagnostic.message };
    let key = if diagnostic.severity == Severity::Error { "editorDiagnosticError" } else { "editorDiagnosticWarning" };
    localized::message_with(key, &[label, &diagnostic.line.to_string(), &diagnostic.column.to_string(), message])
}

/// A comment to preview with when none is being answered: the core's sample, on the
/// wording's network (LinkedIn for a general wording).
fn sample_comment(lang: Lang, network: Option<Network>) -> CommentContext {
    let sample = ReplyContext::sample(lang);
    CommentContext {
        platform: network_code(network.unwrap_or(Network::Linkedin)).to_owned(),
        author: Author { name: sample.author_name, handle: sample.author_handle, profile_url: String::new() },
        text: sample.comment_text,
        permalink: sample.comment_url,
        page_url: sample.post_url,
        ..CommentContext::default()
    }
}

fn preview_template(variant: Variant) -> Template {
    Template {
        id: "preview".to_owned(),
        title: String::new(),
        shortcut: String::new(),
        tags: Vec::new(),
        variants: vec![variant],
        scope: Scope::Personal,
        usage_count: 0,
        last_used_ms: None,
        created_by: String::new(),
        updated_by: String::new(),
        created_ms: 0,
        updated_ms: 0,
        version: 1,
        folder: None,
    }
}

// ------------------------------------------------------------------------------ events

fn on_change() {
    let draft = with_editor(|editor| {
        if !editor.saving {
            editor.clear_refusal();
        }
        editor.redraw();
        editor.read()
    });
    if let Some(draft) = draft {
        persist(&draft);
    }
}

fn set_active(lang: Lang, network: Option<Network>) {
    with_editor(|editor| {
        if let Some(position) = editor.rows.iter().position(|row| row.lang == lang && row.network == network) {
            if position != editor.active {
                editor.active = position;
                editor.draw_preview(&replies::settings().unwrap_or_default());
            }
        }
    });
}

/// Adds the wording chosen in the two selects, or focuses it when it is already there.
fn add_wording() {
    let focus = with_editor(|editor| {
        let lang = if editor.view.add_lang.value() == "en" { Lang::En } else { Lang::Fr };
        let network = Network::ALL.into_iter().find(|network| network_code(*network) == editor.view.add_network.value());
        if let Some(existing) = editor.rows.iter().position(|row| row.lang == lang && row.network == network) {
            editor.active = existing;
        } else {
            let mut variants = editor.read().variants;
            variants.push(Variant { lang, network, body: String::new() });
            editor.draw_rows(&variants);
            editor.active = editor.rows.len() - 1;
        }
        editor.redraw();
        editor.rows.get(editor.active).map(|row| row.body.clone())
    })
    .flatten();
    if let Some(body) = focus {
        body.focus().ok();
    }
    on_change();
}

fn remove_wording(lang: Lang, network: Option<Network>) {
    let focus = with_editor(|editor| {
        let mut variants = editor.read().variants;
        variants.retain(|variant| !(variant.lang == lang && variant.network == network));
        editor.draw_rows(&variants);
        editor.active = 0;
        editor.view.add_network.clone()
    });
    if let Some(select) = focus {
        select.focus().ok();
    }
    on_change();
}

/// Keeps the form in storage as typed (in order: each write replaces the last).
fn persist(draft: &Draft) {
    let Ok(json) = serde_json::to_string(draft) else { return };
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = chrome::local_write(DRAFT_KEY, &JsValue::from_str(&json)).await {
            gloo::console::warn!("Tact: the editor's draft could not be kept", error);
        }
    });
}

fn forget_draft() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = chrome::local_write(DRAFT_KEY, &JsValue::NULL).await;
    });
}

/// Closes the form; with unsaved changes, asks first (inside the panel).
fn cancel() {
    let changed = with_editor(|editor| editor.read() != editor.original).unwrap_or(false);
    if !changed {
        close();
        return;
    }
    let confirm = with_editor(|editor| editor.view.confirm.clone());
    if let Some(confirm) = confirm {
        library_admin::ask(&confirm, &chrome::message("editorDiscardQuestion"), &chrome::message("editorDiscard"), &chrome::message("editorKeepEditing"), close);
    }
}

fn close() {
    forget_draft();
    with_editor(|editor| set_hidden(&editor.view.confirm, true));
    show_editor(false);
    replies::focus_search();
}

// ------------------------------------------------------------------------------ saving

/// The field a refusal is about, to mark and focus.
enum Culprit {
    Title,
    Shortcut,
    Tags,
    Wording(usize),
    None,
}

fn save() {
    let attempt = with_editor(|editor| {
        if editor.saving {
            return Err(None);
        }
        let draft = editor.read();
        if let Err((message, culprit)) = refusal_before_library(editor, &draft) {
            return Err(Some((message, culprit)));
        }
        editor.saving = true;
        editor.say(&chrome::message("editorSaving"), false);
        Ok(draft)
    });
    match attempt {
        Some(Ok(draft)) => wasm_bindgen_futures::spawn_local(store_draft(draft)),
        Some(Err(Some((message, culprit)))) => refuse(&message, culprit),
        _ => {}
    }
}

/// Refusals the form can tell by itself: wordings that do not parse, are too long or empty.
fn refusal_before_library(editor: &Editor, draft: &Draft) -> Result<(), (String, Culprit)> {
    let settings = replies::settings().unwrap_or_default();
    for (index, row) in editor.rows.iter().enumerate() {
        let label = localized::variant_label(row.lang, row.network);
        let body = row.body.value();
        let chars = body.chars().count();
        if chars > MAX_BODY_CHARS {
            let message = localized::message_with("errBodyTooLong", &[&label, &chars.to_string(), &MAX_BODY_CHARS.to_string()]);
            return Err((message, Culprit::Wording(index)));
        }
        if row.network.is_some() && body.trim().is_empty() {
            return Err((localized::message_with("errEmptyWording", &[&label]), Culprit::Wording(index)));
        }
        if let Some((diagnostic, label)) = row_findings(row, &settings).into_iter().find(|(d, _)| d.severity == Severity::Error) {
            return Err((diagnostic_text(&diagnostic, &label), Culprit::Wording(index)));
        }
    }
    if draft.content().variants.is_empty() {
        return Err((chrome::message("errNoVariant"), Culprit::Wording(0)));
    }
    Ok(())
}

/// Applies the draft to a copy of the library, stores it, and only then shows it as saved.
async fn store_draft(draft: Draft) {
    let Some(mut library) = replies::library() else {
        refuse(&chrome::message("editorLibraryLoading"), Culprit::None);
        return;
    };
    let by = replies::settings().map(|settings| settings.member_name).unwrap_or_default();
    let (content, now) = (draft.content(), clock::now_ms());
    let title = content.title.clone();
    let team_editor = super::team::may_edit_team();
    // A restored draft whose template was deleted or imported away since is saved as a new
    // one rather than lost.
    let applied = match draft.editing.as_deref().filter(|id| library.get(id).is_some()) {
        Some(id) => library.update_as(id, content, &by, now, team_editor).map(|template| template.id.clone()),
        None => library.create(&library_admin::new_template_id(), content, &by, now).map(|template| template.id.clone()).and_then(|id| {
            if draft.team && team_editor {
                library.share_with_team(&id)?;
            }
            Ok(id)
        }),
    };
    let id = match applied {
        Ok(id) => id,
        Err(error) => {
            refuse(&localized::library_error(&error), culprit_of(&error));
            return;
        }
    };
    if let Err(error) = super::team::save(&library).await {
        refuse(&localized::message_with("errStorage", &[&error]), Culprit::None);
        return;
    }
    replies::show_library(library, Some(&id));
    library_admin::announce(&localized::message_with("editorSaved", &[&title]));
    close();
}

fn culprit_of(error: &LibraryError) -> Culprit {
    match error {
        LibraryError::MissingTitle | LibraryError::TitleTooLong { .. } => Culprit::Title,
        LibraryError::MissingShortcut | LibraryError::InvalidShortcut { .. } | LibraryError::DuplicateShortcut { .. } => Culprit::Shortcut,
        LibraryError::InvalidTag { .. } | LibraryError::TooManyTags => Culprit::Tags,
        LibraryError::NoVariant | LibraryError::EmptyBody { .. } | LibraryError::BodyTooLong { .. } => Culprit::Wording(0),
        _ => Culprit::None,
    }
}

/// Shows why the form was not saved, marks the field, and keeps everything typed.
fn refuse(message: &str, culprit: Culprit) {
    let focus = with_editor(|editor| {
        editor.saving = false;
        let refused = localized::message_with("editorNotSaved", &[message]);
        editor.say(&refused, true);
        let element: Option<HtmlElement> = match culprit {
            Culprit::Title => Some(editor.view.title.clone().into()),
            Culprit::Shortcut => Some(editor.view.shortcut.clone().into()),
            Culprit::Tags => Some(editor.view.tags.clone().into()),
            Culprit::Wording(index) => editor.rows.get(index).map(|row| row.body.clone().into()),
            Culprit::None => None,
        };
        if let Some(element) = &element {
            let _ = element.set_attribute("aria-invalid", "true");
            let _ = element.set_attribute("aria-errormessage", "editor-status");
        }
        element
    })
    .flatten();
    if let Some(element) = focus {
        element.focus().ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn variant(lang: Lang, network: Option<Network>, body: &str) -> Variant {
        Variant { lang, network, body: body.to_owned() }
    }

    #[wasm_bindgen_test]
    fn the_content_saved_is_the_form_trimmed_with_tags_split_on_commas() {
        let draft = Draft {
            editing: None,
            title: "  Merci  ".into(),
            shortcut: " ;;merci ".into(),
            tags: "livraison, , delivery ,".into(),
            folder: "  ".into(),
            variants: vec![variant(Lang::Fr, None, "Merci !")],
            team: false,
        };
        let content = draft.content();
        assert_eq!((content.title.as_str(), content.shortcut.as_str()), ("Merci", "merci"));
        assert_eq!(content.tags, ["livraison", "delivery"]);
        assert_eq!(content.folder, None);
    }

    #[wasm_bindgen_test]
    fn an_empty_general_wording_is_left_out_but_an_empty_network_wording_is_kept_to_be_refused() {
        let draft = Draft {
            variants: vec![variant(Lang::Fr, None, "Merci !"), variant(Lang::En, None, "  "), variant(Lang::En, Some(Network::X), "")],
            ..Draft::default()
        };
        let kept: Vec<(Lang, Option<Network>)> = draft.content().variants.iter().map(|v| (v.lang, v.network)).collect();
        assert_eq!(kept, [(Lang::Fr, None), (Lang::En, Some(Network::X))]);
    }

    #[wasm_bindgen_test]
    fn a_draft_reads_back_from_the_json_kept_in_storage() {
        let draft = Draft { editing: Some("id-1".into()), title: "T".into(), variants: vec![variant(Lang::En, Some(Network::Linkedin), "Hi")], ..Draft::default() };
        let json = serde_json::to_string(&draft).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Draft>(&json).ok(), Some(draft));
    }
}
