//! Desktop notifications for approvers: at each sync round, the team's pending approval
//! requests are read, and each one not announced before gets one notification (when the browser
//! allows them). Rounds run at least every 30 s on the alarm, so an approver hears of a request
//! with or without a panel open (an open panel shows it at once, from the live channel).

use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::ME_KEY;
use crate::core::policy::{allows, Action, Role};
use crate::core::sync::ServerAddress;
use crate::web::{chrome, http};

/// The ids of requests already announced (bounded: the newest are kept).
const NOTIFIED_KEY: &str = "approvals.notified.v1";
const MAX_NOTIFIED: usize = 200;

#[derive(Deserialize)]
struct MemberPart {
    id: String,
    role: Role,
}

#[derive(Deserialize)]
struct MePart {
    member: MemberPart,
}

#[derive(Deserialize)]
struct Person {
    id: String,
    display_name: String,
}

#[derive(Deserialize, Default)]
struct AuthorPart {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize, Default)]
struct ContextPart {
    #[serde(default)]
    author: AuthorPart,
}

#[derive(Deserialize)]
struct Pending {
    id: String,
    requester: Person,
    #[serde(default)]
    context: ContextPart,
}

#[derive(Deserialize)]
struct PendingList {
    approvals: Vec<Pending>,
}

/// Announces the pending requests this approver has not heard of yet.
pub async fn announce_pending(server: &ServerAddress, token: &str) {
    let Some(me) = super::read_local::<MePart>(ME_KEY).await else { return };
    if !allows(me.member.role, Action::Approve) {
        return;
    }
    let url = server.api("/approvals?status=pending&limit=50");
    let Ok(reply) = http::send("GET", &url, Some(token), None).await else { return };
    let Some(list) = (reply.status == 200).then(|| serde_json::from_str::<PendingList>(&reply.body).ok()).flatten() else { return };
    let mut notified: Vec<String> = super::read_local(NOTIFIED_KEY).await.unwrap_or_default();
    let fresh: Vec<&Pending> = list
        .approvals
        .iter()
        .filter(|request| request.requester.id != me.member.id && !notified.contains(&request.id))
        .collect();
    if fresh.is_empty() {
        return;
    }
    for request in &fresh {
        let body = chrome::message_with("approvalsNotificationBody", &[&request.requester.display_name, &request.context.author.name]);
        chrome::notify(&format!("tact-approval-{}", request.id), &chrome::message("approvalsNotificationTitle"), &body);
        notified.push(request.id.clone());
    }
    let excess = notified.len().saturating_sub(MAX_NOTIFIED);
    notified.drain(..excess);
    let _ = chrome::local_write(NOTIFIED_KEY, &JsValue::from_str(&serde_json::to_string(&notified).unwrap_or_default())).await;
}
