//! The library editor: the team's templates by folder, with their tags and how many published
//! replies used each in the last 30 days (from the reports; "unused" when none); one template
//! edited with its language and network wordings side by side, each with a live preview on a
//! sample comment and the template checks (line and column). Saving goes through the same sync
//! path as the panel: a `Commit` the service worker queues in the outbox and pushes, so a
//! console edit reaches every agent's panel like a panel edit does.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use crate::core::library::{Scope, Template};
use crate::core::model::reports::Report;
use crate::core::model::Lang;
use crate::core::reports::calendar::day_text;
use crate::core::sync::SyncRequest;
use crate::core::template::{check, render, CheckOptions, ReplyContext, Severity};
use crate::web::console::api::Api;
use crate::web::console::ui::{button, outcome};
use crate::web::console::words::{lang as ui_lang, say, word};
use crate::web::dom::{self, Node};
use crate::web::sync as team;

/// Where the worker keeps the library the panel shows (`web::store::LIBRARY_KEY`).
const LIBRARY_KEY: &str = "library.v1";

thread_local! {
    /// Uses per template id over the last 30 days, once the report arrives.
    static USES: RefCell<Option<HashMap<String, u64>>> = const { RefCell::new(None) };
}

pub fn view(slot: &Element, api: Rc<Api>) {
    let list = Node::new("div").class("library-list").attr("id", "library-list").build();
    let editor = Node::new("div").class("library-editor").attr("id", "library-editor").build();
    let section = Node::new("section")
        .attr("aria-labelledby", "library-heading")
        .child(Node::new("h1").attr("id", "library-heading").text(&word("consoleLibrary")))
        .child(Node::new("p").class("note").text(&word("consoleLibraryNote")))
        .child(Node::new("div").class("library").child(Node::from(list.clone())).child(Node::from(editor.clone())));
    dom::replace_children(slot, section);
    wasm_bindgen_futures::spawn_local(async move {
        USES.with(|uses| *uses.borrow_mut() = None);
        let today = (js_sys::Date::now() as i64).div_euclid(86_400_000);
        let query = format!("/reports?from={}&to={}&period=month", day_text(today - 29), day_text(today));
        if let Ok(report) = api.get::<Report>(&query).await {
            let uses = report.templates.iter().map(|row| (row.template_id.clone(), row.uses)).collect();
            USES.with(|cell| *cell.borrow_mut() = Some(uses));
        }
        show_list(&list, &editor).await;
    });
}

/// `library.v1` as the worker writes it (the library's export format); read as plain data, the
/// panel's validation and search are not needed here (and would cost the module their size).
#[derive(serde::Deserialize, Default)]
struct StoredLibrary {
    #[serde(default)]
    templates: Vec<Template>,
}

async fn team_templates() -> Vec<Template> {
    let library: StoredLibrary = team::read_local(LIBRARY_KEY).await.unwrap_or_default();
    let mut templates: Vec<Template> = library.templates.into_iter().filter(|t| t.scope == Scope::Team).collect();
    templates.sort_by(|a, b| a.folder.cmp(&b.folder).then_with(|| a.title.cmp(&b.title)));
    templates
}

fn uses_text(id: &str) -> Option<String> {
    USES.with(|uses| {
        let uses = uses.borrow();
        let uses = uses.as_ref()?;
        Some(match uses.get(id) {
            Some(count) => say("consoleUses30", &[&count.to_string()]),
            None => word("consoleUnused30"),
        })
    })
}

async fn show_list(list: &Element, editor: &Element) {
    let templates = team_templates().await;
    if templates.is_empty() {
        return dom::replace_children(list, Node::new("p").class("empty").text(&word("consoleNoTeamTemplates")));
    }
    let mut folders: BTreeMap<String, Vec<Template>> = BTreeMap::new();
    for template in templates {
        folders.entry(template.folder.clone().unwrap_or_default()).or_default().push(template);
    }
    let groups = folders.into_iter().map(|(folder, templates)| {
        let name = if folder.is_empty() { word("consoleNoFolder") } else { folder };
        let items = templates.into_iter().map(|template| {
            let (editor, id) = (editor.clone(), template.id.clone());
            let mut item = Node::new("button")
                .attr("type", "button")
                .class("template-item")
                .attr("data-template", &template.id)
                .child(Node::new("span").class("title").text(&template.title));
            if !template.tags.is_empty() {
                item = item.child(Node::new("span").class("tags").text(&template.tags.join(", ")));
            }
            if let Some(uses) = uses_text(&template.id) {
                item = item.child(Node::new("span").class("uses").text(&uses));
            }
            Node::new("li").child(item.on("click", move |_| {
                let (editor, id) = (editor.clone(), id.clone());
                wasm_bindgen_futures::spawn_local(async move { open(&editor, &id).await });
            }))
        });
        Node::new("div").class("folder").child(Node::new("h2").text(&name)).child(Node::new("ul").children(items))
    });
    dom::replace_children(list, Node::new("div").children(groups));
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Fr => "fr",
    }
}

/// The sample data a preview renders with, in the wording's language.
fn sample(lang: Lang) -> serde_json::Value {
    let mut context = ReplyContext::sample(lang);
    context.author_name = "Léa Martin".into();
    context.author_handle = "@lea".into();
    context.platform = "x".into();
    context.my_name = "Marc".into();
    context.brand_name = "Maison Lumen".into();
    context.to_data(lang)
}

/// The preview and checks of one wording, redrawn as it is typed.
fn refresh_wording(source: &str, lang: Lang, preview: &Element, checks: &Element) {
    let text = render(source, &sample(lang), &HashMap::new()).unwrap_or_else(|error| error.to_string());
    preview.set_text_content(Some(&text));
    let findings = check(source, &CheckOptions { lang, ..CheckOptions::default() });
    let french = ui_lang() == "fr";
    let items = findings.iter().map(|finding| {
        let message = if french { &finding.message_fr } else { &finding.message };
        let kind = if finding.severity == Severity::Error { "error" } else { "warning" };
        Node::new("li")
            .class(kind)
            .text(&say("consoleCheckAt", &[&finding.line.to_string(), &finding.column.to_string(), message]))
    });
    let node = if findings.is_empty() {
        Node::new("p").class("status").text(&word("consoleChecksClean"))
    } else {
        Node::new("ul").class("checks").children(items)
    };
    dom::replace_children(checks, node);
}

async fn open(editor: &Element, id: &str) {
    let Some(template) = team_templates().await.into_iter().find(|t| t.id == id) else { return };
    let input = |id: &str, value: &str| -> HtmlInputElement {
        let input: HtmlInputElement = Node::new("input").attr("id", id).attr("type", "text").build().unchecked_into();
        input.set_value(value);
        input
    };
    let title = input("edit-title", &template.title);
    let folder = input("edit-folder", template.folder.as_deref().unwrap_or_default());
    let tags = input("edit-tags", &template.tags.join(", "));
    let mut bodies: Vec<HtmlTextAreaElement> = Vec::new();
    let mut columns = Vec::new();
    for (index, variant) in template.variants.iter().enumerate() {
        let area_id = format!("wording-{index}");
        let label = match variant.network {
            Some(network) => say("consoleWordingFor", &[lang_code(variant.lang), &format!("{network:?}")]),
            None => lang_code(variant.lang).to_uppercase(),
        };
        let area: HtmlTextAreaElement = Node::new("textarea").attr("id", &area_id).attr("rows", "6").build().unchecked_into();
        area.set_value(&variant.body);
        let preview = Node::new("div").class("preview").attr("aria-live", "polite").build();
        let checks = Node::new("div").class("checks-box").build();
        refresh_wording(&variant.body, variant.lang, &preview, &checks);
        let (lang_of, preview_for_input, checks_for_input, area_for_input) = (variant.lang, preview.clone(), checks.clone(), area.clone());
        let area_node = Node::from(area.clone().unchecked_into::<Element>()).on("input", move |_| {
            refresh_wording(&area_for_input.value(), lang_of, &preview_for_input, &checks_for_input);
        });
        columns.push(
            Node::new("div")
                .class("wording")
                .attr("data-lang", lang_code(variant.lang))
                .child(Node::new("label").attr("for", &area_id).text(&label))
                .child(area_node)
                .child(Node::new("h3").text(&word("consolePreview")))
                .child(Node::from(preview))
                .child(Node::from(checks)),
        );
        bodies.push(area);
    }
    let said = Node::new("div").attr("id", "library-said").build();
    let save = {
        let (said, template) = (said.clone(), template.clone());
        let (title, folder, tags) = (title.clone(), folder.clone(), tags.clone());
        move |_| {
            let mut edited = template.clone();
            edited.title = title.value().trim().to_owned();
            let folder_name = folder.value().trim().to_owned();
            edited.folder = (!folder_name.is_empty()).then_some(folder_name);
            edited.tags = tags.value().split(',').map(|tag| tag.trim().to_owned()).filter(|tag| !tag.is_empty()).collect();
            for (variant, body) in edited.variants.iter_mut().zip(&bodies) {
                variant.body = body.value();
            }
            let said = said.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let title = edited.title.clone();
                let result = team::ask(&SyncRequest::Commit { puts: vec![edited], deletes: vec![] }).await;
                outcome(&said, result.map(|_| say("consoleSaved", &[&title])).map_err(|problem| problem.text));
            });
        }
    };
    let field = |id: &str, key: &str, control: &HtmlInputElement| {
        Node::new("span").class("field").child(Node::new("label").attr("for", id).text(&word(key))).child(Node::from(control.clone().unchecked_into::<Element>()))
    };
    let mut head = Node::new("div")
        .class("picker")
        .child(field("edit-title", "consoleEditTitle", &title))
        .child(field("edit-folder", "consoleEditFolder", &folder))
        .child(field("edit-tags", "consoleEditTags", &tags));
    if let Some(uses) = uses_text(&template.id) {
        head = head.child(Node::new("p").class("note").text(&uses));
    }
    let form = Node::new("div")
        .attr("data-editing", &template.id)
        .child(Node::new("h2").text(&template.title))
        .child(head)
        .child(Node::new("div").class("wordings").children(columns))
        .child(button("consoleSave").attr("id", "library-save").on("click", save))
        .child(Node::from(said));
    dom::replace_children(editor, form);
}
