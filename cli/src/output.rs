//! Printing results and failures, as text for people or as one JSON object for scripts.

use sailpoint_password::ChangeOutcome;
use serde_json::{json, Value};

use crate::exit::Failure;

/// Prints one JSON value on standard output.
pub fn print_json(value: &Value) {
    println!("{value}");
}

/// The JSON form of a change outcome (also used inside error objects).
/// Prints a change's final outcome (as JSON, or as text when it FINISHED) and turns FAILED
/// into its failure (exit code 5, ISC's reasons), the result already being printed.
pub fn finish(outcome: ChangeOutcome, json: bool) -> Result<(), Failure> {
    if json {
        print_json(&outcome_json(&outcome));
    } else if outcome.is_finished() {
        println!("{outcome}");
    }
    outcome
        .into_result()
        .map(drop)
        .map_err(|error| Failure::from(error).result_printed())
}

pub fn outcome_json(outcome: &ChangeOutcome) -> Value {
    json!({
        "requestId": outcome.request_id,
        "state": outcome.state.as_str(),
        "errors": outcome.errors,
        "sourceIds": outcome.source_ids,
        "polls": outcome.polls,
        "elapsedMs": u64::try_from(outcome.elapsed.as_millis()).unwrap_or(u64::MAX),
        "unrecognizedStates": outcome.unrecognized_states,
        "identityId": outcome.ids.as_ref().map(|ids| &ids.identity_id),
        "sourceId": outcome.ids.as_ref().map(|ids| &ids.source_id),
        "accountId": outcome.ids.as_ref().map(|ids| &ids.account_id),
    })
}

/// Errors always go to standard error as text (with the whole cause chain and a hint);
/// with `--json` a JSON object follows on standard output as well.
pub fn print_failure(failure: &Failure, json: bool) {
    eprintln!("error: {:#}", failure.error);
    if let Some(hint) = &failure.hint {
        eprintln!("hint: {hint}");
    }
    if json && !failure.result_printed {
        print_json(&json!({
            "error": {
                "kind": failure.kind,
                "exitCode": failure.code.as_u8(),
                "message": format!("{:#}", failure.error),
                "hint": failure.hint,
                "requestId": failure.request_id,
                "passwordMayHaveChanged": failure.password_may_have_changed,
            }
        }));
    }
}
