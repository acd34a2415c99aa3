//! The two Password Management APIs the helpers can run against ([`PasswordApi`]): the beta
//! endpoints of the `sailpoint-beta` crate, and (with the `v1` feature) the versioned v1
//! endpoints of the `sailpoint-password-v1` crate. Both take and give the same bodies, so the
//! helpers speak the beta crate's models and error enums whichever API they call: for v1,
//! values cross over by their wire form (JSON), which is the same by construction. This is
//! the one module that names the v1 crate.

#[cfg(feature = "v1")]
use isc_runtime::{Bytes, RawResponse};
use isc_runtime::{CallOptions, ResponseValue, TryStreamExt as _};
#[cfg(feature = "v1")]
use sailpoint_password_v1::apis::password_management as v1;
#[cfg(feature = "v1")]
use serde::de::DeserializeOwned;
#[cfg(feature = "v1")]
use serde::Serialize;

use isc_runtime::Error;
use sailpoint_beta::apis::password_management as beta;
use sailpoint_beta::models::{
    PasswordChangeRequest, PasswordChangeResponse, PasswordDigitToken, PasswordDigitTokenReset,
    PasswordInfo, PasswordInfoQueryDto, PasswordPolicy as PolicyModel, PasswordStatus,
    PasswordSyncGroup,
};
use sailpoint_beta::Client;

use crate::domain::LookupFailure;

/// Which Password Management API the helpers call; chosen once, with
/// [`Passwords::with_api`](super::Passwords::with_api).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PasswordApi {
    /// The beta endpoints (`/beta/set-password`, ...), the default: existing automation keeps
    /// calling exactly what it called before. SailPoint keeps them until 2028.
    #[default]
    Beta,
    /// The versioned endpoints (`/set-password/v1`, ...), the successor of beta. Their digit
    /// token operation is experimental: build the client with
    /// [`ClientBuilder::experimental(true)`](isc_runtime::ClientBuilder::experimental) to use it.
    /// Present with the `v1` feature (on by default).
    #[cfg(feature = "v1")]
    V1,
}

impl PasswordApi {
    /// `beta` or `v1`.
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordApi::Beta => "beta",
            #[cfg(feature = "v1")]
            PasswordApi::V1 => "v1",
        }
    }
}

#[cfg(feature = "v1")]
/// A value of one API's model as the other API's model of the same schema.
fn crossed<A: Serialize, B: DeserializeOwned>(value: &A) -> Option<B> {
    serde_json::to_value(value)
        .ok()
        .and_then(|json| serde_json::from_value(json).ok())
}

#[cfg(feature = "v1")]
/// `crossed`, for requests: both models come from one schema, so this cannot fail unless the
/// specs drift apart, which the snapshot tests would show first.
fn request<A: Serialize, B: DeserializeOwned>(value: &A) -> Result<B, String> {
    crossed(value).ok_or_else(|| {
        "the request does not fit the v1 API's model; the beta and v1 specs have drifted apart"
            .to_owned()
    })
}

#[cfg(feature = "v1")]
/// A v1 success answer as this crate's model. Should it not fit (only if the specs drifted
/// apart), it is reported as an answer this crate cannot read, which says that the server may
/// have acted on the request: true, since it answered with success.
// The same `Error` the generated operations return; boxing it here alone would buy nothing.
#[allow(clippy::result_large_err)]
fn response<A: Serialize, B: DeserializeOwned, E>(value: ResponseValue<A>) -> Result<B, Error<E>> {
    crossed(&*value).ok_or_else(|| {
        Error::unexpected(RawResponse {
            status: value.status(),
            headers: value.headers().clone(),
            body: Bytes::new(),
            attempts: 1,
            may_have_been_processed: true,
        })
    })
}

#[cfg(feature = "v1")]
/// An error of a v1 operation as the error of the matching beta operation: the same variant
/// with the body crossed over.
macro_rules! crossed_error {
    ($error:expr, $from:ident => $to:ident, [$($plain:ident),*]) => {
        $error.map_service(|error| match error {
            $( v1::$from::$plain(body) => crossed(&body).map(beta::$to::$plain), )*
            v1::$from::TooManyRequests { body, retry_after } => {
                crossed(&body).map(|body| beta::$to::TooManyRequests { body, retry_after })
            }
            _ => None,
        })
    };
}

#[cfg(feature = "v1")]
fn invalid_request<E>(reason: String) -> Error<E> {
    Error::InvalidRequest(isc_runtime::InvalidRequest::new(reason))
}

/// query-password-info on `api`.
pub(crate) async fn query_password_info(
    client: &Client,
    api: PasswordApi,
    query: &PasswordInfoQueryDto,
) -> Result<PasswordInfo, Error<beta::QueryPasswordInfoError>> {
    match api {
        PasswordApi::Beta => client
            .password_management()
            .query_password_info(query)
            .send()
            .await
            .map(|info| info.into_inner()),
        #[cfg(feature = "v1")]
        PasswordApi::V1 => {
            let query = request(query).map_err(invalid_request)?;
            let v1_client = sailpoint_password_v1::Client::new(client.runtime());
            match v1_client
                .password_management()
                .query_password_info_v1(&query)
                .send()
                .await
            {
                Ok(info) => response(info),
                Err(error) => Err(crossed_error!(
                    error,
                    QueryPasswordInfoV1Error => QueryPasswordInfoError,
                    [BadRequest, Unauthorized, Forbidden, InternalServerError]
                )),
            }
        }
    }
}

/// set-password on `api`, with `options` (the workflow sends it at most once).
pub(crate) async fn set_password(
    client: &Client,
    api: PasswordApi,
    options: CallOptions,
    body: &PasswordChangeRequest,
) -> Result<PasswordChangeResponse, Error<beta::SetIdentityPasswordError>> {
    match api {
        PasswordApi::Beta => client
            .password_management()
            .with_options(options)
            .set_identity_password(body)
            .send()
            .await
            .map(|accepted| accepted.into_inner()),
        #[cfg(feature = "v1")]
        PasswordApi::V1 => {
            let body = request(body).map_err(invalid_request)?;
            let v1_client = sailpoint_password_v1::Client::new(client.runtime());
            match v1_client
                .password_management()
                .with_options(options)
                .set_password_v1(&body)
                .send()
                .await
            {
                Ok(accepted) => response(accepted),
                Err(error) => Err(crossed_error!(
                    error,
                    SetPasswordV1Error => SetIdentityPasswordError,
                    [BadRequest, Unauthorized, Forbidden, InternalServerError]
                )),
            }
        }
    }
}

/// password-change-status on `api`, with `options` (polling bounds each call by its deadline).
pub(crate) async fn password_change_status(
    client: &Client,
    api: PasswordApi,
    options: CallOptions,
    request_id: &str,
) -> Result<PasswordStatus, Error<beta::GetIdentityPasswordChangeStatusError>> {
    match api {
        PasswordApi::Beta => client
            .password_management()
            .with_options(options)
            .get_identity_password_change_status(request_id)
            .send()
            .await
            .map(|status| status.into_inner()),
        #[cfg(feature = "v1")]
        PasswordApi::V1 => {
            let v1_client = sailpoint_password_v1::Client::new(client.runtime());
            match v1_client
                .password_management()
                .with_options(options)
                .get_password_change_status_v1(request_id)
                .send()
                .await
            {
                Ok(status) => response(status),
                Err(error) => Err(crossed_error!(
                    error,
                    GetPasswordChangeStatusV1Error => GetIdentityPasswordChangeStatusError,
                    [BadRequest, Unauthorized, Forbidden, NotFound, InternalServerError]
                )),
            }
        }
    }
}

/// generate-password-reset-token/digit on `api` (experimental in v1).
pub(crate) async fn create_digit_token(
    client: &Client,
    api: PasswordApi,
    body: &PasswordDigitTokenReset,
) -> Result<PasswordDigitToken, Error<beta::CreateDigitTokenError>> {
    match api {
        PasswordApi::Beta => client
            .password_management()
            .create_digit_token(body)
            .send()
            .await
            .map(|token| token.into_inner()),
        #[cfg(feature = "v1")]
        PasswordApi::V1 => {
            let body = request(body).map_err(invalid_request)?;
            let v1_client = sailpoint_password_v1::Client::new(client.runtime());
            match v1_client
                .password_management()
                .create_digit_token_v1(&body)
                .send()
                .await
            {
                Ok(token) => response(token),
                Err(error) => Err(crossed_error!(
                    error,
                    CreateDigitTokenV1Error => CreateDigitTokenError,
                    [BadRequest, Unauthorized, Forbidden, InternalServerError]
                )),
            }
        }
    }
}

/// The most items a domain lookup reads from one list: far more sync groups or policies than
/// a tenant has, and a bound on what a misbehaving server can make the workflow read.
const MAX_LISTED: u64 = 10_000;

#[cfg(feature = "v1")]
/// A list of v1 models as the beta crate's models, failing as drift only if the specs drift.
fn crossed_list<A: Serialize, B: DeserializeOwned>(items: &[A]) -> Result<Vec<B>, LookupFailure> {
    items
        .iter()
        .map(|item| {
            crossed(item).ok_or_else(|| LookupFailure::Failed {
                message: "an answer of the v1 API does not fit the beta model; the specs have \
                          drifted apart"
                    .to_owned(),
            })
        })
        .collect()
}

/// Every item of a paged list operation of the password domain (`$tag().$operation()`, the
/// same in both crates) on `api`, as the beta crate's models: at most [`MAX_LISTED`] items.
macro_rules! list_everything {
    ($client:expr, $api:expr, $tag:ident().$operation:ident()) => {
        match $api {
            PasswordApi::Beta => $client
                .$tag()
                .$operation()
                .with_max_items(MAX_LISTED)
                .stream()
                .try_collect()
                .await
                .map_err(|error| LookupFailure::of(&error)),
            #[cfg(feature = "v1")]
            PasswordApi::V1 => {
                let items: Vec<_> = sailpoint_password_v1::Client::new($client.runtime())
                    .$tag()
                    .$operation()
                    .with_max_items(MAX_LISTED)
                    .stream()
                    .try_collect()
                    .await
                    .map_err(|error| LookupFailure::of(&error))?;
                crossed_list(&items)
            }
        }
    };
}

/// Every password sync group of the tenant, on `api`.
pub(crate) async fn sync_groups(
    client: &Client,
    api: PasswordApi,
) -> Result<Vec<PasswordSyncGroup>, LookupFailure> {
    list_everything!(
        client,
        api,
        password_sync_groups().get_password_sync_groups()
    )
}

/// Every password policy of the tenant, on `api`.
pub(crate) async fn password_policies(
    client: &Client,
    api: PasswordApi,
) -> Result<Vec<PolicyModel>, LookupFailure> {
    list_everything!(client, api, password_policies().list_password_policies())
}

/// The tenant's password dictionary file, on `api`.
pub(crate) async fn password_dictionary(
    client: &Client,
    api: PasswordApi,
) -> Result<String, LookupFailure> {
    match api {
        PasswordApi::Beta => client
            .password_dictionary()
            .get_password_dictionary()
            .send()
            .await
            .map(ResponseValue::into_inner)
            .map_err(|error| LookupFailure::of(&error)),
        #[cfg(feature = "v1")]
        PasswordApi::V1 => sailpoint_password_v1::Client::new(client.runtime())
            .password_dictionary()
            .get_password_dictionary()
            .send()
            .await
            .map(ResponseValue::into_inner)
            .map_err(|error| LookupFailure::of(&error)),
    }
}
