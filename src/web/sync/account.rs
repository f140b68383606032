//! Signing in (with a password or an invite) and out.
//!
//! The token is kept in `chrome.storage.session` only: memory, out of content scripts' reach,
//! never on disk. After a browser restart the member signs in again; their outbox was on disk
//! all along and goes out once, under the same client id, after they do.

use wasm_bindgen::JsValue;

use super::{account, engine, publish, session, state, Account, Session, LOCAL_LIBRARY_KEY, SESSION_KEY};
use crate::core::library::Library;
use crate::core::model::api::{AcceptInvite, LoginRequest, Me, SessionCreated};
use crate::core::sync::{invite_token, own_templates, ServerAddress, SyncProblem};
use crate::web::{chrome, http, store};

fn checked_server(raw: &str) -> Result<ServerAddress, SyncProblem> {
    ServerAddress::parse(raw).map_err(|reason| SyncProblem::BadAddress { reason })
}

/// Signs in with an e-mail and a password.
pub async fn sign_in(server: &str, email: &str, password: String) -> Result<(), SyncProblem> {
    let server = checked_server(server)?;
    let login = LoginRequest { email: email.trim().to_owned(), password };
    let created: SessionCreated = http::json("POST", &server.api("/session"), server.as_str(), None, Some(&login)).await?;
    join(&server, created).await
}

/// Joins a team with an invite, and signs in.
pub async fn accept_invite(server: &str, pasted: &str, display_name: &str, password: String) -> Result<(), SyncProblem> {
    let server = checked_server(server)?;
    let token = invite_token(pasted).ok_or(SyncProblem::InviteInvalid)?;
    let acceptance = AcceptInvite { display_name: display_name.trim().to_owned(), password };
    let url = server.api(&format!("/invites/{token}/accept"));
    let created: SessionCreated = http::json("POST", &url, server.as_str(), None, Some(&acceptance)).await?;
    join(&server, created).await
}

/// Ends the session: on the server (best effort: an unreachable server is told nothing, and
/// the session then ends by itself within 30 days) and here. The outbox and the team's copy
/// stay for the member's next sign-in.
pub async fn sign_out() -> Result<(), SyncProblem> {
    let told = match session().await {
        Some(session) => match ServerAddress::parse(&session.server) {
            Ok(server) => http::no_content("DELETE", &server.api("/session"), server.as_str(), Some(&session.token)).await,
            Err(_) => Ok(()),
        },
        None => Ok(()),
    };
    drop_session().await;
    publish::set_problem(told.err().filter(|problem| !matches!(problem, SyncProblem::SessionEnded)));
    publish::publish(&[], false).await;
    Ok(())
}

/// Forgets the token and the member others read; keeps everything else.
pub async fn drop_session() {
    let _ = chrome::session_remove(SESSION_KEY).await;
    publish::forget_member().await;
}

/// A new session: who it is for, then this member's copy becomes the one in use.
async fn join(server: &ServerAddress, created: SessionCreated) -> Result<(), SyncProblem> {
    let me: Me = http::json("GET", &server.api("/me"), server.as_str(), Some(&created.token), None::<&()>).await?;
    let mut account = account().await;
    if account.member_id.is_none() {
        keep_local_templates(&mut account).await?;
    }
    account.server = Some(server.as_str().to_owned());
    account.member_id = Some(me.member.id.clone());
    let session = Session {
        token: created.token,
        member_id: me.member.id.clone(),
        server: server.as_str().to_owned(),
        expires_ms: created.expires_ms,
    };
    let session_json = serde_json::to_string(&session).unwrap_or_default();
    chrome::session_write(&[(SESSION_KEY, JsValue::from_str(&session_json))])
        .await
        .map_err(|error| SyncProblem::Storage { message: error.as_string().unwrap_or_default() })?;
    publish::save_account(&account).await?;
    state::ensure_loaded(&me.member.id).await;
    state::with(|state| state.me = Some(me));
    state::save(&[]).await?;
    publish::set_problem(None);
    publish::publish(&engine::collections_shown(), true).await;
    engine::kick();
    Ok(())
}

/// On joining a first team, the templates made until then (the starter replies aside) are
/// kept under `library.local.v1` for the member to upload as personal templates.
async fn keep_local_templates(account: &mut Account) -> Result<(), SyncProblem> {
    let local = store::load_library().await;
    let own = own_templates(&local, &Library::starter(), state::new_id);
    if own.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(&own).unwrap_or_default();
    chrome::local_write(LOCAL_LIBRARY_KEY, &JsValue::from_str(&json))
        .await
        .map_err(|error| SyncProblem::Storage { message: error.as_string().unwrap_or_default() })?;
    account.local_templates = own.len();
    Ok(())
}
