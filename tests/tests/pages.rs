//! Pages rendered on the server, read as a browser with JavaScript off would.

use plenary_tests::{Backend, Hub, Scheduler};
use serde_json::json;

plenary_tests::on_both_backends!(the_journal_page_lists_the_day_in_six_languages,);

async fn the_journal_page_lists_the_day_in_six_languages(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "12th plenary <meeting>", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York", "access": "public",
                   "invited_delegations": [],
                   "agenda": [{"number": "17 (a)", "title": "Macroeconomic policy questions"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let reader = hub.anonymous();
    // New York's 10:00 is Geneva's 16:00 that day.
    let page = reader
        .get("/journal?date=2030-10-01&time_zone=Europe/Zurich&lang=en")
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    let html = &page.text;
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(html.contains("12th plenary &lt;meeting&gt;"), "{html}");
    assert!(html.contains("16:00–19:00"), "{html}");
    assert!(html.contains("17 (a). Macroeconomic policy questions"));
    assert!(html.contains("1 October 2030"));
    assert!(
        !html.contains("<script"),
        "readable with JavaScript off: no script at all"
    );
    // Each official language, Arabic right to left.
    for (lang, heading, dir) in [
        ("ar", "يومية الأمم المتحدة", "rtl"),
        ("zh", "日刊", "ltr"),
        ("fr", "Journal", "ltr"),
        ("ru", "Журнал", "ltr"),
        ("es", "Diario", "ltr"),
    ] {
        let page = reader
            .get(&format!(
                "/journal?date=2030-10-01&time_zone=Europe/Zurich&lang={lang}"
            ))
            .await;
        assert_eq!(page.status, 200);
        assert!(page
            .text
            .contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")));
        assert!(page.text.contains(heading), "{lang}");
    }
    // The browser's language when none is asked for.
    let page = reader
        .raw_with(
            reqwest::Method::GET,
            "/journal?date=2030-10-01",
            None,
            Vec::new(),
            &[("accept-language", "es-419,es;q=0.9,en;q=0.8")],
        )
        .await;
    assert!(page.text.contains("<html lang=\"es\""), "{}", page.text);
    // Another day is empty; a bad zone gets a problem, not a page.
    let empty = reader.get("/journal?date=2030-10-02&lang=fr").await;
    assert!(empty.text.contains("Aucune séance ce jour-là."));
    reader
        .get("/journal?date=2030-10-01&time_zone=Mars/Olympus")
        .await
        .assert_problem(422, "validation_failed");
    // The stylesheet is a file of its own (no inline style under the CSP).
    let css = reader.get("/assets/plenary.css").await;
    assert_eq!(css.status, 200);
    assert!(css
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/css")));
    assert!(css.text.contains("inset-inline-start"));
}
