//! Teams and their first accounts, made outside the API: `tact admin create-team` and the demo
//! team of `tact serve --demo`, with its shared library.

use crate::core::library::{Library, Scope};
use crate::core::model::api::{check_new_password, normalise_email, normalise_name, Collection, MutationKind};
use crate::core::policy::Role;

use super::auth::{password, token};
use super::now_ms;
use super::storage::{CheckedMutation, NewMember, Storage, StorageError, TeamRow};

/// The demo team's name.
pub const DEMO_TEAM: &str = "Demo Brand";
/// The demo accounts' password (printed at start and listed in the README).
pub const DEMO_PASSWORD: &str = "tact-demo";
/// The demo accounts, one per role: (e-mail, display name, role).
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 4] = [
    ("owner@demo.tact", "Olivia Owner", Role::Owner),
    ("manager@demo.tact", "Marc Manager", Role::Manager),
    ("agent@demo.tact", "Alice Agent", Role::Agent),
    ("intern@demo.tact", "Ivan Intern", Role::Intern),
];

/// Why a team could not be created.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Input(#[from] crate::core::model::api::InputError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Password(#[from] password::PasswordError),
}

/// A new team and its owner, who signs in with `owner_password`.
pub async fn create_team(
    storage: &Storage,
    name: &str,
    owner_email: &str,
    owner_name: &str,
    owner_password: &str,
) -> Result<TeamRow, AccountError> {
    let name = normalise_name(name)?;
    let email = normalise_email(owner_email)?;
    let owner_name = normalise_name(owner_name)?;
    check_new_password(owner_password)?;
    if storage.member_credentials(&email).await?.is_some() {
        return Err(StorageError::AlreadyExists("an account with this e-mail").into());
    }
    let password_hash = password::hash(owner_password.to_owned()).await?;
    let now = now_ms();
    let team = storage.create_team(&token::new_id(), &name, now).await?;
    let owner = NewMember {
        id: token::new_id(),
        team_id: team.id.clone(),
        email,
        display_name: owner_name,
        role: Role::Owner,
        password_hash,
        created_ms: now,
    };
    storage.create_member(&owner).await?;
    Ok(team)
}

/// Creates the demo team and its four accounts when absent; adds any missing account.
pub async fn seed_demo_team(storage: &Storage) -> Result<TeamRow, AccountError> {
    let now = now_ms();
    let team = match storage.team_by_name(DEMO_TEAM).await? {
        Some(team) => team,
        None => storage.create_team("demo-team", DEMO_TEAM, now).await?,
    };
    for (email, display_name, role) in DEMO_ACCOUNTS {
        if storage.member_credentials(email).await?.is_some() {
            continue;
        }
        let password_hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
        let member = NewMember {
            id: format!("demo-{}", role.as_str()),
            team_id: team.id.clone(),
            email: email.to_owned(),
            display_name: display_name.to_owned(),
            role,
            password_hash,
            created_ms: now,
        };
        storage.create_member(&member).await?;
    }
    seed_demo_library(storage, &team.id).await?;
    Ok(team)
}

/// The sync client id the demo library is written with.
const DEMO_SEED_CLIENT: &str = "demo-seed";

/// The demo team's shared library: the extension's starter replies, as team templates written
/// by the owner. They go through the exactly-once mutation path, numbered 1, 2...: seeding at
/// every start replays them, so templates edited or deleted in the demo stay as they are.
async fn seed_demo_library(storage: &Storage, team_id: &str) -> Result<(), AccountError> {
    let owner = format!("demo-{}", Role::Owner.as_str());
    let now = now_ms();
    for (number, template) in Library::starter().templates().iter().enumerate() {
        let mut template = template.clone();
        template.scope = Scope::Team;
        template.version = 1;
        template.created_by = DEMO_ACCOUNTS[0].1.to_owned();
        template.updated_by = DEMO_ACCOUNTS[0].1.to_owned();
        let payload = serde_json::to_string(&template).map_err(|error| StorageError::Corrupt(error.to_string()))?;
        let mutation = CheckedMutation {
            team_id: team_id.to_owned(),
            member_id: owner.clone(),
            client_id: DEMO_SEED_CLIENT.to_owned(),
            mutation_id: i64::try_from(number + 1).unwrap_or(i64::MAX),
            kind: MutationKind::Put,
            collection: Collection::TeamTemplates,
            owner_id: String::new(),
            entity_id: template.id.clone(),
            base_version: 0,
            payload,
            refusal: None,
            now_ms: now,
        };
        storage.apply_mutation(&mutation).await?;
    }
    Ok(())
}
