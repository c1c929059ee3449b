//! Errors turned into responses: a safe message for the visitor, the cause in the log.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ticketcore::Error;
use ticketcore::i18n::{Area, Arg, Lang};

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

/// What the visitor reads about `e`, in `lang`: the core's own sentence,
/// or for a failure of the server a plain hint (the cause goes to the log).
fn message_of(e: &Error, lang: Lang) -> String {
    let status = status_of(e);
    if status.is_server_error() {
        tracing::error!(error = %e, cause = ?std::error::Error::source(e), "request failed");
        let id = if status == StatusCode::INSUFFICIENT_STORAGE {
            "server-disk-full"
        } else if e.is_read_only() {
            "server-read-only"
        } else if e.is_disk_failure() {
            "server-disk-failed"
        } else if matches!(e, Error::DatabaseNotWritable { .. }) {
            "server-database-not-writable"
        } else if status == StatusCode::SERVICE_UNAVAILABLE {
            "server-database-away"
        } else {
            "server-failed"
        };
        return lang.text(Area::Errors, id, &[]);
    }
    e.text(lang)
}

/// An error answered as JSON `{"error": "..."}` (API routes), in the
/// language the request asked for (the door's); a refusal
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
            message: message_of(&e, crate::lang::current()),
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

/// An error answered as a small HTML page (pages and forms), in the page
/// language.
#[derive(Debug)]
pub struct PageError(pub StatusCode, pub String);

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError(status_of(&e), message_of(&e, crate::lang::page_lang()))
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
        let title = crate::lang::page_lang().text(
            Area::Errors,
            "http-status",
            &[("code", Arg::Number(f64::from(self.0.as_u16())))],
        );
        let page = ErrorPage {
            title: &title,
            message: &self.1,
        };
        match page.render() {
            Ok(html) => (self.0, Html(html)).into_response(),
            Err(_) => (self.0, self.1).into_response(),
        }
    }
}
