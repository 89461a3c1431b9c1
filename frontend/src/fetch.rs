//! Calls to the hub's JSON API from the browser part: same origin, the
//! session cookie, the session's CSRF token on every write, and problem
//! details read back as [`Problem`]s.

use plenary_protocol::api::Language;
use plenary_protocol::{ErrorCode, Problem};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, Response};

/// The page's language (`<html lang>`, set by the hub), in which the hub
/// is asked to title its problems.
fn page_language() -> Language {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|l| Language::parse(&l))
        .unwrap_or(Language::En)
}

/// A problem the hub answered, or one made up when it could not be reached.
fn unreachable(why: String) -> Problem {
    Problem {
        type_uri: "about:blank".into(),
        title: crate::i18n::text(page_language(), "problem-unreachable").into(),
        status: 0,
        detail: Some(why),
        code: ErrorCode::Unavailable,
        errors: Vec::new(),
        conflicting_meeting: None,
        revision_conflict: None,
    }
}

fn why(e: JsValue) -> String {
    js_sys::Reflect::get(&e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Sends `body` (JSON) with `method` to `path` and returns the answer's
/// text, or the problem it reported.
pub async fn call(
    method: &str,
    path: &str,
    csrf: &str,
    body: Option<String>,
) -> Result<String, Problem> {
    call_with(method, path, csrf, body, &[]).await
}

/// [`call`] with more request headers.
pub async fn call_with(
    method: &str,
    path: &str,
    csrf: &str,
    body: Option<String>,
    extra: &[(&str, &str)],
) -> Result<String, Problem> {
    let attempt = async {
        let headers = Headers::new()?;
        for (name, value) in extra {
            headers.set(name, value)?;
        }
        headers.set("Accept", "application/json")?;
        headers.set("Accept-Language", page_language().as_str())?;
        if method != "GET" {
            headers.set("X-CSRF-Token", csrf)?;
        }
        let init = RequestInit::new();
        init.set_method(method);
        init.set_credentials(RequestCredentials::SameOrigin);
        if let Some(body) = body {
            headers.set("Content-Type", "application/json")?;
            init.set_body(&JsValue::from_str(&body));
        }
        init.set_headers(&headers);
        let request = Request::new_with_str_and_init(path, &init)?;
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        let response: Response = JsFuture::from(window.fetch_with_request(&request))
            .await?
            .unchecked_into();
        let text = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        Ok::<_, JsValue>((response.status(), text))
    };
    match attempt.await {
        Ok((status, text)) if (200..300).contains(&status) => Ok(text),
        Ok((status, text)) => Err(problem(status, &text)),
        Err(e) => Err(unreachable(why(e))),
    }
}

/// The problem in an error answer's body (or one naming its status).
pub fn problem(status: u16, text: &str) -> Problem {
    serde_json::from_str(text).unwrap_or_else(|_| Problem {
        status,
        ..unreachable(format!("the hub answered {status}"))
    })
}

/// Goes to `path` (a page of the hub).
pub fn go(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(path);
    }
}
