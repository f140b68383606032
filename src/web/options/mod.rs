//! The options page: the team server's address, sign in (with a password, or an invite),
//! who is signed in and in which team, the last sync, sign out, and the upload of templates
//! made before joining. Everything it does goes through the background
//! ([`SyncRequest`]); it shows the status the background stores, as it changes.
//!
//! Keyboard: every control is a labelled form field or button in reading order; Enter submits
//! the form it is in; errors are announced (`role=alert`) and focus goes to the field to fix.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::core::sync::{ServerAddress, StatusView, SyncRequest, WordedProblem};
use crate::web::sync::{self as team, words};
use crate::web::{chrome, dom, dom::Node};

/// The address offered when none was given yet: `./build.sh run`'s server.
const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

struct View {
    server: HtmlInputElement,
    server_error: Element,
    signed_out: Element,
    email: HtmlInputElement,
    password: HtmlInputElement,
    sign_in_error: Element,
    invite: HtmlInputElement,
    invite_name: HtmlInputElement,
    invite_password: HtmlInputElement,
    invite_error: Element,
    signed_in: Element,
    who: Element,
    role: Element,
    sync_line: Element,
    waiting: Element,
    notice: Element,
    local: Element,
    local_text: Element,
}

thread_local! {
    static VIEW: RefCell<Option<View>> = const { RefCell::new(None) };
}

pub fn start() {
    let document = dom::document();
    document.set_title(&chrome::message("optionsTitle"));
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", if chrome::ui_language().starts_with("fr") { "fr" } else { "en" });
    }
    let Some(slot) = document.get_element_by_id("options") else { return };
    let view = build(&slot);
    let _ = slot.set_attribute("aria-busy", "false");
    VIEW.with(|cell| *cell.borrow_mut() = Some(view));
    chrome::on_local_change(team::STATUS_KEY, || wasm_bindgen_futures::spawn_local(refresh()));
    wasm_bindgen_futures::spawn_local(async {
        let status = team::status().await;
        // The stored address (or the default) fills the field only if the person has not typed
        // one while the status was read: what they typed is never replaced.
        with_view(|view| {
            if view.server.value().is_empty() {
                view.server.set_value(status.server.as_deref().unwrap_or(DEFAULT_SERVER));
            }
        });
        show(&status);
        // A round when the page opens, so what it shows is fresh (the status follows).
        let _ = ask(SyncRequest::SyncNow { cursor: None }).await;
    });
}

async fn refresh() {
    show(&team::status().await);
}

fn with_view<T>(action: impl FnOnce(&View) -> T) -> Option<T> {
    VIEW.with(|cell| cell.borrow().as_ref().map(action))
}

async fn ask(request: SyncRequest) -> Result<(), WordedProblem> {
    team::ask(&request).await
}

// ------------------------------------------------------------------------------ building

fn build(slot: &Element) -> View {
    let server = input("server-address", "url", "url");
    let _ = server.set_attribute("aria-describedby", "server-hint server-error");
    let server_error = alert("server-error");
    let email = input("signin-email", "email", "username");
    let password = input("signin-password", "password", "current-password");
    let sign_in_error = alert("signin-error");
    let invite = input("invite-link", "text", "off");
    let invite_name = input("invite-name", "text", "name");
    let invite_password = input("invite-password", "password", "new-password");
    let invite_error = alert("invite-error");
    let sign_in_form = Node::new("form")
        .attr("novalidate", "")
        .attr("aria-labelledby", "signin-heading")
        .child(Node::new("h2").attr("id", "signin-heading").text(&chrome::message("optionsSignInHeading")))
        .child(field("signin-email", "optionsEmail", Node::from(email.clone())))
        .child(field("signin-password", "optionsPassword", Node::from(password.clone())))
        .child(Node::new("div").class("actions").child(button_submit("signin-submit", "optionsSignIn")))
        .child(Node::from(sign_in_error.clone()))
        .on("submit", |event| {
            event.prevent_default();
            sign_in();
        });
    let invite_form = Node::new("form")
        .attr("novalidate", "")
        .child(field("invite-link", "optionsInviteLink", Node::from(invite.clone())))
        .child(field("invite-name", "optionsDisplayName", Node::from(invite_name.clone())))
        .child(field("invite-password", "optionsNewPassword", Node::from(invite_password.clone())))
        .child(Node::new("div").class("actions").child(button_submit("invite-submit", "optionsJoin")))
        .child(Node::from(invite_error.clone()))
        .on("submit", |event| {
            event.prevent_default();
            join();
        });
    let signed_out = Node::new("div")
        .child(sign_in_form)
        .child(Node::new("details").class("tools").child(Node::new("summary").text(&chrome::message("optionsInviteHeading"))).child(invite_form))
        .build();
    let (who, role, sync_line, waiting) = (line("account-who"), line("account-role"), line("account-sync"), line("account-waiting"));
    let signed_in = Node::new("section")
        .attr("aria-labelledby", "account-heading")
        .attr("hidden", "")
        .child(Node::new("h2").attr("id", "account-heading").text(&chrome::message("optionsAccountHeading")))
        .child(Node::from(who.clone()))
        .child(Node::from(role.clone()))
        .child(Node::from(sync_line.clone()))
        .child(Node::from(waiting.clone()))
        .child(
            Node::new("div")
                .class("actions")
                .child(button("sync-now", "optionsSyncNow", sync_now))
                .child(button("sign-out", "optionsSignOut", sign_out)),
        )
        .child(console_link())
        .build();
    let notice = Node::new("p").class("status").attr("role", "status").attr("data-testid", "options-notice").build();
    let local_text = Node::new("span").build();
    let local = Node::new("p")
        .class("notice")
        .attr("hidden", "")
        .attr("data-testid", "local-templates")
        .child(Node::from(local_text.clone()))
        .child(Node::new("span").text(" "))
        .child(button("upload-local", "optionsUploadLocal", upload_local))
        .build();
    let server_form = Node::new("form")
        .attr("novalidate", "")
        .attr("aria-labelledby", "server-heading")
        .child(Node::new("h2").attr("id", "server-heading").text(&chrome::message("optionsServerHeading")))
        .child(field("server-address", "optionsServerLabel", Node::from(server.clone())))
        .child(Node::new("p").class("hint").attr("id", "server-hint").text(&chrome::message("optionsServerHint")))
        .child(Node::from(server_error.clone()))
        .on("submit", |event| {
            event.prevent_default();
            let _ = checked_server();
        });
    let page = Node::new("div")
        .class("options")
        .child(Node::new("h1").text(&chrome::message("optionsTitle")))
        .child(server_form)
        .child(Node::from(signed_out.clone()))
        .child(Node::from(signed_in.clone()))
        .child(Node::from(local.clone()))
        .child(Node::from(notice.clone()));
    dom::replace_children(slot, page);
    let input = |element: Element| element.unchecked_into::<HtmlInputElement>();
    View {
        server: input(server),
        server_error,
        signed_out,
        email: input(email),
        password: input(password),
        sign_in_error,
        invite: input(invite),
        invite_name: input(invite_name),
        invite_password: input(invite_password),
        invite_error,
        signed_in,
        who,
        role,
        sync_line,
        waiting,
        notice,
        local,
        local_text,
    }
}

fn input(id: &str, kind: &str, autocomplete: &str) -> Element {
    Node::new("input").attr("type", kind).attr("id", id).attr("name", id).attr("data-testid", id).attr("autocomplete", autocomplete).attr("spellcheck", "false").build()
}

fn alert(id: &str) -> Element {
    Node::new("p").class("status").attr("id", id).attr("role", "alert").attr("data-testid", id).attr("data-kind", "error").build()
}

fn line(test_id: &str) -> Element {
    Node::new("p").attr("data-testid", test_id).build()
}

fn field(id: &str, label_key: &str, control: Node) -> Node {
    Node::new("div").class("field").child(Node::new("label").attr("for", id).text(&chrome::message(label_key))).child(control)
}

fn button_submit(test_id: &str, label_key: &str) -> Node {
    Node::new("button").attr("type", "submit").class("primary").attr("data-testid", test_id).text(&chrome::message(label_key))
}

fn button(test_id: &str, label_key: &str, action: fn()) -> Node {
    Node::new("button").attr("type", "button").attr("data-testid", test_id).text(&chrome::message(label_key)).on("click", move |_| action())
}

/// The team console, for managers and owners (a hint: the server decides what it shows).
fn console_link() -> Node {
    Node::new("p").child(
        Node::new("a")
            .attr("href", "console.html")
            .attr("target", "_blank")
            .attr("id", "open-console")
            .attr("data-testid", "open-console")
            .attr("hidden", "")
            .text(&chrome::message("consoleOpen")),
    )
}

// ------------------------------------------------------------------------------ showing

fn show(status: &StatusView) {
    with_view(|view| {
        let signed_in = status.signed_in();
        set_hidden(&view.signed_in, !signed_in);
        set_hidden(&view.signed_out, signed_in);
        view.server.set_disabled(signed_in);
        if let (Some(name), Some(email)) = (&status.member_name, &status.member_email) {
            let key = if signed_in { "optionsSignedInAs" } else { "optionsLastSignedInAs" };
            view.who.set_text_content(Some(&chrome::message_with(key, &[name, email])));
            let role = status.role.as_deref().unwrap_or_default();
            view.role.set_text_content(Some(&chrome::message_with("optionsRoleInTeam", &[role, status.team_name.as_deref().unwrap_or_default()])));
            if view.email.value().is_empty() {
                view.email.set_value(email);
            }
        }
        let sync_line = match (words::connection(status), status.last_sync_ms) {
            (Some(connection), _) => connection,
            (None, Some(last)) => chrome::message_with("optionsLastSync", &[&words::time(last)]),
            (None, None) => chrome::message("optionsNeverSynced"),
        };
        view.sync_line.set_text_content(Some(&sync_line));
        view.waiting.set_text_content(words::waiting(status.pending).as_deref());
        set_hidden(&view.local, status.local_templates == 0 || !status.in_team());
        if let Some(link) = dom::document().get_element_by_id("open-console") {
            set_hidden(&link, !(signed_in && status.edits_team_templates));
        }
        view.local_text.set_text_content(Some(&chrome::message_with("optionsLocalTemplates", &[&status.local_templates.to_string()])));
        if let Some(problem) = &status.problem {
            view.notice.set_text_content(Some(problem));
        }
    });
}

fn set_hidden(element: &Element, hidden: bool) {
    if hidden {
        let _ = element.set_attribute("hidden", "");
    } else {
        let _ = element.remove_attribute("hidden");
    }
}

/// Says `text` in `slot` (an alert) and moves the focus to `field`.
fn refuse(slot: &Element, text: &str, field: Option<&HtmlInputElement>) {
    slot.set_text_content(Some(text));
    if let Some(field) = field {
        let _ = field.set_attribute("aria-invalid", "true");
        let element: &HtmlElement = field;
        element.focus().ok();
    }
}

fn clear(slot: &Element, fields: &[&HtmlInputElement]) {
    slot.set_text_content(None);
    for field in fields {
        let _ = field.remove_attribute("aria-invalid");
    }
}

// ------------------------------------------------------------------------------ actions

/// The address typed, checked; on a refusal, says why under the field.
fn checked_server() -> Option<String> {
    with_view(|view| {
        clear(&view.server_error, &[&view.server]);
        match ServerAddress::parse(&view.server.value()) {
            Ok(address) => {
                view.server.set_value(address.as_str());
                Some(String::from(address))
            }
            Err(error) => {
                refuse(&view.server_error, &words::address_error(error), Some(&view.server));
                None
            }
        }
    })
    .flatten()
}

fn sign_in() {
    let Some(server) = checked_server() else { return };
    let Some((email, password)) = with_view(|view| {
        clear(&view.sign_in_error, &[&view.email, &view.password]);
        if view.email.value().trim().is_empty() {
            refuse(&view.sign_in_error, &chrome::message("optionsEmailMissing"), Some(&view.email));
            return None;
        }
        if view.password.value().is_empty() {
            refuse(&view.sign_in_error, &chrome::message("optionsPasswordMissing"), Some(&view.password));
            return None;
        }
        view.sign_in_error.set_text_content(Some(&chrome::message("optionsSigningIn")));
        Some((view.email.value(), view.password.value()))
    })
    .flatten() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = ask(SyncRequest::SignIn { server, email, password }).await;
        let status = team::status().await;
        with_view(|view| match answer {
            Ok(()) => {
                view.sign_in_error.set_text_content(None);
                view.password.set_value("");
                show(&status);
                view.notice.set_text_content(Some(&chrome::message("optionsSignedIn")));
            }
            Err(problem) => {
                let field = if points_at_server(&problem) { &view.server } else { &view.password };
                refuse(&view.sign_in_error, &problem.text, Some(field));
            }
        });
    });
}

fn join() {
    let Some(server) = checked_server() else { return };
    let Some((invite, name, password)) = with_view(|view| {
        clear(&view.invite_error, &[&view.invite, &view.invite_name, &view.invite_password]);
        view.invite_error.set_text_content(Some(&chrome::message("optionsSigningIn")));
        (view.invite.value(), view.invite_name.value(), view.invite_password.value())
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = ask(SyncRequest::AcceptInvite { server, invite, display_name: name, password }).await;
        let status = team::status().await;
        with_view(|view| match answer {
            Ok(()) => {
                view.invite_error.set_text_content(None);
                view.invite_password.set_value("");
                show(&status);
                view.notice.set_text_content(Some(&chrome::message("optionsSignedIn")));
            }
            Err(problem) => {
                let field = match problem.kind.as_str() {
                    "refused" => &view.invite_password,
                    _ if points_at_server(&problem) => &view.server,
                    _ => &view.invite,
                };
                refuse(&view.invite_error, &problem.text, Some(field));
            }
        });
    });
}

/// The problem is about the server's address (unreachable or not valid): point at it.
fn points_at_server(problem: &WordedProblem) -> bool {
    matches!(problem.kind.as_str(), "bad_address" | "unreachable")
}

fn sign_out() {
    wasm_bindgen_futures::spawn_local(async {
        let answer = ask(SyncRequest::SignOut).await;
        let status = team::status().await;
        with_view(|view| {
            show(&status);
            let mut text = chrome::message("optionsSignedOutDone");
            if let Some(problem) = answer.err().map(|problem| problem.text).or(status.problem) {
                text = format!("{text} {problem}");
            }
            view.notice.set_text_content(Some(&text));
            let element: &HtmlElement = &view.email;
            element.focus().ok();
        });
    });
}

fn sync_now() {
    wasm_bindgen_futures::spawn_local(async {
        if let Err(problem) = ask(SyncRequest::SyncNow { cursor: None }).await {
            with_view(|view| view.notice.set_text_content(Some(&problem.text)));
        }
    });
}

fn upload_local() {
    wasm_bindgen_futures::spawn_local(async {
        let answer = ask(SyncRequest::UploadLocal).await;
        let status = team::status().await;
        with_view(|view| {
            show(&status);
            let text = match answer {
                Ok(()) => chrome::message("optionsUploaded"),
                Err(problem) => problem.text,
            };
            view.notice.set_text_content(Some(&text));
        });
    });
}
