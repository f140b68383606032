//! Members: who is in the team with which role; invite someone (a one-time invite code, to give
//! them: they accept it in the extension's options page); change a role (owners); deactivate.
//! The server applies the permission matrix (`core::policy`): a refusal is shown in its words.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use crate::core::model::api::{InviteCreated, InviteRequest, MemberList, MemberView, RoleChange};
use crate::core::policy::Role;
use crate::web::console::api::{encode, Api};
use crate::web::console::ui::{button, outcome, time_text};
use crate::web::console::words::{say, word};
use crate::web::dom::{self, Node};

pub fn view(slot: &Element, api: Rc<Api>) {
    let list = Node::new("div").attr("id", "members-list").build();
    let said = Node::new("div").attr("id", "members-said").build();
    let section = Node::new("section")
        .attr("aria-labelledby", "members-heading")
        .child(Node::new("h1").attr("id", "members-heading").text(&word("consoleMembers")))
        .child(invite_form(&api, &list, &said))
        .child(Node::from(said.clone()))
        .child(Node::from(list.clone()));
    dom::replace_children(slot, section);
    load(api, list, said);
}

fn role_word(role: Role) -> String {
    word(match role {
        Role::Owner => "consoleRoleOwner",
        Role::Manager => "consoleRoleManager",
        Role::Agent => "consoleRoleAgent",
        Role::Intern => "consoleRoleIntern",
    })
}

fn role_select(id: &str, chosen: Role) -> HtmlSelectElement {
    let select: HtmlSelectElement = Node::new("select").attr("id", id).build().unchecked_into();
    for role in Role::ALL {
        let _ = select.append_child(&Node::new("option").attr("value", role.as_str()).text(&role_word(role)).build());
    }
    select.set_value(chosen.as_str());
    select
}

fn invite_form(api: &Rc<Api>, list: &Element, said: &Element) -> Node {
    let email: HtmlInputElement = Node::new("input").attr("id", "invite-email").attr("type", "email").attr("required", "").build().unchecked_into();
    let role = role_select("invite-role", Role::Agent);
    let (api, list, said) = (api.clone(), list.clone(), said.clone());
    let (email_field, role_field) = (email.clone(), role.clone());
    Node::new("form")
        .class("picker")
        .attr("aria-label", &word("consoleInvite"))
        .child(Node::new("span").class("field").child(Node::new("label").attr("for", "invite-email").text(&word("consoleInviteEmail"))).child(Node::from(email_field.unchecked_into::<Element>())))
        .child(Node::new("span").class("field").child(Node::new("label").attr("for", "invite-role").text(&word("consoleInviteRole"))).child(Node::from(role_field.unchecked_into::<Element>())))
        .child(Node::new("button").attr("type", "submit").text(&word("consoleInvite")))
        .on("submit", move |event| {
            event.prevent_default();
            let Some(chosen) = Role::parse(&role.value()) else { return };
            let request = InviteRequest { email: email.value(), role: chosen };
            let (api, list, said) = (api.clone(), list.clone(), said.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer: Result<InviteCreated, String> = api.send("POST", "/invites", &request).await;
                match answer {
                    Ok(invite) => {
                        let text = say("consoleInviteMade", &[&invite.email, &role_word(invite.role), &time_text(invite.expires_ms)]);
                        dom::replace_children(
                            &said,
                            Node::new("div")
                                .attr("role", "status")
                                .child(Node::new("p").text(&text))
                                .child(Node::new("code").attr("id", "invite-code").text(&invite.token)),
                        );
                        load(api, list, said.clone());
                    }
                    Err(message) => outcome(&said, Err(message)),
                }
            });
        })
}

fn load(api: Rc<Api>, list: Element, said: Element) {
    wasm_bindgen_futures::spawn_local(async move {
        let answer: Result<MemberList, String> = api.get("/members").await;
        match answer {
            Ok(found) => show(&api, &list, &said, found.members),
            Err(message) => outcome(&list, Err(message)),
        }
    });
}

fn show(api: &Rc<Api>, list: &Element, said: &Element, members: Vec<MemberView>) {
    let head = Node::new("tr").children(
        ["consoleColName", "consoleInviteEmail", "consoleInviteRole", "consoleColState", "consoleColActions"]
            .iter()
            .map(|key| Node::new("th").attr("scope", "col").text(&word(key))),
    );
    let rows = members.iter().map(|member| row(api, list, said, member));
    let table = Node::new("table").class("members").child(Node::new("thead").child(head)).child(Node::new("tbody").children(rows));
    dom::replace_children(list, table);
}

fn row(api: &Rc<Api>, list: &Element, said: &Element, member: &MemberView) -> Node {
    let select_id = format!("role-{}", member.id);
    let select = role_select(&select_id, member.role);
    let state = word(if member.active { "consoleActive" } else { "consoleDeactivated" });
    let act = |kind: &'static str| {
        let (api, list, said, select, id) = (api.clone(), list.clone(), said.clone(), select.clone(), member.id.clone());
        move |_| {
            let (api, list, said) = (api.clone(), list.clone(), said.clone());
            let (method, path, body) = match kind {
                "role" => {
                    let Some(role) = Role::parse(&select.value()) else { return };
                    ("PUT", format!("/members/{}/role", encode(&id)), serde_json::to_value(RoleChange { role }).unwrap_or_default())
                }
                _ => ("POST", format!("/members/{}/deactivate", encode(&id)), serde_json::json!({})),
            };
            wasm_bindgen_futures::spawn_local(async move {
                let answer: Result<serde_json::Value, String> = api.send(method, &path, &body).await;
                match answer {
                    Ok(_) => {
                        outcome(&said, Ok(word("consoleMemberChanged")));
                        load(api, list, said);
                    }
                    Err(message) => outcome(&said, Err(message)),
                }
            });
        }
    };
    let mut actions = Node::new("td")
        .child(Node::new("label").class("visually-hidden").attr("for", &select_id).text(&say("consoleRoleOf", &[&member.display_name])))
        .child(Node::from(select.clone().unchecked_into::<Element>()))
        .child(button("consoleChangeRole").on("click", act("role")));
    if member.active {
        actions = actions.child(button("consoleDeactivate").class("reject").on("click", act("deactivate")));
    }
    Node::new("tr")
        .attr("data-member", &member.id)
        .child(Node::new("th").attr("scope", "row").text(&member.display_name))
        .child(Node::new("td").text(&member.email))
        .child(Node::new("td").text(&role_word(member.role)))
        .child(Node::new("td").text(&state))
        .child(actions)
}
