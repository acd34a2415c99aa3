//! Tests against SailPoint's own upstream spec, which a fresh clone does not have. They are
//! ignored by `cargo test`; `cargo xtask upstream [--specs DIR]` runs them with
//! `ISC_UPSTREAM_SPECS` set to the spec repository's folder (by default
//! the `shared/upstream-spec` folder beside the workspace).

use std::path::PathBuf;

use codegen::Options;

/// SailPoint's beta spec, as upstream publishes it (with its mistakes).
fn upstream_beta() -> PathBuf {
    let specs = std::env::var_os("ISC_UPSTREAM_SPECS")
        .expect("ISC_UPSTREAM_SPECS names the upstream spec folder; run `cargo xtask upstream`");
    PathBuf::from(specs).join("idn/sailpoint-api.beta.yaml")
}

fn standalone(name: &str) -> Options {
    Options {
        standalone: Some(codegen::StandaloneCrate {
            name: name.to_owned(),
            runtime: codegen::RuntimeDependency::Version("0.1".to_owned()),
        }),
        crate_name: name.replace('-', "_"),
        ..Options::default()
    }
}

#[test]
#[ignore = "needs SailPoint's upstream specs; run `cargo xtask upstream`"]
fn upstream_beta_generates_every_operation() {
    let generated = codegen::generate(&upstream_beta(), &standalone("beta-full"))
        .expect("the beta spec generates");
    assert_eq!(generated.api.operations.len(), 559);
    let report = generated
        .files
        .iter()
        .find(|file| file.path == "GENERATION_REPORT.md")
        .expect("a report");
    assert!(report.contents.contains("- operations generated: 559"));
    // Pin every warning the upstream spec gives, so a new upstream mistake shows up in review.
    insta::assert_snapshot!("upstream_beta_report", report.contents);
}

#[test]
#[ignore = "needs SailPoint's upstream specs; run `cargo xtask upstream`"]
fn upstream_beta_subset_by_tag_has_only_what_it_reaches() {
    let mut options = standalone("beta-passwords");
    options.selection.tags = vec!["Password Management".to_owned()];
    let generated = codegen::generate(&upstream_beta(), &options).unwrap();
    let ids: Vec<&str> = generated
        .api
        .operations
        .iter()
        .map(|op| op.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "createDigitToken",
            "getIdentityPasswordChangeStatus",
            "queryPasswordInfo",
            "setIdentityPassword"
        ]
    );
    let names: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|def| def.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "ErrorMessageDto",
            "ErrorResponseDto",
            "LocaleOrigin",
            "PasswordChangeRequest",
            "PasswordChangeResponse",
            "PasswordChangeResponseState",
            "PasswordDigitToken",
            "PasswordDigitTokenReset",
            "PasswordInfo",
            "PasswordInfoAccount",
            "PasswordInfoQueryDto",
            "PasswordStatus",
            "PasswordStatusState",
            "TooManyRequestsError",
            "UnauthorizedError",
        ]
    );
    let unknown = codegen::generate(
        &upstream_beta(),
        &Options {
            selection: codegen::Selection {
                tags: vec!["No Such Tag".to_owned()],
            },
            ..Options::default()
        },
    );
    assert!(unknown.unwrap_err().to_string().contains("No Such Tag"));
}

#[test]
#[ignore = "needs SailPoint's upstream specs; run `cargo xtask upstream`"]
fn strict_mode_turns_the_first_warning_into_an_error() {
    let mut options = standalone("beta-strict");
    options.strict = true;
    let error = codegen::generate(&upstream_beta(), &options).unwrap_err();
    assert!(matches!(error, codegen::Error::Strict { .. }), "{error}");
    assert!(error
        .location()
        .is_some_and(|location| !location.file.is_empty()));
}
