//! The rules editor (`?view=rules`): the team's rule set as a form (severity, enabled, message
//! per rule) and as JSON text, a test box whose findings follow every edit, the starter sets to
//! add, and saving through sync (`SyncRequest::CommitRuleSet`, queued and pushed like the
//! library editor's templates; the server checks the rule file again on push).
//!
//! The engine is not in this module (size budget): the page's loader imports the guidelines
//! module on demand (`globalThis.tactLoadGuidelines`) and its `guidelines_try_rules` reads the
//! draft rule file and checks the test text, with the rule, field and line of any error.
//!
//! The text shows the set as JSON or as YAML. YAML is read natively only (outside the wasm
//! budget), so in YAML mode the team server converts (`/rules/yaml`, `/rules/to-yaml`): edits
//! are sent once typing pauses, and the JSON it answers feeds the form and the test box.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use crate::core::sync::SyncRequest;
use crate::web::console::api::Api;
use crate::web::console::ui::{button, outcome};
use crate::web::console::words::{say, word};
use crate::web::chrome;
use crate::web::dom::{self, Node};
use crate::web::http;
use crate::web::sync as team;

/// Written by sync: `{"<id>": <rule file>}`.
const TEAM_RULES_KEY: &str = "rules.team.v1";
/// The id a team's first rule set is saved under.
const NEW_SET_ID: &str = "team";
/// How long typing pauses before a YAML edit is sent to the server.
const YAML_PAUSE_MS: i32 = 400;
const SEVERITIES: [&str; 4] = ["info", "warn", "approval", "block"];
const STARTERS: [&str; 6] = [
    "brand-safety-en",
    "brand-safety-fr",
    "persona-disclosure-en",
    "persona-disclosure-fr",
    "financial-services-en",
    "financial-services-fr",
];

/// The view's controls, shared by its handlers.
struct Editor {
    id: String,
    text: HtmlTextAreaElement,
    form: Element,
    error: Element,
    draft: HtmlTextAreaElement,
    findings: Element,
    said: Element,
    engine: JsValue,
    /// The team server, when signed in: YAML needs it.
    api: Option<Rc<Api>>,
    yaml_mode: Cell<bool>,
    /// In YAML mode, the set as JSON, as the server last read the text.
    json: RefCell<String>,
    /// Bumped by every YAML edit, so only the latest one's answer is shown.
    edits: Cell<u32>,
}

impl Editor {
    /// The rule file as JSON, whichever way the text shows it.
    fn json_text(&self) -> String {
        if self.yaml_mode.get() { self.json.borrow().clone() } else { self.text.value() }
    }
}

pub fn view(slot: &Element) {
    let slot = slot.clone();
    wasm_bindgen_futures::spawn_local(async move {
        dom::replace_children(&slot, Node::new("h1").text(&word("consoleRules")));
        let engine = match load_engine().await {
            Ok(engine) => engine,
            Err(_) => return dom::replace_children(&slot, Node::new("p").attr("role", "alert").text(&word("consoleRulesNoEngine"))),
        };
        let (id, document) = team_rule_set().await;
        let (editor, editable, starter) = build(&slot, id, engine).await;
        let editor = Rc::new(editor);
        editor.text.set_value(&pretty(&document));
        wire(&editor, editable, starter);
        refresh(&editor, true);
        show_rejection(&editor).await;
        let this = editor.clone();
        chrome::on_local_change(team::STATUS_KEY, move || {
            let this = this.clone();
            wasm_bindgen_futures::spawn_local(async move { show_rejection(&this).await });
        });
    });
}

/// The guidelines module's exports, loaded and initialised by `console.js`.
async fn load_engine() -> Result<JsValue, JsValue> {
    let loader: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"tactLoadGuidelines".into())?.dyn_into()?;
    let promise: js_sys::Promise = loader.call0(&JsValue::NULL)?.dyn_into()?;
    JsFuture::from(promise).await
}

fn call(engine: &JsValue, name: &str, args: &[&str]) -> Option<String> {
    let function: js_sys::Function = js_sys::Reflect::get(engine, &name.into()).ok()?.dyn_into().ok()?;
    let args: js_sys::Array = args.iter().map(|arg| JsValue::from_str(arg)).collect();
    function.apply(&JsValue::NULL, &args).ok()?.as_string()
}

/// The team's first rule set (by id), or an empty one to start.
async fn team_rule_set() -> (String, Value) {
    let stored: Option<serde_json::Map<String, Value>> = team::read_local(TEAM_RULES_KEY).await;
    stored
        .and_then(|sets| sets.into_iter().next())
        .unwrap_or_else(|| (NEW_SET_ID.to_owned(), serde_json::json!({ "version": 1, "rules": [] })))
}

async fn may_edit() -> bool {
    let me: Option<Value> = team::read_local("sync.me.v1").await;
    me.is_some_and(|me| matches!(me["member"]["role"].as_str(), Some("manager" | "owner")))
}

/// The document indented for people, by the browser's JSON (serde_json's pretty printer would
/// add its own code to this module).
fn pretty(document: &Value) -> String {
    let compact = serde_json::to_string(document).unwrap_or_default();
    js_sys::JSON::parse(&compact)
        .and_then(|value| js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2)))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or(compact)
}

async fn build(slot: &Element, id: String, engine: JsValue) -> (Editor, bool, HtmlSelectElement) {
    let area = |id: &str, rows: &str| -> HtmlTextAreaElement {
        Node::new("textarea").attr("id", id).attr("rows", rows).attr("spellcheck", "false").build().unchecked_into()
    };
    let editor = Editor {
        id,
        text: area("rules-text", "18"),
        form: Node::new("div").attr("id", "rules-form").build(),
        error: Node::new("p").attr("id", "rules-error").attr("role", "alert").build(),
        draft: area("rules-draft", "4"),
        findings: Node::new("div").attr("id", "rules-findings").attr("aria-live", "polite").build(),
        said: Node::new("div").attr("id", "rules-said").build(),
        engine,
        api: team::session().await.map(|session| Rc::new(Api { session })),
        yaml_mode: Cell::new(false),
        json: RefCell::new(String::new()),
        edits: Cell::new(0),
    };
    let starter: HtmlSelectElement = Node::new("select")
        .attr("id", "rules-starter")
        .children(STARTERS.iter().map(|name| Node::new("option").attr("value", name).text(name)))
        .build()
        .unchecked_into();
    let mut section = Node::new("section")
        .attr("aria-labelledby", "rules-heading")
        .child(Node::new("h1").attr("id", "rules-heading").text(&word("consoleRules")))
        .child(Node::new("p").class("note").text(&say("consoleRulesSet", &[&editor.id])));
    let editable = may_edit().await;
    if !editable {
        section = section.child(Node::new("p").class("note").attr("role", "status").text(&word("consoleRulesManagersOnly")));
    }
    dom::replace_children(slot, section.child(Node::from(editor.form.clone())));
    let editor_slot = Node::new("div").class("rules-panes").build();
    let _ = slot.append_child(&editor_slot);
    let editor = editor;
    let text_label = Node::new("label").attr("for", "rules-text").text(&word("consoleRulesText"));
    let draft_label = Node::new("label").attr("for", "rules-draft").text(&word("consoleRulesTestBox"));
    let mode: Element = Node::new("select")
        .attr("id", "rules-mode")
        .children(["JSON", "YAML"].iter().map(|name| Node::new("option").attr("value", &name.to_lowercase()).text(name)))
        .build();
    let mode_label = Node::new("label").attr("for", "rules-mode").text(&word("consoleRulesTextMode"));
    let starter_label = Node::new("label").attr("for", "rules-starter").text(&word("consoleRulesStarter"));
    let parts = Node::new("div")
        .child(Node::new("div").class("picker").child(mode_label).child(Node::from(mode)))
        .child(Node::new("div").class("wording").child(text_label).child(Node::from(editor.text.clone().unchecked_into::<Element>())).child(Node::from(editor.error.clone())))
        .child(
            Node::new("div")
                .class("wording")
                .child(draft_label)
                .child(Node::from(editor.draft.clone().unchecked_into::<Element>()))
                .child(Node::new("h3").text(&word("consoleRulesFindings")))
                .child(Node::from(editor.findings.clone())),
        )
        .child(Node::new("div").class("picker").child(starter_label).child(Node::from(starter.clone().unchecked_into::<Element>())).child(button("consoleRulesAddStarter").attr("id", "rules-add-starter")))
        .child(button("consoleSave").attr("id", "rules-save"))
        .child(Node::from(editor.said.clone()));
    dom::replace_children(&editor_slot, parts);
    (editor, editable, starter)
}

/// Wires the text, the test box, the starter button and (for managers and owners) saving.
fn wire(editor: &Rc<Editor>, editable: bool, starter: HtmlSelectElement) {
    let on = |element: Element, event: &str, handler: Box<dyn FnMut(web_sys::Event)>| {
        let _ = Node::from(element).on(event, handler);
    };
    let this = editor.clone();
    on(editor.text.clone().unchecked_into(), "input", Box::new(move |_| {
        if this.yaml_mode.get() { yaml_edited(&this) } else { refresh(&this, true) }
    }));
    let this = editor.clone();
    on(editor.draft.clone().unchecked_into(), "input", Box::new(move |_| refresh(&this, false)));
    let by_id = |id: &str| dom::document().get_element_by_id(id);
    if let Some(mode) = by_id("rules-mode") {
        let this = editor.clone();
        on(mode, "change", Box::new(move |event| {
            let Some(select) = event.target().and_then(|target| target.dyn_into::<HtmlSelectElement>().ok()) else { return };
            let this = this.clone();
            wasm_bindgen_futures::spawn_local(async move { switch_mode(&this, &select).await });
        }));
    }
    if let Some(add) = by_id("rules-add-starter") {
        let this = editor.clone();
        on(add, "click", Box::new(move |_| add_starter(&this, &starter.value())));
    }
    let Some(save_button) = by_id("rules-save") else { return };
    if !editable {
        let _ = save_button.set_attribute("disabled", "");
        return;
    }
    let this = editor.clone();
    on(save_button, "click", Box::new(move |_| {
        let this = this.clone();
        wasm_bindgen_futures::spawn_local(async move { save(&this).await });
    }));
}

/// The server's refusal of this rule set when it was pushed (its rule, field and reason), as
/// sync recorded it; the panel's banner dismisses it.
async fn show_rejection(editor: &Rc<Editor>) {
    let status = team::status().await;
    let rejection = status.rejections.iter().find(|notice| notice.collection == "rule_sets" && notice.id == editor.id);
    if let Some(notice) = rejection {
        outcome(&editor.said, Err(notice.text.clone()));
    }
}

/// Appends a starter's rules to the text, leaving out ids the set already has.
fn add_starter(editor: &Rc<Editor>, name: &str) {
    let starter = call(&editor.engine, "guidelines_starter", &[name]).and_then(|text| serde_json::from_str::<Value>(&text).ok());
    let Some(starter) = starter else { return };
    let Ok(mut document) = serde_json::from_str::<Value>(&editor.json_text()) else {
        return editor.error.set_text_content(Some(&word("consoleRulesFixFirst")));
    };
    let Some(rules) = document.as_object_mut().map(|set| set.entry("rules").or_insert_with(|| Value::Array(Vec::new()))).and_then(Value::as_array_mut) else { return };
    let known: Vec<String> = rules.iter().filter_map(|rule| rule["id"].as_str().map(str::to_owned)).collect();
    let added: Vec<Value> = starter["rules"].as_array().cloned().unwrap_or_default().into_iter().filter(|rule| rule["id"].as_str().is_some_and(|id| !known.iter().any(|k| k == id))).collect();
    let count = added.len();
    rules.extend(added);
    show_document(editor, &document, true);
    outcome(&editor.said, Ok(say("consoleRulesStarterAdded", &[&count.to_string(), name])));
}

/// Saves through sync once the rules read; an error is shown where it is, nothing is sent.
async fn save(editor: &Rc<Editor>) {
    if editor.yaml_mode.get() {
        match read_yaml(editor).await {
            Ok(json) => *editor.json.borrow_mut() = json,
            Err(problem) => return outcome(&editor.said, Err(problem)),
        }
    }
    let text = editor.json_text();
    let answer = call(&editor.engine, "guidelines_try_rules", &[&text, ""]).and_then(|answer| serde_json::from_str::<Value>(&answer).ok());
    if let Some(error) = answer.as_ref().and_then(|answer| answer["error"].as_str()) {
        return outcome(&editor.said, Err(say("consoleRulesError", &[error])));
    }
    let request = SyncRequest::CommitRuleSet { id: editor.id.clone(), rules: text };
    let result = team::ask(&request).await;
    outcome(&editor.said, result.map(|_| word("consoleRulesSaved")).map_err(|problem| problem.text));
}

/// Re-checks the test box with the text's rules; redraws the form when `form` and the text reads.
fn refresh(editor: &Rc<Editor>, form: bool) {
    let answer = call(&editor.engine, "guidelines_try_rules", &[&editor.json_text(), &editor.draft.value()]);
    let answer: Value = answer.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or(Value::Null);
    if let Some(error) = answer["error"].as_str() {
        editor.error.set_text_content(Some(&say("consoleRulesError", &[error])));
        return dom::replace_children(&editor.findings, Node::new("p").class("empty").text(&word("consoleRulesNoCheck")));
    }
    editor.error.set_text_content(None);
    let findings = answer["findings"].as_array().cloned().unwrap_or_default();
    let node = if findings.is_empty() {
        Node::new("p").class("status").text(&word("consoleChecksClean"))
    } else {
        Node::new("ul").class("checks").children(findings.iter().map(|finding| {
            let severity = finding["severity"].as_str().unwrap_or_default();
            let rule = finding["rule_id"].as_str().unwrap_or_default();
            let message = finding["message"].as_str().unwrap_or_default();
            Node::new("li").class(if severity == "block" { "error" } else { "warning" }).attr("data-rule", rule).text(&format!("{severity} · {rule}: {message}"))
        }))
    };
    dom::replace_children(&editor.findings, node);
    if form {
        if let Ok(document) = serde_json::from_str::<Value>(&editor.json_text()) {
            draw_form(editor, &document);
        }
    }
}

/// The rules as a table: id and kind as read, severity, enabled and message editable.
fn draw_form(editor: &Rc<Editor>, document: &Value) {
    let rules = document["rules"].as_array().cloned().unwrap_or_default();
    if rules.is_empty() {
        return dom::replace_children(&editor.form, Node::new("p").class("empty").text(&word("consoleRulesEmpty")));
    }
    let head = Node::new("tr").children(
        ["consoleRulesId", "consoleRulesKind", "consoleRulesSeverity", "consoleRulesEnabled", "consoleRulesMessage"]
            .iter()
            .map(|key| Node::new("th").attr("scope", "col").text(&word(key))),
    );
    let rows = rules.iter().enumerate().map(|(index, rule)| {
        let id = rule["id"].as_str().unwrap_or_default().to_owned();
        let severity = rule["severity"].as_str().unwrap_or("warn");
        let select = Node::new("select")
            .attr("id", &format!("rule-severity-{index}"))
            .attr("aria-label", &say("consoleRulesSeverityOf", &[&id]))
            .children(SEVERITIES.iter().map(|value| {
                let option = Node::new("option").attr("value", value).text(value);
                if *value == severity { option.attr("selected", "") } else { option }
            }));
        let select = on_field(editor, select, index, Field::Severity);
        let enabled = Node::new("input")
            .attr("type", "checkbox")
            .attr("id", &format!("rule-enabled-{index}"))
            .attr("aria-label", &say("consoleRulesEnabledOf", &[&id]));
        let enabled = if rule["enabled"].as_bool().unwrap_or(true) { enabled.attr("checked", "") } else { enabled };
        let enabled = on_field(editor, enabled, index, Field::Enabled);
        let message_cell = match &rule["message"] {
            Value::Null | Value::String(_) => {
                let input = Node::new("input")
                    .attr("type", "text")
                    .attr("id", &format!("rule-message-{index}"))
                    .attr("aria-label", &say("consoleRulesMessageOf", &[&id]))
                    .attr("value", rule["message"].as_str().unwrap_or_default());
                on_field(editor, input, index, Field::Message)
            }
            other => Node::new("span").text(&other.to_string()),
        };
        Node::new("tr")
            .attr("data-rule", &id)
            .child(Node::new("th").attr("scope", "row").text(&id))
            .child(Node::new("td").text(rule["kind"].as_str().unwrap_or_default()))
            .child(Node::new("td").child(select))
            .child(Node::new("td").child(enabled))
            .child(Node::new("td").child(message_cell))
    });
    let table = Node::new("table").child(Node::new("thead").child(head)).child(Node::new("tbody").children(rows));
    dom::replace_children(&editor.form, table);
}

#[derive(Clone, Copy)]
enum Field {
    Severity,
    Enabled,
    Message,
}

/// A form control whose change writes its field of rule `index` into the text.
fn on_field(editor: &Rc<Editor>, control: Node, index: usize, field: Field) -> Node {
    let editor = editor.clone();
    control.on("change", move |event| {
        let Some(target) = event.target() else { return };
        let value = match field {
            Field::Severity => target.dyn_ref::<HtmlSelectElement>().map(|select| Value::from(select.value())),
            Field::Enabled => target.dyn_ref::<HtmlInputElement>().map(|input| Value::from(input.checked())),
            Field::Message => target.dyn_ref::<HtmlInputElement>().map(|input| {
                let text = input.value();
                if text.trim().is_empty() { Value::Null } else { Value::from(text) }
            }),
        };
        let Some(value) = value else { return };
        let Ok(mut document) = serde_json::from_str::<Value>(&editor.json_text()) else { return };
        let Some(rule) = document["rules"].get_mut(index).and_then(Value::as_object_mut) else { return };
        let name = match field {
            Field::Severity => "severity",
            Field::Enabled => "enabled",
            Field::Message => "message",
        };
        if value.is_null() {
            rule.remove(name);
        } else {
            rule.insert(name.to_owned(), value);
        }
        show_document(&editor, &document, false);
    })
}

/// Shows `document` in the text (as JSON, or as YAML written by the server), then re-checks.
fn show_document(editor: &Rc<Editor>, document: &Value, form: bool) {
    if !editor.yaml_mode.get() {
        editor.text.set_value(&pretty(document));
        return refresh(editor, form);
    }
    *editor.json.borrow_mut() = pretty(document);
    refresh(editor, form);
    let editor = editor.clone();
    let document = document.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match write_yaml(&editor, &document).await {
            Ok(yaml) => editor.text.set_value(&yaml),
            Err(problem) => outcome(&editor.said, Err(problem)),
        }
    });
}

/// The JSON / YAML selector: the text is converted by the server both ways; without a server
/// (or when the text does not read) the text stays as it is, with the reason.
async fn switch_mode(editor: &Rc<Editor>, select: &HtmlSelectElement) {
    let to_yaml = select.value() == "yaml";
    if to_yaml == editor.yaml_mode.get() {
        return;
    }
    let converted = if to_yaml { json_to_yaml(editor).await } else { read_yaml(editor).await };
    match converted {
        Ok(text) => {
            *editor.json.borrow_mut() = if to_yaml { editor.text.value() } else { String::new() };
            editor.yaml_mode.set(to_yaml);
            editor.text.set_value(&text);
            editor.said.set_text_content(None);
            refresh(editor, true);
        }
        Err(problem) => {
            select.set_value(if to_yaml { "json" } else { "yaml" });
            outcome(&editor.said, Err(problem));
        }
    }
}

async fn json_to_yaml(editor: &Rc<Editor>) -> Result<String, String> {
    let document = serde_json::from_str::<Value>(&editor.text.value()).map_err(|_| word("consoleRulesFixFirst"))?;
    write_yaml(editor, &document).await
}

async fn write_yaml(editor: &Rc<Editor>, document: &Value) -> Result<String, String> {
    let answer = convert(editor, "/rules/to-yaml", serde_json::json!({ "rules": document })).await?;
    Ok(answer["yaml"].as_str().unwrap_or_default().to_owned())
}

/// The text read as YAML by the server: the rule file as indented JSON, or the server's reason
/// (rule, field, line).
async fn read_yaml(editor: &Rc<Editor>) -> Result<String, String> {
    let answer = convert(editor, "/rules/yaml", serde_json::json!({ "yaml": editor.text.value() })).await?;
    Ok(pretty(&answer["rules"]))
}

/// Asks the server to convert; a refusal is the server's own sentence (it names the rule, the
/// field and the line), not wrapped in the reports' "could not be loaded".
async fn convert(editor: &Rc<Editor>, path: &str, body: Value) -> Result<Value, String> {
    let api = editor.api.as_ref().ok_or_else(|| word("consoleRulesYamlNeedsServer"))?;
    let server = &api.session.server;
    let url = format!("{}/api/v1{path}", server.trim_end_matches('/'));
    let answer = http::send("POST", &url, Some(&api.session.token), Some(body.to_string()))
        .await
        .map_err(|_| word("consoleRulesYamlNeedsServer"))?;
    let answer: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
    match answer["error"]["message"].as_str() {
        Some(message) => Err(message.to_owned()),
        None if answer.is_object() => Ok(answer),
        None => Err(word("consoleRulesYamlNeedsServer")),
    }
}

/// A YAML edit: once typing pauses, the server reads it; the latest edit's answer is shown.
fn yaml_edited(editor: &Rc<Editor>) {
    let edit = editor.edits.get().wrapping_add(1);
    editor.edits.set(edit);
    let editor = editor.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep(YAML_PAUSE_MS).await;
        if editor.edits.get() != edit {
            return;
        }
        let read = read_yaml(&editor).await;
        if editor.edits.get() != edit || !editor.yaml_mode.get() {
            return;
        }
        match read {
            Ok(json) => {
                *editor.json.borrow_mut() = json;
                refresh(&editor, true);
            }
            Err(problem) => {
                editor.error.set_text_content(Some(&problem));
                dom::replace_children(&editor.findings, Node::new("p").class("empty").text(&word("consoleRulesNoCheck")));
            }
        }
    });
}

/// Resolves after `ms` milliseconds, through the page's timer queue.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
