//! [`MockTransport`]: answers each request from the first rule that takes it, or fails it
//! with an error that names the rules it tried.

use std::borrow::Borrow;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use reqwest::StatusCode;

use super::request::MockRequest;
use super::rules::{Reply, Rule};
use crate::transport::{HttpRequest, HttpResponse, Purpose, Transport, TransportFailure};
use crate::BoxFuture;

/// How rules are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RuleMode {
    /// The first rule, in the order given, that is for the request's operation, accepts it
    /// and is not exhausted answers. Rules made with `then_*` answer every time.
    #[default]
    MatchAny,
    /// Rules answer in the order given: the first rule not exhausted must accept the request,
    /// or the request fails. A rule made with `then_*` answers once.
    Sequential,
}

/// A [`Transport`] that answers from mock rules, in process, without a socket.
///
/// Token requests (when the client uses client credentials) are answered with a fresh
/// token each, so tests of code that builds its own client work too.
#[derive(Clone, Debug)]
pub struct MockTransport {
    rules: Arc<[Rule]>,
    mode: RuleMode,
    tokens_issued: Arc<AtomicUsize>,
}

impl MockTransport {
    /// A transport answering from `rules` (`&[a, b]`, `[a.clone()]`, a `Vec`, ...), first
    /// match first ([`RuleMode::MatchAny`]).
    pub fn new<R: Borrow<Rule>>(rules: impl IntoIterator<Item = R>) -> Self {
        MockTransport {
            rules: rules
                .into_iter()
                .map(|rule| rule.borrow().clone())
                .collect(),
            mode: RuleMode::MatchAny,
            tokens_issued: Arc::default(),
        }
    }

    /// Chooses rules by `mode`.
    #[must_use]
    pub fn with_mode(mut self, mode: RuleMode) -> Self {
        self.mode = mode;
        self
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// How many token requests it has answered.
    pub fn tokens_issued(&self) -> usize {
        self.tokens_issued.load(Ordering::SeqCst)
    }

    fn answer(&self, request: &MockRequest) -> Result<Reply, String> {
        let sequential = self.mode == RuleMode::Sequential;
        if sequential {
            let Some((index, next)) = self
                .rules
                .iter()
                .enumerate()
                .find(|(_, rule)| !rule.is_exhausted())
            else {
                return Err(format!(
                    "no mock rule answers `{}`: every rule is exhausted",
                    request.operation_id()
                ));
            };
            if next.matches(request) {
                if let Some(reply) = next.next_reply(true) {
                    return Ok(reply);
                }
            }
            return Err(format!(
                "no mock rule answers `{}` ({} {}): rule #{} (`{}`) is next in sequence and {}",
                request.operation_id(),
                request.method(),
                request.url().path(),
                index + 1,
                next.operation_id(),
                if next.operation_id() == request.operation_id() {
                    "its match_request refused the request"
                } else {
                    "is for another operation"
                }
            ));
        }
        for rule in self.rules.iter() {
            if rule.matches(request) {
                if let Some(reply) = rule.next_reply(false) {
                    return Ok(reply);
                }
            }
        }
        Err(self.unmatched(request))
    }

    /// Why no rule answered `request`, rule by rule for its operation.
    fn unmatched(&self, request: &MockRequest) -> String {
        let mut message = format!(
            "no mock rule answers `{}` ({} {})",
            request.operation_id(),
            request.method(),
            request.url().path()
        );
        let mut others = 0;
        let mut tried = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if rule.operation_id() != request.operation_id() {
                others += 1;
            } else if rule.is_exhausted() {
                let calls = rule.num_calls();
                let plural = if calls == 1 { "" } else { "s" };
                tried.push(format!(
                    "#{} is exhausted after {calls} call{plural}",
                    index + 1
                ));
            } else {
                tried.push(format!(
                    "#{}: its match_request refused the request",
                    index + 1
                ));
            }
        }
        if tried.is_empty() {
            message.push_str("; no rule is for this operation");
        } else {
            let _ = write!(message, "; rules tried: {}", tried.join(", "));
        }
        if others > 0 {
            let _ = write!(message, " ({others} rules for other operations)");
        }
        message
    }

    fn token_response(&self) -> HttpResponse {
        let issued = self.tokens_issued.fetch_add(1, Ordering::SeqCst) + 1;
        let body = format!(
            r#"{{"access_token":"mock-token-{issued}","token_type":"bearer","expires_in":3600}}"#
        );
        HttpResponse::new(StatusCode::OK, body)
    }
}

impl Transport for MockTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportFailure>> {
        if request.purpose == Purpose::Token {
            let response = self.token_response();
            return Box::pin(std::future::ready(Ok(response)));
        }
        let request = MockRequest::new(request);
        let outcome = self.answer(&request);
        Box::pin(async move {
            match outcome {
                Ok(Reply::Response(response)) => Ok(response),
                Ok(Reply::NotSent) => Err(TransportFailure::NotSent(Box::new(Simulated(
                    "the mock refused the connection",
                )))),
                Ok(Reply::Interrupted) => Err(TransportFailure::Interrupted(Box::new(Simulated(
                    "the mock broke the connection",
                )))),
                Ok(Reply::Hang) => std::future::pending().await,
                Err(message) => Err(TransportFailure::Unanswered(message.into())),
            }
        })
    }
}

/// A failure a rule asked for.
#[derive(Debug)]
struct Simulated(&'static str);

impl fmt::Display for Simulated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Simulated {}
