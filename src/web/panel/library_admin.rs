//! The library's actions beside the replies list (new, edit, duplicate, delete) and the import
//! and export of the whole library as a JSON file.
//!
//! Every change is made on a copy of the library, stored with `store::save_library`, and only
//! then shown: a refused or failed change leaves the list as it was.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};

use super::{editor, localized, replies, team};
use crate::core::library::{ImportMode, ImportReport, Library, Scope, Template};
use crate::web::{chrome, clock, dom, dom::Node};

/// Files larger than this are refused before reading: a full library of long templates is
/// far smaller.
const MAX_IMPORT_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> String;
}

thread_local! {
    /// Where list actions report (`#library-notice`) and ask (`#library-confirm`).
    static LIST_SLOTS: RefCell<Option<(Element, Element)>> = const { RefCell::new(None) };
    /// The import status line and its confirmation area.
    static IMPORT_SLOTS: RefCell<Option<ImportView>> = const { RefCell::new(None) };
}

/// An id for a new template (the core takes ids from its callers).
pub fn new_template_id() -> String {
    random_uuid()
}

/// The buttons placed beside the replies list, then the line where they report.
pub fn list_actions() -> Vec<Node> {
    let notice = Node::new("p").class("library-notice").attr("id", "library-notice").attr("role", "status").attr("data-testid", "library-notice").build();
    let confirm = Node::new("div").class("confirm").attr("id", "library-confirm").attr("hidden", "").build();
    LIST_SLOTS.with(|cell| *cell.borrow_mut() = Some((notice.clone(), confirm.clone())));
    vec![
        action_button("libraryNew", "library-new", editor::open_new),
        action_button("libraryEdit", "library-edit", edit_selected),
        action_button("libraryDuplicate", "library-duplicate", duplicate_selected),
        action_button("libraryDelete", "library-delete", delete_selected),
        Node::from(notice),
        Node::from(confirm),
    ]
}

fn action_button(label_key: &str, test_id: &str, action: fn()) -> Node {
    Node::new("button").attr("type", "button").attr("data-testid", test_id).text(&chrome::message(label_key)).on("click", move |_| action())
}

/// Says `message` on the line under the list actions.
pub fn announce(message: &str) {
    if let Some((notice, _)) = LIST_SLOTS.with(|cell| cell.borrow().clone()) {
        notice.set_text_content(Some(message));
    }
}

/// Asks `question` inside `container`, with a button that runs `on_confirm` and one that
/// cancels; focus goes to the cancel button, Escape cancels, and focus returns where it was.
pub fn ask(container: &Element, question: &str, confirm_label: &str, cancel_label: &str, on_confirm: impl Fn() + 'static) {
    let returns_to: Option<HtmlElement> = dom::document().active_element().and_then(|element| element.dyn_into().ok());
    let question_id = format!("{}-question", container.id());
    let on_confirm = Rc::new(on_confirm);
    let (dismiss_box, confirm_box) = (container.clone(), container.clone());
    let dismiss = Rc::new(move || {
        hide(&dismiss_box);
        if let Some(element) = &returns_to {
            element.focus().ok();
        }
    });
    let (cancel_dismiss, key_dismiss) = (dismiss.clone(), dismiss.clone());
    let cancel = Node::new("button").attr("type", "button").attr("data-testid", "confirm-cancel").text(cancel_label).on("click", move |_| cancel_dismiss()).build();
    let dialog = Node::new("div")
        .attr("role", "alertdialog")
        .attr("aria-labelledby", &question_id)
        .child(Node::new("p").attr("id", &question_id).text(question))
        .child(
            Node::new("button").attr("type", "button").class("danger").attr("data-testid", "confirm-yes").text(confirm_label).on("click", move |_| {
                hide(&confirm_box);
                on_confirm();
            }),
        )
        .child(Node::from(cancel.clone()))
        .on("keydown", move |event| {
            if event.dyn_ref::<KeyboardEvent>().is_some_and(|key| key.key() == "Escape") {
                event.prevent_default();
                event.stop_propagation();
                key_dismiss();
            }
        });
    dom::replace_children(container, dialog);
    let _ = container.remove_attribute("hidden");
    if let Ok(cancel) = cancel.dyn_into::<HtmlElement>() {
        cancel.focus().ok();
    }
}

fn hide(container: &Element) {
    container.set_text_content(None);
    let _ = container.set_attribute("hidden", "");
}

fn member_name() -> String {
    replies::settings().map(|settings| settings.member_name).unwrap_or_default()
}

/// The selected template, or a word saying to select one.
fn selected() -> Option<Template> {
    let template = replies::selected_template();
    if template.is_none() {
        announce(&chrome::message("librarySelectFirst"));
    }
    template
}

fn edit_selected() {
    let Some(template) = selected() else { return };
    if template.scope == Scope::Team && !team::may_edit_team() {
        offer_copy_of_team_template(&template);
        return;
    }
    announce("");
    editor::open_edit(&template);
}

/// Team templates change in the team console; here, a personal copy is offered instead.
fn offer_copy_of_team_template(template: &Template) {
    let Some((notice, _)) = LIST_SLOTS.with(|cell| cell.borrow().clone()) else { return };
    let button = Node::new("button").attr("type", "button").class("link").attr("data-testid", "team-duplicate").text(&chrome::message("libraryDuplicateTeam")).on("click", |_| duplicate_selected());
    let note = Node::new("span").text(&localized::message_with("libraryTeamReadOnly", &[&template.title]));
    dom::replace_children(&notice, note);
    let _ = notice.append_child(&Node::new("span").text(" ").build());
    let button = button.build();
    let _ = notice.append_child(&button);
    if let Ok(button) = button.dyn_into::<HtmlElement>() {
        button.focus().ok();
    }
}

fn duplicate_selected() {
    let Some(source) = selected() else { return };
    let Some(mut library) = replies::library() else { return announce(&chrome::message("editorLibraryLoading")) };
    let copy = library.duplicate(&source.id, &new_template_id(), &member_name(), clock::now_ms()).map(|copy| (copy.id.clone(), copy.title.clone(), copy.shortcut.clone()));
    match copy {
        Ok((id, title, shortcut)) => wasm_bindgen_futures::spawn_local(async move {
            let done = localized::message_with("libraryDuplicated", &[&title, &format!("{}{shortcut}", crate::core::library::TRIGGER)]);
            store_and_show(library, Some(id), done).await;
        }),
        Err(error) => announce(&localized::library_error(&error)),
    }
}

fn delete_selected() {
    let Some(template) = selected() else { return };
    if template.scope == Scope::Team && !team::may_edit_team() {
        announce(&localized::message_with("errTeamTemplate", &[&template.title]));
        return;
    }
    let Some((_, confirm)) = LIST_SLOTS.with(|cell| cell.borrow().clone()) else { return };
    let question = localized::message_with("libraryDeleteQuestion", &[&template.title]);
    let id = template.id.clone();
    ask(&confirm, &question, &chrome::message("libraryDeleteConfirm"), &chrome::message("editorCancel"), move || delete(&id));
}

fn delete(id: &str) {
    let Some(mut library) = replies::library() else { return announce(&chrome::message("editorLibraryLoading")) };
    match library.delete_as(id, team::may_edit_team()) {
        Ok(removed) => wasm_bindgen_futures::spawn_local(async move {
            store_and_show(library, None, localized::message_with("libraryDeleted", &[&removed.title])).await;
            replies::focus_search();
        }),
        Err(error) => announce(&localized::library_error(&error)),
    }
}

/// Stores `library`, then shows it and says `done`; on a storage error, says so and shows
/// nothing new.
async fn store_and_show(library: Library, select_id: Option<String>, done: String) {
    match team::save(&library).await {
        Ok(()) => {
            replies::show_library(library, select_id.as_deref());
            editor::refresh();
            announce(&done);
        }
        Err(error) => announce(&localized::message_with("errStorage", &[&error])),
    }
}

// ------------------------------------------------------------------------------ import and export

struct ImportView {
    file: HtmlInputElement,
    replace: HtmlInputElement,
    status: Element,
    confirm: Element,
}

/// Builds the import and export tools into `#library-tools`.
pub fn mount() {
    let Some(slot) = dom::document().get_element_by_id("library-tools") else { return };
    let file = Node::new("input").attr("type", "file").attr("id", "import-file").attr("data-testid", "import-file").attr("accept", ".json,application/json").build();
    let merge = radio("import-merge", true);
    let replace = radio("import-replace", false);
    let status = Node::new("p").class("status").attr("role", "status").attr("data-testid", "import-status").build();
    let confirm = Node::new("div").class("confirm").attr("id", "import-confirm").attr("hidden", "").build();
    let modes = Node::new("fieldset")
        .child(Node::new("legend").text(&chrome::message("importModeLegend")))
        .child(Node::new("label").child(Node::from(merge)).child(Node::new("span").text(&chrome::message("importMerge"))))
        .child(Node::new("label").child(Node::from(replace.clone())).child(Node::new("span").text(&chrome::message("importReplace"))));
    let tools = Node::new("details")
        .class("tools")
        .child(Node::new("summary").text(&chrome::message("toolsHeading")))
        .child(Node::new("div").class("actions").child(Node::new("button").attr("type", "button").attr("data-testid", "export").text(&chrome::message("exportButton")).on("click", |_| export())))
        .child(modes)
        .child(Node::new("div").class("field").child(Node::new("label").attr("for", "import-file").text(&chrome::message("importFileLabel"))).child(Node::from(file.clone())))
        .child(Node::new("div").class("actions").child(Node::new("button").attr("type", "button").attr("data-testid", "import").text(&chrome::message("importButton")).on("click", |_| start_import())))
        .child(Node::from(status.clone()))
        .child(Node::from(confirm.clone()));
    dom::replace_children(&slot, tools);
    let view = ImportView { file: file.unchecked_into(), replace: replace.unchecked_into(), status, confirm };
    IMPORT_SLOTS.with(|cell| *cell.borrow_mut() = Some(view));
}

fn radio(id: &str, checked: bool) -> Element {
    let radio = Node::new("input").attr("type", "radio").attr("name", "import-mode").attr("id", id).attr("data-testid", id);
    if checked { radio.attr("checked", "") } else { radio }.build()
}

fn import_status(message: &str, is_error: bool) {
    IMPORT_SLOTS.with(|cell| {
        if let Some(view) = cell.borrow().as_ref() {
            view.status.set_text_content(Some(message));
            let _ = view.status.set_attribute("data-kind", if is_error { "error" } else { "info" });
        }
    });
}

fn start_import() {
    let chosen = IMPORT_SLOTS.with(|cell| {
        let cell = cell.borrow();
        let view = cell.as_ref()?;
        let mode = if view.replace.checked() { ImportMode::Replace } else { ImportMode::Merge };
        Some((view.file.files().and_then(|files| files.get(0)), mode))
    });
    let Some((file, mode)) = chosen else { return };
    let Some(file) = file else { return import_status(&chrome::message("importChooseFile"), true) };
    if file.size() > MAX_IMPORT_BYTES {
        return import_status(&chrome::message("importTooLarge"), true);
    }
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.text()).await.ok().and_then(|text| text.as_string()) {
            Some(json) => import(&json, mode),
            None => import_status(&chrome::message("importUnreadable"), true),
        }
    });
}

/// Imports into a copy; a Replace that removes templates asks first. Nothing is applied
/// unless the whole file is taken and stored.
fn import(json: &str, mode: ImportMode) {
    let Some(mut library) = replies::library() else { return import_status(&chrome::message("editorLibraryLoading"), true) };
    let report = match library.import_json(json, mode) {
        Ok(report) => report,
        Err(error) => return import_status(&localized::library_error(&error), true),
    };
    if mode == ImportMode::Replace && report.removed > 0 {
        let Some(confirm) = IMPORT_SLOTS.with(|cell| cell.borrow().as_ref().map(|view| view.confirm.clone())) else { return };
        let question = localized::message_with("importReplaceQuestion", &[&report.removed.to_string(), &library.len().to_string()]);
        let library = RefCell::new(Some(library));
        ask(&confirm, &question, &chrome::message("importReplaceConfirm"), &chrome::message("editorCancel"), move || {
            if let Some(library) = library.borrow_mut().take() {
                wasm_bindgen_futures::spawn_local(store_import(library, report.clone()));
            }
        });
        return;
    }
    wasm_bindgen_futures::spawn_local(store_import(library, report));
}

async fn store_import(library: Library, report: ImportReport) {
    if let Err(error) = team::save(&library).await {
        return import_status(&localized::message_with("errStorage", &[&error]), true);
    }
    replies::show_library(library, None);
    editor::refresh();
    let counts = [report.added, report.updated, report.kept_existing, report.removed].map(|count| count.to_string());
    import_status(&localized::message_with("importDone", &[&counts[0], &counts[1], &counts[2], &counts[3]]), false);
}

/// Downloads the library as `tact-library-YYYY-MM-DD.json`.
fn export() {
    let Some(library) = replies::library() else { return import_status(&chrome::message("editorLibraryLoading"), true) };
    let name = export_file_name();
    match download(&name, &library.export_json()) {
        Ok(()) => import_status(&localized::message_with("exportDone", &[&library.len().to_string(), &name]), false),
        Err(_) => import_status(&chrome::message("exportFailed"), true),
    }
}

fn export_file_name() -> String {
    let now = js_sys::Date::new_0();
    format!("tact-library-{:04}-{:02}-{:02}.json", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// Saves `text` through a temporary `<a download>` over an object URL.
fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: HtmlElement = Node::new("a").attr("href", &url).attr("download", name).attr("hidden", "").build().dyn_into()?;
    let body = dom::document().body().ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    // The download has started from the URL; it can go once this task ends.
    gloo::timers::callback::Timeout::new(1_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
