//! The demo pages, embedded in the binary so `tact serve` needs no files beside it.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::error::ApiError;

/// (file name, content type, bytes) of every demo file.
const FILES: [(&str, &str, &[u8]); 3] = [
    ("index.html", "text/html; charset=utf-8", include_bytes!("../../demo/index.html")),
    ("forum.html", "text/html; charset=utf-8", include_bytes!("../../demo/forum.html")),
    ("demo.css", "text/css; charset=utf-8", include_bytes!("../../demo/demo.css")),
];

pub async fn index() -> Response {
    file_response("index.html")
}

pub async fn file(Path(name): Path<String>) -> Response {
    file_response(&name)
}

pub async fn to_demo() -> Redirect {
    Redirect::temporary("/demo/")
}

fn file_response(name: &str) -> Response {
    match FILES.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, bytes)) => {
            (StatusCode::OK, [(header::CONTENT_TYPE, *content_type)], *bytes).into_response()
        }
        None => ApiError::not_found().into_response(),
    }
}
