//! The rules editor (`?view=rules`): the team's rule set as a form (severity, enabled, message
//! per rule) and as JSON text, a test box whose findings follow every edit, the starter sets to
//! add, and saving through sync (`SyncRequest::CommitRuleSet`, queued and pushed like the
//! library editor's templates; the server checks the rule file again on push).
//!
//! The engine is not in this module (size budget): the page's loader imports the guidelines
//! module on demand (`globalThis.tactLoadGuidelines`) and its `guidelines_try_rules` reads the
//! draft rule file and checks the test text, with the rule, field and line of any error.

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use crate::core::sync::SyncRequest;
use crate::web::console::ui::{button, outcome};
use crate::web::console::words::{say, word};
use crate::web::chrome;
use crate::web::dom::{self, Node};
use crate::web::sync as team;

/// Written by sync: `{"<id>": <rule file>}`.
const TEAM_RULES_KEY: &str = "rules.team.v1";
/// The id a team's first rule set is saved under.
const NEW_SET_ID: &str = "team";
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
    let starter_label = Node::new("label").attr("for", "rules-starter").text(&word("consoleRulesStarter"));
    let parts = Node::new("div")
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
    on(editor.text.clone().unchecked_into(), "input", Box::new(move |_| refresh(&this, true)));
    let this = editor.clone();
    on(editor.draft.clone().unchecked_into(), "input", Box::new(move |_| refresh(&this, false)));
    let by_id = |id: &str| dom::document().get_element_by_id(id);
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
    let Ok(mut document) = serde_json::from_str::<Value>(&editor.text.value()) else {
        return editor.error.set_text_content(Some(&word("consoleRulesFixFirst")));
    };
    let Some(rules) = document.as_object_mut().map(|set| set.entry("rules").or_insert_with(|| Value::Array(Vec::new()))).and_then(Value::as_array_mut) else { return };
    let known: Vec<String> = rules.iter().filter_map(|rule| rule["id"].as_str().map(str::to_owned)).collect();
    let added: Vec<Value> = starter["rules"].as_array().cloned().unwrap_or_default().into_iter().filter(|rule| rule["id"].as_str().is_some_and(|id| !known.iter().any(|k| k == id))).collect();
    let count = added.len();
    rules.extend(added);
    editor.text.set_value(&pretty(&document));
    refresh(editor, true);
    outcome(&editor.said, Ok(say("consoleRulesStarterAdded", &[&count.to_string(), name])));
}

/// Saves through sync once the rules read; an error is shown where it is, nothing is sent.
async fn save(editor: &Rc<Editor>) {
    let text = editor.text.value();
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
    let answer = call(&editor.engine, "guidelines_try_rules", &[&editor.text.value(), &editor.draft.value()]);
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
        if let Ok(document) = serde_json::from_str::<Value>(&editor.text.value()) {
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
        let Ok(mut document) = serde_json::from_str::<Value>(&editor.text.value()) else { return };
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
        editor.text.set_value(&pretty(&document));
        refresh(&editor, false);
    })
}
