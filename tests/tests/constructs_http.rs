//! The constructs fixture's generated client over real HTTP: parameter styles, every body
//! encoding, several success statuses, `default` responses and paged streams.

mod recording_server;

use std::time::Duration;

use futures_util::StreamExt;
use isc_constructs::apis::bodies::GetReportError;
use isc_constructs::apis::shapes::{
    CreateShapeSuccess, FindShapeRefError, GetShapeError, PatchShapeSuccess,
};
use isc_constructs::models::{
    Color, FindShapeRefFilter, FindShapeRefOrderItem, JsonPatchOperation, JsonPatchOperationOp,
    JsonPatchOperationValue, LoginForm, NameOrId, SearchShapesBox, SearchShapesFilter,
    SearchShapesXShapeHint, ShapeInput, UploadForm, UploadFormOptions,
};
use isc_constructs::runtime::{Error, RetryConfig, SecretString};
use isc_constructs::{runtime, Client};
use recording_server::{header, Server};

fn client(server: &Server) -> Client {
    runtime::Client::builder()
        .base_url(&server.url)
        .bearer_token(SecretString::from("t"))
        .retry(RetryConfig::disabled())
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .into()
}

const SHAPE: &str = r#"{"id":"s1","geometry":{"kind":"circle","radius":1.0}}"#;

#[tokio::test]
async fn object_parameters_follow_deep_object_form_and_simple_styles() {
    let server = Server::start().await;
    server.answer(204, "", &[]);
    let filter = SearchShapesFilter::new().with_color("red").with_min_size(2);
    let box_ = SearchShapesBox::new().with_width(3);
    let labels = std::collections::BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]);
    let hint = SearchShapesXShapeHint::new().with_kind("circle");
    client(&server)
        .shapes()
        .search_shapes()
        .filter(filter)
        .box_(box_)
        .labels(labels)
        .x_shape_hint(hint)
        .send()
        .await
        .unwrap();
    let request = server.last();
    assert_eq!(
        request.path,
        "/v1/shape-search?filter%5Bcolor%5D=red&filter%5BminSize%5D=2&width=3&labels=a%2C1%2Cb%2C2"
    );
    assert_eq!(header(&request, "x-shape-hint"), "kind,circle");
}

#[tokio::test]
async fn query_header_and_path_parameters_follow_their_style() {
    let server = Server::start().await;
    server.answer(200, SHAPE, &[]);
    let since = chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00+02:00").unwrap();
    let shape = client(&server)
        .shapes()
        .get_shape("a b/c")
        .fields(["name".to_owned(), "size".to_owned()])
        .ids([1, 2])
        .sorters(["name".to_owned(), "-created".to_owned()])
        .since(since)
        .kind(Color::DarkBlue)
        .x_request_tag("trace-1")
        .tags(["red".to_owned(), "round".to_owned()])
        .send()
        .await
        .unwrap();
    assert_eq!(shape.id, "s1");
    let request = server.last();
    assert_eq!(
        request.path,
        "/v1/shapes/a%20b%2Fc?fields=name&fields=size&ids=1%2C2&sorters=name%2C-created&since=2024-05-01T10%3A00%3A00%2B02%3A00&kind=dark-blue&tags=red&tags=round"
    );
    assert_eq!(header(&request, "x-request-tag"), "trace-1");
}

#[tokio::test]
async fn the_default_response_catches_other_statuses() {
    let server = Server::start().await;
    server.answer(418, r#"{"trackingId":"t-1","detail":"teapot"}"#, &[]);
    let error = client(&server)
        .shapes()
        .get_shape("s")
        .send()
        .await
        .unwrap_err();
    let Error::Service(error) = error else {
        panic!("{error:?}")
    };
    match &error.error {
        GetShapeError::Other { body, status } => {
            assert_eq!(*status, 418);
            assert_eq!(body.detail.as_deref(), Some("teapot"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.error.tracking_id(), Some("t-1"));
}

#[tokio::test]
async fn json_patch_bodies_and_success_statuses_with_different_bodies() {
    let server = Server::start().await;
    let patch = vec![
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/name")
            .with_value(JsonPatchOperationValue::String("wheel".to_owned())),
    ];
    server.answer(200, SHAPE, &[]);
    let ok = client(&server)
        .shapes()
        .patch_shape("s1", &patch)
        .send()
        .await
        .unwrap();
    assert!(matches!(ok.into_inner(), PatchShapeSuccess::Ok(_)));
    let request = server.last();
    assert_eq!(
        header(&request, "content-type"),
        "application/json-patch+json"
    );
    assert_eq!(
        &request.body[..],
        br#"[{"op":"replace","path":"/name","value":"wheel"}]"#
    );

    server.answer(202, r#"{"ticket":"t9"}"#, &[]);
    match client(&server)
        .shapes()
        .patch_shape("s1", &patch)
        .send()
        .await
        .unwrap()
        .into_inner()
    {
        PatchShapeSuccess::Accepted(ticket) => assert_eq!(ticket.ticket.as_deref(), Some("t9")),
        other => panic!("{other:?}"),
    }

    server.answer(204, "", &[]);
    let created = client(&server)
        .shapes()
        .create_shape(&ShapeInput::default())
        .send()
        .await
        .unwrap();
    assert!(matches!(
        created.into_inner(),
        CreateShapeSuccess::NoContent
    ));
}

#[tokio::test]
async fn streams_walk_every_page() {
    let server = Server::start_with(|request| {
        let query = |name: &str| -> Option<usize> {
            request
                .path
                .split(['?', '&'])
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(|value| value.parse().ok())
        };
        let offset = query("offset").unwrap_or(0);
        let count = 600usize
            .saturating_sub(offset)
            .min(query("limit").unwrap_or(20));
        let items: Vec<String> = (offset..offset + count)
            .map(|index| format!(r#"{{"id":"s{index}","geometry":{{"kind":"square","side":1}}}}"#))
            .collect();
        (200, format!("[{}]", items.join(",")))
    })
    .await;
    let client = client(&server);
    let shapes = client.shapes();
    let ids: Vec<String> = shapes
        .list_shapes()
        .filters("name eq \"x\"")
        .stream()
        .map(|shape| shape.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids.len(), 600);
    assert_eq!(ids[599], "s599");
    let paths: Vec<String> = server
        .all()
        .into_iter()
        .map(|request| request.path)
        .collect();
    // The spec caps `limit` at 100, so pages hold 100; six full pages, then an empty one.
    assert_eq!(
        paths,
        [0, 100, 200, 300, 400, 500, 600]
            .map(|offset| format!("/v1/shapes?limit=100&offset={offset}&filters=name+eq+%22x%22"))
    );
}

#[tokio::test]
async fn a_stream_starts_at_offset_pages_by_limit_and_stops_at_its_cap() {
    // A long list that answers every page with as many items as asked for.
    let server = Server::start_with(|request| {
        let query = |name: &str| -> usize {
            request
                .path
                .split(['?', '&'])
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(|value| value.parse().ok())
                .unwrap_or(0)
        };
        let offset = query("offset");
        let items: Vec<String> = (offset..offset + query("limit"))
            .map(|index| format!(r#"{{"id":"s{index}","geometry":{{"kind":"square","side":1}}}}"#))
            .collect();
        (200, format!("[{}]", items.join(",")))
    })
    .await;
    let client = client(&server);
    let items: Vec<_> = client
        .shapes()
        .list_shapes()
        .limit(3)
        .offset(10)
        .with_max_items(5)
        .stream()
        .collect()
        .await;
    let ids: Vec<String> = items.into_iter().map(|item| item.unwrap().id).collect();
    assert_eq!(ids, ["s10", "s11", "s12", "s13", "s14"]);
    let paths: Vec<String> = server
        .all()
        .into_iter()
        .map(|request| request.path)
        .collect();
    // Pages of 3 from offset 10; the last page asks only for the 2 items still wanted.
    assert_eq!(
        paths,
        [
            "/v1/shapes?limit=3&offset=10",
            "/v1/shapes?limit=2&offset=13"
        ]
    );
}

/// A list of 600 shapes whose pages hold at most `cap` items, whatever the `limit`.
async fn capped_list(cap: usize) -> Server {
    Server::start_with(move |request| {
        let query = |name: &str| -> Option<usize> {
            request
                .path
                .split(['?', '&'])
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(|value| value.parse().ok())
        };
        let offset = query("offset").unwrap_or(0);
        let count = 600usize
            .saturating_sub(offset)
            .min(query("limit").unwrap_or(20))
            .min(cap);
        let items: Vec<String> = (offset..offset + count)
            .map(|index| format!(r#"{{"id":"s{index}","geometry":{{"kind":"square","side":1}}}}"#))
            .collect();
        (200, format!("[{}]", items.join(",")))
    })
    .await
}

#[tokio::test]
async fn a_server_that_caps_its_pages_below_the_limit_loses_no_item() {
    // Asked for 100 per page, the server sends 40: a short page is not the last one.
    let server = capped_list(40).await;
    let client = client(&server);
    let ids: Vec<String> = client
        .shapes()
        .list_shapes()
        .stream()
        .map(|shape| shape.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids.len(), 600);
    assert_eq!(ids[599], "s599");
    // 15 pages of 40, then the empty page that ends the list.
    assert_eq!(server.count(), 16);
}

#[tokio::test]
async fn the_total_count_ends_a_stream_without_an_empty_page() {
    let server = Server::start_with(|request| {
        let offset: usize = request
            .path
            .split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("offset=")?.parse().ok())
            .unwrap_or(0);
        let items: Vec<String> = (offset..(offset + 100).min(250))
            .map(|index| format!(r#"{{"id":"s{index}","geometry":{{"kind":"square","side":1}}}}"#))
            .collect();
        (200, format!("[{}]", items.join(",")))
    })
    .await;
    server.answer(200, "", &[("X-Total-Count", "250")]);
    let client = client(&server);
    let count = client
        .shapes()
        .list_shapes()
        .count(true)
        .stream()
        .count()
        .await;
    assert_eq!(count, 250);
    assert_eq!(
        server.count(),
        3,
        "pages at 0, 100 and 200; no empty page asked for"
    );
}

#[tokio::test]
async fn the_total_count_is_readable_when_count_is_asked_for() {
    let server = Server::start().await;
    server.answer(200, "[]", &[("X-Total-Count", "42")]);
    let page = client(&server)
        .shapes()
        .list_shapes()
        .count(true)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count(), Some(42));
    assert_eq!(server.last().path, "/v1/shapes?count=true");
}

#[tokio::test]
async fn multipart_form_text_and_binary_bodies() {
    let server = Server::start().await;
    let client = client(&server);
    let bodies = client.bodies();

    server.answer(204, "", &[]);
    let form = UploadForm::new(bytes::Bytes::from_static(b"a,b\n1,2\n"))
        .with_label("numbers")
        .with_options(UploadFormOptions::new().with_overwrite(true))
        .with_attachments(vec![
            bytes::Bytes::from_static(b"one"),
            bytes::Bytes::from_static(b"two"),
        ]);
    bodies.upload_file(&form).send().await.unwrap();
    let request = server.last();
    assert!(header(&request, "content-type").starts_with("multipart/form-data; boundary="));
    let text = String::from_utf8(request.body.to_vec()).unwrap();
    assert!(
        text.contains(
            "name=\"label\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nnumbers\r\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "name=\"options\"\r\nContent-Type: application/json\r\n\r\n{\"overwrite\":true}\r\n"
        ),
        "{text}"
    );
    assert!(text.contains("name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\na,b\n1,2\n\r\n"), "{text}");
    for attachment in ["one", "two"] {
        assert!(text.contains(&format!("name=\"attachments\"; filename=\"attachments\"\r\nContent-Type: application/octet-stream\r\n\r\n{attachment}\r\n")), "{text}");
    }
    assert!(
        !text.contains("form-data; name=\"attachments\"\r\n"),
        "{text}"
    );

    server.answer(200, "hello jo", &[]);
    let login = LoginForm::new("jo").with_scopes(["a b".to_owned(), "c".to_owned()]);
    let greeting = bodies.form_login(&login).send().await.unwrap();
    assert_eq!(greeting.into_inner(), "hello jo");
    let request = server.last();
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(&request.body[..], b"user=jo&scopes=a+b&scopes=c");

    server.answer(204, "", &[]);
    bodies.post_note("a note").send().await.unwrap();
    let request = server.last();
    assert_eq!(header(&request, "content-type"), "text/plain");
    assert_eq!(&request.body[..], b"a note");

    server.answer(200, "x,y\n", &[]);
    let report = bodies.get_report(7).send().await.unwrap();
    assert_eq!(&report.into_inner()[..], b"x,y\n");
    assert_eq!(header(&server.last(), "accept"), "text/csv");

    server.answer(404, "", &[]);
    match bodies.get_report(8).send().await.unwrap_err() {
        Error::Service(error) => assert!(matches!(error.error, GetReportError::NotFound)),
        other => panic!("{other:?}"),
    }

    server.answer(200, "\u{89}PNG", &[]);
    let image = bodies.get_image("logo").send().await.unwrap();
    assert_eq!(&image.into_inner()[..], "\u{89}PNG".as_bytes());
}

#[tokio::test]
async fn every_template_variable_is_filled_even_where_the_spec_declares_it_otherwise() {
    let server = Server::start().await;
    server.answer(204, "", &[]);
    let client = client(&server);
    let shapes = client.shapes();
    // `versionNumber` is declared, `{version}` is in the template: one parameter.
    shapes.get_shape_version("s 1", 7).send().await.unwrap();
    let versions = server.last().path;
    // `{tag}` is declared only as a query parameter: the path gets its own argument.
    shapes
        .get_shape_tag("in/path", "in-query")
        .send()
        .await
        .unwrap();
    let tags = server.last().path;
    assert_eq!(versions, "/v1/shapes/s%201/versions/7");
    assert_eq!(tags, "/v1/shape-tags/in%2Fpath?tag=in-query");
    for path in [versions, tags] {
        assert!(!path.contains('{') && !path.contains("%7B"), "{path}");
    }
}

#[tokio::test]
async fn a_builder_never_shows_a_secret_parameter_in_debug() {
    let server = Server::start().await;
    server.answer(204, "", &[]);
    let client = client(&server);
    let builder = client
        .shapes()
        .search_shapes()
        .x_search_key("search-SECRET")
        .labels(std::collections::BTreeMap::from([(
            "visible".to_owned(),
            1,
        )]));
    let debug = format!("{builder:?}");
    assert!(!debug.contains("search-SECRET"), "{debug}");
    assert!(
        debug.contains("visible") && debug.contains("<redacted>"),
        "{debug}"
    );
    builder.send().await.unwrap();
    assert_eq!(header(&server.last(), "x-search-key"), "search-SECRET");
}

#[tokio::test]
async fn vendor_forms_one_of_path_json_content_query_status_ranges_and_u64() {
    let server = Server::start().await;
    let client = client(&server);
    let shapes = client.shapes();

    // A `oneOf` of strings in a path is its text, not a quoted JSON string; JSON `content` is
    // JSON text; a list of objects (no style spells it) is JSON text too.
    server.answer(202, r#"{"count":18446744073709551615}"#, &[]);
    let found = shapes
        .find_shape_ref(&NameOrId::Name("big wheel".to_owned()))
        .filter(FindShapeRefFilter::new().with_name("x"))
        .order(vec![
            FindShapeRefOrderItem::new("size").with_descending(true)
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.last().path,
        "/v1/shape-refs/big%20wheel?filter=%7B%22name%22%3A%22x%22%7D\
         &order=%5B%7B%22field%22%3A%22size%22%2C%22descending%22%3Atrue%7D%5D"
    );
    // `2XX` takes 202; a `uint64` keeps a value beyond `i64`.
    assert_eq!(found.into_inner().count, u64::MAX);

    server.answer(418, r#"{"detail":"teapot"}"#, &[]);
    match shapes
        .find_shape_ref(&NameOrId::Id("6f1c".to_owned()))
        .send()
        .await
        .unwrap_err()
    {
        Error::Service(failure) => match failure.error {
            FindShapeRefError::ClientError { status, body } => {
                assert_eq!(status, 418);
                assert_eq!(body.detail.as_deref(), Some("teapot"));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert_eq!(server.last().path, "/v1/shape-refs/6f1c");

    server.answer(503, "", &[]);
    match shapes
        .find_shape_ref(&NameOrId::Id("6f1c".to_owned()))
        .send()
        .await
        .unwrap_err()
    {
        Error::Service(failure) => assert!(matches!(
            failure.error,
            FindShapeRefError::ServerError { status: 503 }
        )),
        other => panic!("{other:?}"),
    }

    // A status outside every documented range is unexpected, not a success.
    server.answer(302, "", &[]);
    let error = shapes
        .find_shape_ref(&NameOrId::Id("6f1c".to_owned()))
        .send()
        .await
        .unwrap_err();
    assert!(!matches!(error, Error::Service(_)), "{error:?}");
}
