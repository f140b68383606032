//! Rule files between YAML and JSON for the console's rules editor: the extension reads rule
//! files as JSON only (YAML stays native, outside the wasm budget), so the server converts.
//!
//! - `POST /api/v1/rules/yaml` `{"yaml": "..."}` → `{"rules": <rule file as JSON>}`, or a 422
//!   whose message names the rule, field, line and reason;
//! - `POST /api/v1/rules/to-yaml` `{"rules": <JSON>}` → `{"yaml": "..."}`.
//!
//! Every signed-in member may call them: they read and write nothing of the team (saving still
//! goes through sync, where only managers and owners may change the rule set).

use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::input::ApiJson;
use crate::core::guidelines::RuleSet;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;

#[derive(Deserialize)]
pub struct YamlBody {
    yaml: String,
}

#[derive(Deserialize)]
pub struct RulesBody {
    rules: Value,
}

/// The YAML rule file, checked as the guidelines compile it, as the JSON the editor holds.
pub async fn from_yaml(_signed_in: SignedIn, ApiJson(body): ApiJson<YamlBody>) -> Result<Json<Value>, ApiError> {
    RuleSet::from_yaml(&body.yaml).map_err(|error| ApiError::invalid(format!("These rules cannot be used: {error}.")))?;
    let rules: Value = serde_norway::from_str(&body.yaml)
        .map_err(|error| ApiError::invalid(format!("These rules cannot be used: {error}.")))?;
    Ok(Json(json!({ "rules": rules })))
}

/// The rule file (JSON) written as YAML, as a manager would type it.
pub async fn to_yaml(_signed_in: SignedIn, ApiJson(body): ApiJson<RulesBody>) -> Result<Json<Value>, ApiError> {
    if !body.rules.is_object() {
        return Err(ApiError::invalid("The rules must be a rule file: an object with `version` and `rules`."));
    }
    let yaml = serde_norway::to_string(&body.rules)
        .map_err(|error| ApiError::invalid(format!("These rules cannot be written as YAML: {error}.")))?;
    Ok(Json(json!({ "yaml": yaml })))
}
