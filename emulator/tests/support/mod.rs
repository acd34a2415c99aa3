//! Helpers for the emulator's own tests: a plain `reqwest` client that speaks ISC's wire format,
//! so these tests check the emulator without going through the SDK.

#![allow(dead_code)] // Each test file uses a different part of this module.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use isc_emulator::{Emulator, EmulatorConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use reqwest::header::HeaderMap;
use rsa::pkcs8::DecodePublicKey;
use rsa::PublicKey;
use serde_json::Value;

/// The default seed's users, sources and accounts.
pub const JORDAN: &str = "Jordan.Lee";
pub const JORDAN_ID: &str = "04ef005406e94dea80b3b74b7a3c8d60";
pub const JORDAN_AD_ACCOUNT: &str = "CN=Jordan Lee,OU=Engineering,DC=corp,DC=example,DC=com";
pub const SAM: &str = "Sam.Rivera";
pub const CORP_AD: &str = "Corp-AD";
pub const CORP_AD_ID: &str = "e16b5ace853f4758a95fc82632ddb38e";
pub const HR_LDAP: &str = "HR-LDAP";
pub const HR_LDAP_ID: &str = "2c9180857a3c5f0e017a3d1b2c4d0001";
pub const CORP_MAIL: &str = "Corp-Mail";
pub const CORP_MAIL_ID: &str = "2c9180857a3c5f0e017a3d1b2c4d0002";
pub const JORDAN_MAIL_ACCOUNT: &str = "jordan.lee@corp.example.com";
pub const SYNC_GROUP_ID: &str = "6881f631-3bd5-4213-9c75-8e05cc3e35dd";

/// Test configuration: changes complete after 50 ms.
pub fn config() -> EmulatorConfig {
    EmulatorConfig::default().with_completion_delay(Duration::from_millis(50))
}

pub async fn start(config: EmulatorConfig) -> Emulator {
    Emulator::start(config).await.expect("emulator starts")
}

/// An answer: status, headers, raw body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "body is not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Asserts the body is ISC's ErrorResponseDto and returns its first message text.
    pub fn error_text(&self) -> String {
        let body = self.json();
        assert!(body["detailCode"].is_string(), "{body}");
        let tracking_id = body["trackingId"].as_str().expect("trackingId");
        assert_eq!(tracking_id.len(), 32, "{body}");
        assert_eq!(
            self.headers.get("slpt-request-id").map(|v| v.as_bytes()),
            Some(tracking_id.as_bytes()),
            "the tracking ID header repeats the body's"
        );
        assert_eq!(body["messages"][0]["locale"], "en-US", "{body}");
        assert_eq!(body["messages"][0]["localeOrigin"], "DEFAULT", "{body}");
        body["messages"][0]["text"]
            .as_str()
            .expect("message text")
            .to_string()
    }
}

/// A bare HTTP client for one emulator.
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
}

impl Api {
    pub fn new(emulator: &Emulator) -> Self {
        Api {
            http: reqwest::Client::new(),
            base: emulator.base_url().to_string(),
        }
    }

    pub async fn token_reply(&self, form: &[(&str, &str)]) -> Reply {
        let response = self
            .http
            .post(format!("{}/oauth/token", self.base))
            .form(form)
            .send()
            .await
            .expect("token request is answered");
        reply(response).await
    }

    /// A client-credentials token for the default client.
    pub async fn token(&self) -> String {
        let reply = self
            .token_reply(&[
                ("grant_type", "client_credentials"),
                ("client_id", DEFAULT_CLIENT_ID),
                ("client_secret", DEFAULT_CLIENT_SECRET),
            ])
            .await;
        assert_eq!(reply.status, 200, "{:?}", reply.body);
        reply.json()["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.post_raw(path, token, serde_json::to_vec(body).expect("serializable"))
            .await
    }

    pub async fn post_raw(&self, path: &str, token: Option<&str>, body: Vec<u8>) -> Reply {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        reply(request.send().await.expect("request is answered")).await
    }

    /// A request with any method and an optional body of the given content type.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, Vec<u8>)>,
    ) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some((content_type, body)) = body {
            request = request.header("content-type", content_type).body(body);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        reply(request.send().await.expect("request is answered")).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        let body = serde_json::to_vec(body).expect("serializable");
        self.send(
            reqwest::Method::PUT,
            path,
            token,
            Some(("application/json", body)),
        )
        .await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(reqwest::Method::DELETE, path, token, None).await
    }

    /// Uploads `file` as the `file` part of a multipart form with PUT.
    pub async fn upload(&self, path: &str, token: Option<&str>, file: &[u8]) -> Reply {
        let (content_type, body) = multipart_file(file);
        self.send(
            reqwest::Method::PUT,
            path,
            token,
            Some((&content_type, body)),
        )
        .await
    }

    /// A client-credentials token for another configured client.
    pub async fn client_token(&self, client_id: &str, client_secret: &str) -> String {
        let reply = self
            .token_reply(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", client_secret),
            ])
            .await;
        assert_eq!(reply.status, 200, "{:?}", reply.body);
        reply.json()["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    /// Changes the password of `user`'s only account on `source` and waits for the final status.
    pub async fn change_and_wait(
        &self,
        token: &str,
        user: &str,
        source: &str,
        password: &str,
    ) -> Value {
        let info = self.password_info(token, user, source).await;
        let reply = self
            .post(
                "/beta/set-password",
                Some(token),
                &Api::change_request(&info, password),
            )
            .await;
        assert_eq!(reply.status, 202, "{:?}", reply.body);
        let request_id = reply.json()["requestId"]
            .as_str()
            .expect("requestId")
            .to_string();
        self.final_status(token, &request_id).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        reply(request.send().await.expect("request is answered")).await
    }

    pub async fn password_info(&self, token: &str, user: &str, source: &str) -> Value {
        let reply = self
            .post(
                "/beta/query-password-info",
                Some(token),
                &serde_json::json!({ "userName": user, "sourceName": source }),
            )
            .await;
        assert_eq!(reply.status, 200, "{:?}", reply.body);
        reply.json()
    }

    /// The set-password body for the first account in `info`, with `password` encrypted.
    pub fn change_request(info: &Value, password: &str) -> Value {
        serde_json::json!({
            "identityId": info["identityId"],
            "encryptedPassword": encrypt(info["publicKey"].as_str().expect("publicKey"), password),
            "publicKeyId": info["publicKeyId"],
            "accountId": info["accounts"][0]["accountId"],
            "sourceId": info["sourceId"],
        })
    }

    /// Polls the status until it leaves IN_PROGRESS (at most 2 s).
    pub async fn final_status(&self, token: &str, request_id: &str) -> Value {
        for _ in 0..100 {
            let reply = self
                .get(
                    &format!("/beta/password-change-status/{request_id}"),
                    Some(token),
                )
                .await;
            assert_eq!(reply.status, 200, "{:?}", reply.body);
            let status = reply.json();
            if status["state"] != "IN_PROGRESS" {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("request {request_id} stayed IN_PROGRESS");
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("body is readable");
    Reply {
        status,
        headers,
        body,
    }
}

/// Encrypts like ISC's documentation says: RSA PKCS#1 v1.5 under the base64 DER SPKI key.
pub fn encrypt(public_key_base64: &str, password: &str) -> String {
    let der = BASE64
        .decode(public_key_base64)
        .expect("publicKey is base64");
    let key = PublicKey::from_public_key_der(&der).expect("publicKey is DER SPKI");
    let ciphertext = key.pkcs1v15_encrypt(password.as_bytes()).expect("encrypts");
    BASE64.encode(ciphertext)
}

/// A `multipart/form-data` body with `file` as its `file` part, as a browser or the SDK sends
/// it; the content type names the boundary.
pub fn multipart_file(file: &[u8]) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "emulator-test-boundary-7f3a";
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dictionary.txt\"\r\n\
         Content-Type: text/plain\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}
