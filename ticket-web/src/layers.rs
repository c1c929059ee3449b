//! Middleware of our own: the session layer, left out where no session is read.

use std::task::{Context, Poll};

use axum::http::{Request, header};
use futures_util::future::Either;
use tower::{Layer, Service};

/// Whether a request is an API call that brings its own credentials: a path
/// under `/api/` with an `Authorization` header. [`crate::auth::CurrentUser`]
/// decides such a request by the header alone and never reads the session,
/// and no API handler takes a [`tower_sessions::Session`] itself.
pub fn is_token_api_call<B>(req: &Request<B>) -> bool {
    req.uri().path().starts_with("/api/") && req.headers().contains_key(header::AUTHORIZATION)
}

/// Applies a session layer to every request except token API calls (see
/// [`is_token_api_call`]): those skip parsing cookies and setting up a
/// session nobody reads. Their answer is the same either way: a session that
/// is never read is never saved, and sets or clears no cookie.
///
/// CSRF protection does not depend on this layer and stays in front of every
/// request.
#[derive(Debug, Clone)]
pub struct SessionsUnlessTokenLayer<L> {
    sessions: L,
}

impl<L> SessionsUnlessTokenLayer<L> {
    /// Wraps `sessions` (a `tower_sessions::SessionManagerLayer`).
    pub fn new(sessions: L) -> Self {
        SessionsUnlessTokenLayer { sessions }
    }
}

impl<L, S> Layer<S> for SessionsUnlessTokenLayer<L>
where
    L: Layer<S>,
    S: Clone,
{
    type Service = SessionsUnlessToken<L::Service, S>;

    fn layer(&self, inner: S) -> Self::Service {
        SessionsUnlessToken {
            with_sessions: self.sessions.layer(inner.clone()),
            without: inner,
        }
    }
}

/// The service of [`SessionsUnlessTokenLayer`]: the same inner service, once
/// behind the session layer and once bare.
///
/// It is ready when both are; meant for inner services that are always ready
/// and reserve nothing in `poll_ready` (axum routes).
#[derive(Debug, Clone)]
pub struct SessionsUnlessToken<W, S> {
    with_sessions: W,
    without: S,
}

impl<W, S, B> Service<Request<B>> for SessionsUnlessToken<W, S>
where
    W: Service<Request<B>>,
    S: Service<Request<B>, Response = W::Response, Error = W::Error>,
{
    type Response = W::Response;
    type Error = W::Error;
    type Future = Either<W::Future, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        match self.with_sessions.poll_ready(cx) {
            Poll::Ready(Ok(())) => self.without.poll_ready(cx),
            other => other,
        }
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        if is_token_api_call(&req) {
            Either::Right(self.without.call(req))
        } else {
            Either::Left(self.with_sessions.call(req))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use axum::body::Body;
    use axum::http::{Response, StatusCode};
    use tower::{ServiceExt, service_fn};

    use super::*;

    /// Answers 200 bare and 201 behind the stand-in for the session layer.
    fn layered()
    -> impl Service<Request<Body>, Response = Response<Body>, Error = Infallible, Future = impl Send>
    + Clone {
        let inner = service_fn(|_req: Request<Body>| async {
            Ok::<_, Infallible>(Response::new(Body::empty()))
        });
        let mark = tower::layer::layer_fn(|inner| {
            tower::util::MapResponse::new(inner, |mut res: Response<Body>| {
                *res.status_mut() = StatusCode::CREATED;
                res
            })
        });
        SessionsUnlessTokenLayer::new(mark).layer(inner)
    }

    async fn status(path: &str, authorization: Option<&str>) -> StatusCode {
        let mut req = Request::builder().method("POST").uri(path);
        if let Some(a) = authorization {
            req = req.header(header::AUTHORIZATION, a);
        }
        let req = req.body(Body::empty()).expect("request");
        layered().oneshot(req).await.expect("response").status()
    }

    #[tokio::test]
    async fn only_api_calls_with_credentials_skip_the_session_layer() {
        let token = Some("Bearer abc");
        assert_eq!(status("/api/events/x/scan", token).await, StatusCode::OK);
        assert_eq!(
            status("/api/events/x/scan", Some("Basic eDp5")).await,
            StatusCode::OK
        );
        assert_eq!(
            status("/api/events/x/scan", None).await,
            StatusCode::CREATED
        );
        assert_eq!(status("/events/x/scan", token).await, StatusCode::CREATED);
        assert_eq!(status("/login", token).await, StatusCode::CREATED);
        assert_eq!(status("/apiary", token).await, StatusCode::CREATED);
    }
}
