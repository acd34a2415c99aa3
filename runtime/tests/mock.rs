//! The mock transport on its own, with a hand-written `MockOperation` standing in for what a
//! generated crate implements: rule modes, sequences with failures and hangs, exhaustion,
//! and the errors of requests no rule answers.

mod common;

use std::time::Duration;

use common::{post_request, request};
use isc_runtime::mock::{
    self, reply, MockOperation, MockRequest, MockTransport, RuleBuilder, RuleMode,
};
use isc_runtime::reqwest::Method;
use isc_runtime::{CallOptions, HttpResponse, TransportErrorKind};

/// `testOperation` (the operation id of `common::request`), answering JSON text.
enum TestOperation {}

struct TestRequest<'r>(&'r MockRequest);

impl<'r> From<&'r MockRequest> for TestRequest<'r> {
    fn from(request: &'r MockRequest) -> Self {
        TestRequest(request)
    }
}

impl MockOperation for TestOperation {
    const OPERATION_ID: &'static str = "testOperation";
    type Request<'r> = TestRequest<'r>;
    type Output = serde_json::Value;
    type Error = u16;

    fn output_response(output: &Self::Output) -> HttpResponse {
        reply::json(200, "application/json", output)
    }

    fn error_response(error: &Self::Error) -> HttpResponse {
        reply::empty(*error)
    }
}

fn rule() -> RuleBuilder<TestOperation> {
    RuleBuilder::new()
}

#[tokio::test]
async fn a_post_is_retried_after_a_refused_connection_but_not_after_a_broken_one() {
    let refused = rule()
        .sequence()
        .not_sent()
        .output(serde_json::json!(1))
        .build();
    let client = mock::client([refused.clone()]);
    let response = client
        .execute(post_request("/beta/x"), &CallOptions::new())
        .await
        .expect("re-sent after nothing was sent");
    assert_eq!(&response.body[..], b"1");
    assert_eq!(refused.num_calls(), 2);

    let broken = rule()
        .sequence()
        .connection_broken()
        .output(serde_json::json!(1))
        .build();
    let client = mock::client([broken.clone()]);
    let error = client
        .execute(post_request("/beta/x"), &CallOptions::new())
        .await
        .expect_err("not re-sent: it may have been processed");
    assert_eq!(error.kind(), TransportErrorKind::Connection);
    assert!(error.may_have_been_processed());
    assert_eq!(broken.num_calls(), 1);
}

#[tokio::test]
async fn a_hanging_answer_ends_at_the_timeout_and_times_repeats_a_step() {
    let hanging = rule().sequence().hang().build();
    let client = mock::client([hanging]);
    let error = client
        .execute(
            post_request("/beta/x"),
            &CallOptions::new().with_timeout(Duration::from_millis(20)),
        )
        .await
        .expect_err("no answer");
    assert!(
        matches!(error.kind(), TransportErrorKind::Timeout { .. }),
        "{error}"
    );

    let flaky = rule()
        .sequence()
        .error(503)
        .times(2)
        .output(serde_json::json!("ok"))
        .build();
    let client = mock::client([flaky.clone()]);
    let response = client
        .execute(request(Method::GET, "/beta/x"), &CallOptions::new())
        .await
        .expect("the third attempt succeeds");
    assert_eq!(response.attempts, 3);
    assert!(flaky.is_exhausted());
}

#[tokio::test]
async fn an_exhausted_or_refusing_rule_is_named_in_the_error() {
    let once = rule().sequence().output(serde_json::json!(1)).build();
    let picky = rule()
        .match_request(|r| r.0.query_param("id") == Some("7"))
        .then_http(204, "");
    let client = mock::client(&[once.clone(), picky]);
    let options = CallOptions::new();
    client
        .execute(request(Method::GET, "/beta/x"), &options)
        .await
        .expect("the first rule answers once");
    let error = client
        .execute(request(Method::GET, "/beta/x"), &options)
        .await
        .expect_err("no rule left");
    assert_eq!(error.kind(), TransportErrorKind::Unanswered);
    assert!(!error.may_have_been_processed());
    let message = error.to_string();
    assert!(
        message.contains("testOperation") && message.contains("GET /beta/x"),
        "{message}"
    );
    assert!(
        message.contains("#1 is exhausted after 1 call,"),
        "{message}"
    );
    assert!(
        message.contains("#2: its match_request refused the request"),
        "{message}"
    );
}

#[tokio::test]
async fn in_sequential_mode_rules_answer_in_order_once_each() {
    let first = rule().then_output(serde_json::json!("first"));
    let second = rule().then_output(serde_json::json!("second"));
    let transport =
        MockTransport::new(&[first.clone(), second.clone()]).with_mode(RuleMode::Sequential);
    let client = mock::client_builder(transport).build().unwrap();
    let options = CallOptions::new();
    for expected in ["\"first\"", "\"second\""] {
        let response = client
            .execute(request(Method::GET, "/beta/x"), &options)
            .await
            .unwrap();
        assert_eq!(std::str::from_utf8(&response.body).unwrap(), expected);
    }
    let error = client
        .execute(request(Method::GET, "/beta/x"), &options)
        .await
        .expect_err("every rule is used");
    assert!(
        error.to_string().contains("every rule is exhausted"),
        "{error}"
    );
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}
