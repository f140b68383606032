//! Converting core wire types to and from JS values, as plain JSON-shaped objects.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// A core type as a plain JS object (maps as objects, no `Map`, no `BigInt`).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A JS value read as a core type; `None` when it does not have the type's shape.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}
