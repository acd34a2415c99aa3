//! Mock rules: which requests a rule answers ([`RuleBuilder::match_request`]) and with what,
//! once for every match ([`RuleBuilder::then_output`] and friends) or step by step
//! ([`Sequence`]), counting the calls it answered.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use reqwest::StatusCode;

use super::request::MockRequest;
use crate::transport::HttpResponse;

/// What the generated crates implement once per operation, so that rules are typed: the
/// operation's request view, its success output and its error enum, and how the last two
/// look on the wire.
pub trait MockOperation: 'static {
    /// The spec's `operationId`.
    const OPERATION_ID: &'static str;
    /// The typed view of a request that [`RuleBuilder::match_request`] sees.
    type Request<'r>: From<&'r MockRequest>;
    /// What the operation's `send()` returns on success.
    type Output;
    /// The operation's error enum (the body of `Error::Service`).
    type Error;
    /// The response that reads back as `output`.
    fn output_response(output: &Self::Output) -> HttpResponse;
    /// The response that reads back as `error`.
    fn error_response(error: &Self::Error) -> HttpResponse;
}

/// One answer of a rule.
#[derive(Clone)]
pub(crate) enum Reply {
    Response(HttpResponse),
    /// The request never left (a refused connection): any request may be retried.
    NotSent,
    /// The connection broke after the request may have reached the server.
    Interrupted,
    /// No answer ever: the client's timeout ends the attempt.
    Hang,
}

/// How often a step answers before the next one takes over.
#[derive(Clone, Copy)]
enum Times {
    Always,
    Exactly(usize),
}

struct Step {
    reply: Reply,
    times: Times,
}

type Matcher = Box<dyn Fn(&MockRequest) -> bool + Send + Sync>;

struct RuleState {
    operation_id: &'static str,
    matcher: Option<Matcher>,
    steps: Vec<Step>,
    calls: AtomicUsize,
    /// The step answering next and how often it has answered.
    progress: Mutex<(usize, usize)>,
}

/// A mock rule: the requests of one operation it answers and its answers. Clones share one
/// rule, so a test keeps a clone to read [`num_calls`](Rule::num_calls) after the code under
/// test ran.
#[derive(Clone)]
pub struct Rule {
    state: Arc<RuleState>,
}

impl Rule {
    fn new(operation_id: &'static str, matcher: Option<Matcher>, steps: Vec<Step>) -> Self {
        Rule {
            state: Arc::new(RuleState {
                operation_id,
                matcher,
                steps,
                calls: AtomicUsize::new(0),
                progress: Mutex::new((0, 0)),
            }),
        }
    }

    /// How many requests this rule has answered.
    pub fn num_calls(&self) -> usize {
        self.state.calls.load(Ordering::SeqCst)
    }

    /// Whether the rule has given every answer it has (a rule made with `then_*` never is,
    /// except in [`RuleMode::Sequential`](super::RuleMode::Sequential), after its one answer).
    pub fn is_exhausted(&self) -> bool {
        let progress = self
            .state
            .progress
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        progress.0 >= self.state.steps.len()
    }

    /// The `operationId` of the operation the rule answers.
    pub fn operation_id(&self) -> &'static str {
        self.state.operation_id
    }

    /// Whether the rule is for `request`'s operation and its matcher accepts it.
    pub(crate) fn matches(&self, request: &MockRequest) -> bool {
        self.state.operation_id == request.operation_id()
            && self
                .state
                .matcher
                .as_ref()
                .is_none_or(|matcher| matcher(request))
    }

    /// The next answer, or `None` when the rule is exhausted. In `sequential` mode an answer
    /// given "always" is given once.
    pub(crate) fn next_reply(&self, sequential: bool) -> Option<Reply> {
        let mut progress = self
            .state
            .progress
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let step = self.state.steps.get(progress.0)?;
        progress.1 += 1;
        let done = match step.times {
            Times::Always => sequential,
            Times::Exactly(times) => progress.1 >= times,
        };
        if done {
            *progress = (progress.0 + 1, 0);
        }
        self.state.calls.fetch_add(1, Ordering::SeqCst);
        Some(step.reply.clone())
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation_id", &self.state.operation_id)
            .field("matcher", &self.state.matcher.is_some())
            .field("steps", &self.state.steps.len())
            .field("num_calls", &self.num_calls())
            .finish()
    }
}

/// Starts a rule for the operation `O`; get one from the generated `mock::<operation>()`.
#[must_use = "a rule builder does nothing until it is finished with `then_*` or `sequence()`"]
pub struct RuleBuilder<O: MockOperation> {
    matcher: Option<Matcher>,
    operation: PhantomData<fn() -> O>,
}

impl<O: MockOperation> Default for RuleBuilder<O> {
    fn default() -> Self {
        RuleBuilder {
            matcher: None,
            operation: PhantomData,
        }
    }
}

impl<O: MockOperation> fmt::Debug for RuleBuilder<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleBuilder")
            .field("operation_id", &O::OPERATION_ID)
            .field("matcher", &self.matcher.is_some())
            .finish()
    }
}

impl<O: MockOperation> RuleBuilder<O> {
    /// A rule for every request of the operation.
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers only the requests `matcher` accepts; it sees the operation's typed request
    /// view. Without one, the rule answers every request of the operation.
    pub fn match_request(
        mut self,
        matcher: impl for<'r> Fn(&O::Request<'r>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.matcher = Some(Box::new(move |request: &MockRequest| {
            matcher(&O::Request::from(request))
        }));
        self
    }

    /// Answers every matching request with `output`, as the operation's success response.
    pub fn then_output(self, output: O::Output) -> Rule {
        self.always(Reply::Response(O::output_response(&output)))
    }

    /// Answers every matching request with `error`, as the documented error response it is
    /// read from (status, body and headers).
    pub fn then_error(self, error: O::Error) -> Rule {
        self.always(Reply::Response(O::error_response(&error)))
    }

    /// Answers every matching request with `status` and `body`, as is.
    ///
    /// # Panics
    ///
    /// If `status` is not an HTTP status (100 to 999).
    pub fn then_http(self, status: u16, body: impl Into<Bytes>) -> Rule {
        self.always(Reply::Response(response(status, body)))
    }

    /// Answers every matching request with `response`, headers included.
    pub fn then_response(self, response: HttpResponse) -> Rule {
        self.always(Reply::Response(response))
    }

    /// A rule that answers matching requests step by step, each step once (or
    /// [`times`](Sequence::times) times), and is exhausted after the last.
    pub fn sequence(self) -> Sequence<O> {
        Sequence {
            matcher: self.matcher,
            steps: Vec::new(),
            operation: PhantomData,
        }
    }

    fn always(self, reply: Reply) -> Rule {
        Rule::new(
            O::OPERATION_ID,
            self.matcher,
            vec![Step {
                reply,
                times: Times::Always,
            }],
        )
    }
}

/// The answers of a rule, in order; finish it with [`build`](Sequence::build).
#[must_use = "a sequence does nothing until it is finished with `build()`"]
pub struct Sequence<O: MockOperation> {
    matcher: Option<Matcher>,
    steps: Vec<Step>,
    operation: PhantomData<fn() -> O>,
}

impl<O: MockOperation> fmt::Debug for Sequence<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sequence")
            .field("operation_id", &O::OPERATION_ID)
            .field("steps", &self.steps.len())
            .finish()
    }
}

impl<O: MockOperation> Sequence<O> {
    /// Next, the success response that reads back as `output`.
    pub fn output(self, output: O::Output) -> Self {
        self.step(Reply::Response(O::output_response(&output)))
    }

    /// Next, the documented error response that reads back as `error`.
    pub fn error(self, error: O::Error) -> Self {
        self.step(Reply::Response(O::error_response(&error)))
    }

    /// Next, `status` with an empty body (a 503, say).
    ///
    /// # Panics
    ///
    /// If `status` is not an HTTP status (100 to 999).
    pub fn http(self, status: u16) -> Self {
        self.step(Reply::Response(response(status, Bytes::new())))
    }

    /// Next, `status` with `body`.
    ///
    /// # Panics
    ///
    /// If `status` is not an HTTP status (100 to 999).
    pub fn http_body(self, status: u16, body: impl Into<Bytes>) -> Self {
        self.step(Reply::Response(response(status, body)))
    }

    /// Next, `response`, headers included (a 429 with `Retry-After`, say).
    pub fn response(self, response: HttpResponse) -> Self {
        self.step(Reply::Response(response))
    }

    /// Next, a connection that fails before the request leaves: the client may retry any
    /// request after it.
    pub fn not_sent(self) -> Self {
        self.step(Reply::NotSent)
    }

    /// Next, a connection that breaks after the request may have reached the server: the
    /// client retries only idempotent requests after it.
    pub fn connection_broken(self) -> Self {
        self.step(Reply::Interrupted)
    }

    /// Next, no answer at all, until the client's timeout ends the attempt.
    pub fn hang(self) -> Self {
        self.step(Reply::Hang)
    }

    /// Gives the last step `times` times in all (at least once).
    pub fn times(mut self, times: usize) -> Self {
        if let Some(last) = self.steps.last_mut() {
            last.times = Times::Exactly(times.max(1));
        }
        self
    }

    /// The rule.
    pub fn build(self) -> Rule {
        Rule::new(O::OPERATION_ID, self.matcher, self.steps)
    }

    fn step(mut self, reply: Reply) -> Self {
        self.steps.push(Step {
            reply,
            times: Times::Exactly(1),
        });
        self
    }
}

impl<O: MockOperation> From<Sequence<O>> for Rule {
    fn from(sequence: Sequence<O>) -> Rule {
        sequence.build()
    }
}

/// A response with `status` and `body`.
///
/// # Panics
///
/// If `status` is not an HTTP status (100 to 999): a mistake in the test, not in the code
/// under test, and better reported where it was made.
pub(crate) fn response(status: u16, body: impl Into<Bytes>) -> HttpResponse {
    let status = StatusCode::from_u16(status)
        .unwrap_or_else(|_| panic!("{status} is not an HTTP status (100 to 999)"));
    HttpResponse::new(status, body)
}
