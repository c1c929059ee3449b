//! Errors turned into responses: a safe message for the visitor, the cause in the log.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ticketcore::Error;

/// The HTTP status for a core error.
pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::InvalidInput { .. }
        | Error::InvalidCode(_)
        | Error::InvalidCodeSpec(_)
        | Error::UnsupportedDatabase(_) => StatusCode::BAD_REQUEST,
        Error::Import(ticketcore::import::ImportError::TooLarge { .. }) => {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        Error::Import(_) => StatusCode::BAD_REQUEST,
        Error::CodeSpaceExhausted { .. } | Error::Conflict(_) | Error::MailRunBusy { .. } => {
            StatusCode::CONFLICT
        }
        Error::BadCredentials => StatusCode::UNAUTHORIZED,
        Error::TooManyAttempts { .. }
        | Error::TooManyUnknownCodes { .. }
        | Error::TooManySearches { .. } => StatusCode::TOO_MANY_REQUESTS,
        // The database answers but has no room for the write: retrying will
        // not help until someone frees space, so not 503.
        Error::Database(_) if e.is_storage_full() => StatusCode::INSUFFICIENT_STORAGE,
        Error::Database(_) | Error::DatabaseNotWritable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn message_of(e: &Error) -> String {
    let status = status_of(e);
    if status.is_server_error() {
        tracing::error!(error = %e, cause = ?std::error::Error::source(e), "request failed");
        if status == StatusCode::INSUFFICIENT_STORAGE {
            return "The database's disk is full, so nothing was saved. Free some disk space \
                    on the server; looking things up still works meanwhile."
                .into();
        }
        if e.is_read_only() {
            return "The database is read-only right now, so nothing was saved; looking \
                    things up still works. Check the database server or its disk."
                .into();
        }
        if e.is_disk_failure() {
            return "The database's disk reported an error, so nothing was saved; looking \
                    things up may still work. Check the server's disk: it may have failed or \
                    turned read-only."
                .into();
        }
        if matches!(e, Error::DatabaseNotWritable { .. }) {
            return "The database file cannot be written; check the server's disk and who \
                    owns the file. The server log has the details."
                .into();
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            return "The database is not answering right now. Please try again in a moment.".into();
        }
        return "Something went wrong on the server; the log has the details.".into();
    }
    e.to_string()
}

/// An error answered as JSON `{"error": "..."}` (API routes); a refusal
/// that passes with time (429) adds `"retry_after_secs"` and the
/// `Retry-After` header.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What the caller reads.
    pub message: String,
    /// Seconds to wait before trying again (429 only).
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    /// An error with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            retry_after_secs: None,
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError {
            status: status_of(&e),
            message: message_of(&e),
            retry_after_secs: e.retry_after_secs(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match self.retry_after_secs {
            Some(secs) => serde_json::json!({ "error": self.message, "retry_after_secs": secs }),
            None => serde_json::json!({ "error": self.message }),
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// An error answered as a small HTML page (pages and forms).
#[derive(Debug)]
pub struct PageError(pub StatusCode, pub String);

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError(status_of(&e), message_of(&e))
    }
}

/// The error page.
#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        use askama::Template;
        let title = self.0.canonical_reason().unwrap_or("Error");
        let page = ErrorPage {
            title,
            message: &self.1,
        };
        match page.render() {
            Ok(html) => (self.0, Html(html)).into_response(),
            Err(_) => (self.0, self.1).into_response(),
        }
    }
}
