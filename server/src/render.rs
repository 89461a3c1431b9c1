//! Published minutes as files: Markdown rendered to sanitised HTML and to PDF.
//!
//! Security: user Markdown may carry raw HTML. The HTML output goes through
//! ammonia (scripts, event handlers, `javascript:` links, SVG and embedded
//! content removed) and is served under a CSP that forbids scripts anyway.
//! The PDF only ever draws text: no links, annotations, actions or forms are
//! written, so nothing in it can run or reach out.
//!
//! The PDF is typeset by Typst used as a library: the Markdown becomes a
//! Typst document in which every text the user wrote is a string literal
//! (never markup or code), compiled with the fonts given (DejaVu Sans
//! built in; Amiri for Arabic, Droid Sans Fallback for Chinese) and no
//! other file. Typst shapes Arabic (joined forms, vowel marks placed) and
//! writes the text back into the PDF, so it can be copied and extracted.
//! Search reads minutes from their Markdown.

use plenary_protocol::api::Language;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("font {0}")]
    Font(String),
    #[error("typesetting: {0}")]
    Typeset(String),
}

fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The text direction of a language's script.
pub fn is_rtl(language: Language) -> bool {
    language == Language::Ar
}

/// Renders Markdown to sanitised HTML (a fragment, for a page's body).
pub fn html_fragment(markdown: &str) -> String {
    let mut raw = String::new();
    pulldown_cmark::html::push_html(&mut raw, Parser::new_ext(markdown, markdown_options()));
    ammonia::Builder::default()
        // Minutes are text: no images or other embedded content that could
        // load from elsewhere when the page is read.
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&raw)
        .to_string()
}

/// Sanitised HTML one heading level down, to sit under a page's own `h1`
/// (an `h6` stays an `h6`). Only the sanitiser's own tags are touched: text
/// that looks like a tag was escaped by it.
pub fn below_page_heading(html: &str) -> String {
    let mut out = html.to_string();
    for level in (1..=5).rev() {
        let next = level + 1;
        out = out
            .replace(&format!("<h{level}>"), &format!("<h{next}>"))
            .replace(&format!("<h{level} "), &format!("<h{next} "))
            .replace(&format!("</h{level}>"), &format!("</h{next}>"));
    }
    out
}

/// Renders Markdown to a whole HTML document whose body is sanitised.
pub fn html(markdown: &str, title: &str, language: Language) -> String {
    let body = html_fragment(markdown);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width\">\n<title>{title}</title>\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        lang = language.as_str(),
        dir = if is_rtl(language) { "rtl" } else { "ltr" },
        title = escape(title),
    )
}

/// The fonts PDFs are typeset with: DejaVu Sans and Sans Mono (embedded in
/// the binary: Latin, Greek, Cyrillic, Arabic, Hebrew), then each fallback
/// in order (a Naskh font for Arabic, a CJK font for Chinese). Typst picks,
/// for each character, the first that has it.
#[derive(Clone)]
pub struct Fonts(std::sync::Arc<FontSet>);

struct FontSet {
    fonts: Vec<typst::text::Font>,
    book: typst::utils::LazyHash<typst::text::FontBook>,
    /// Family names in the order given, each once.
    families: Vec<String>,
    library: typst::utils::LazyHash<typst::Library>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("families", &self.0.families)
            .finish_non_exhaustive()
    }
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts::from_files(Vec::new())
    }
}

impl Fonts {
    /// DejaVu followed by these font files (every face of a collection).
    pub fn with_fallbacks(paths: &[std::path::PathBuf]) -> Result<Fonts, RenderError> {
        let mut files = Vec::new();
        for path in paths {
            let data = std::fs::read(path)
                .map_err(|e| RenderError::Font(format!("{}: {e}", path.display())))?;
            let before = files.len();
            files.extend(typst::text::Font::iter(typst::foundations::Bytes::new(
                data,
            )));
            if files.len() == before {
                return Err(RenderError::Font(format!(
                    "{}: not a font file Typst can read (TrueType or OpenType)",
                    path.display()
                )));
            }
        }
        Ok(Fonts::from_files(files))
    }

    fn from_files(fallbacks: Vec<typst::text::Font>) -> Fonts {
        use typst::LibraryExt;
        let embedded = [
            dejavu::sans::regular(),
            dejavu::sans::bold(),
            dejavu::sans::oblique(),
            dejavu::sans::bold_oblique(),
            dejavu::sans_mono::regular(),
        ];
        let mut fonts: Vec<typst::text::Font> = embedded
            .into_iter()
            .flat_map(|data| typst::text::Font::iter(typst::foundations::Bytes::new(data)))
            .collect();
        fonts.extend(fallbacks);
        let book = typst::text::FontBook::from_fonts(&fonts);
        let mut families: Vec<String> = Vec::new();
        for font in &fonts {
            let family = font.info().family.to_string();
            if !families.contains(&family) {
                families.push(family);
            }
        }
        Fonts(std::sync::Arc::new(FontSet {
            fonts,
            book: typst::utils::LazyHash::new(book),
            families,
            library: typst::utils::LazyHash::new(typst::Library::builder().build()),
        }))
    }

    /// The families a language's text is set in, in order: for Arabic a
    /// Naskh face first when there is one (DejaVu's Arabic is a sans
    /// without the marks' finer placement), else DejaVu Sans first.
    fn families_for(&self, language: Language) -> Vec<&str> {
        let mut order: Vec<&str> = self.0.families.iter().map(String::as_str).collect();
        order.retain(|f| *f != "DejaVu Sans Mono");
        if language == Language::Ar {
            if let Some(i) = order.iter().position(|f| ARABIC_FAMILIES.contains(f)) {
                let naskh = order.remove(i);
                order.insert(0, naskh);
            }
        }
        order
    }
}

/// Naskh families the hub knows to set Arabic in before DejaVu Sans.
const ARABIC_FAMILIES: &[&str] = &["Amiri", "Noto Naskh Arabic", "Scheherazade New"];

/// What stands on every page beside the text: the document's symbol and
/// distribution, as UN documents carry them, and its title on the first.
#[derive(Debug, Clone, Copy)]
pub struct Sheet<'a> {
    pub symbol: &'a str,
    pub title: &'a str,
    pub distribution: plenary_protocol::api::Distribution,
    pub language: Language,
}

/// "Distr.: General" as documents in each language print it (the Arabic,
/// Chinese and Russian versions of UN documents keep the English).
fn distribution_label(
    distribution: plenary_protocol::api::Distribution,
    l: Language,
) -> &'static str {
    use plenary_protocol::api::Distribution::*;
    match (l, distribution) {
        (Language::Fr, General) => "Distr. générale",
        (Language::Fr, Limited) => "Distr. limitée",
        (Language::Fr, Restricted) => "Distr. restreinte",
        (Language::Es, General) => "Distr. general",
        (Language::Es, Limited) => "Distr. limitada",
        (Language::Es, Restricted) => "Distr. reservada",
        (_, General) => "Distr.: General",
        (_, Limited) => "Distr.: Limited",
        (_, Restricted) => "Distr.: Restricted",
    }
}

/// A Typst string literal of `text`: everything the user wrote reaches
/// Typst as a string, never as markup or code.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text in markup: a string embedded and ended (`;`), so that what follows
/// cannot continue it as code.
fn text_in_markup(text: &str) -> String {
    format!("#{};", literal(text))
}

/// The Typst source of Markdown's body: headings, paragraphs, emphasis,
/// lists, tables, quotations and code. Links keep their text only, images
/// their description; raw HTML is dropped.
fn typst_body(markdown: &str) -> String {
    let mut out = String::new();
    let mut html = 0usize;
    let mut in_code: Option<String> = None;
    for event in Parser::new_ext(markdown, markdown_options()) {
        if let Some(code) = in_code.as_mut() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    out.push_str(&format!("#raw(block: true, {})\n\n", literal(code)));
                    in_code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {}
                Tag::Heading { level, .. } => {
                    let level = match level {
                        HeadingLevel::H1 => 1,
                        HeadingLevel::H2 => 2,
                        HeadingLevel::H3 => 3,
                        HeadingLevel::H4 => 4,
                        HeadingLevel::H5 => 5,
                        HeadingLevel::H6 => 6,
                    };
                    out.push_str(&format!("#heading(level: {level})["));
                }
                Tag::BlockQuote(_) => out.push_str("#quote(block: true)["),
                Tag::CodeBlock(_) => in_code = Some(String::new()),
                Tag::List(Some(start)) => out.push_str(&format!("#enum(start: {start}, ")),
                Tag::List(None) => out.push_str("#list("),
                Tag::Item => out.push('['),
                Tag::Table(alignments) => {
                    let align: Vec<&str> = alignments
                        .iter()
                        .map(|a| match a {
                            pulldown_cmark::Alignment::Center => "center",
                            pulldown_cmark::Alignment::Right => "end",
                            _ => "start",
                        })
                        .collect();
                    out.push_str(&format!(
                        "#table(columns: {}, align: ({},), ",
                        align.len().max(1),
                        align.join(", ")
                    ));
                }
                Tag::TableHead => out.push_str("table.header("),
                Tag::TableCell => out.push('['),
                Tag::Emphasis => out.push_str("#emph["),
                Tag::Strong => out.push_str("#strong["),
                Tag::Strikethrough => out.push_str("#strike["),
                Tag::HtmlBlock => html += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("\n\n"),
                TagEnd::Heading(_) => out.push_str("]\n\n"),
                TagEnd::BlockQuote(_) => out.push_str("]\n\n"),
                TagEnd::List(_) => out.push_str(")\n\n"),
                TagEnd::Item => out.push_str("],"),
                TagEnd::Table => out.push_str(")\n\n"),
                TagEnd::TableHead => out.push_str("),"),
                TagEnd::TableCell => out.push_str("],"),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => out.push(']'),
                TagEnd::HtmlBlock => html = html.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if html == 0 => out.push_str(&text_in_markup(&t)),
            Event::Code(t) => out.push_str(&format!("#raw({});", literal(&t))),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak();"),
            Event::Rule => out.push_str("#line(length: 100%)\n\n"),
            Event::TaskListMarker(done) => {
                out.push_str(&text_in_markup(if done { "☑ " } else { "☐ " }))
            }
            Event::FootnoteReference(name) => {
                out.push_str(&format!("#super[{}]", text_in_markup(&name)))
            }
            _ => {}
        }
    }
    out
}

/// The whole Typst document: A4, the symbol and distribution at the head
/// of every page and the page's number at its foot, the title, the body.
fn typst_source(fonts: &Fonts, sheet: &Sheet<'_>, markdown: &str) -> String {
    let families: Vec<String> = fonts
        .families_for(sheet.language)
        .into_iter()
        .map(literal)
        .collect();
    format!(
        r#"#set document(title: {title})
#set page(paper: "a4", margin: (x: 2.2cm, top: 3cm, bottom: 2.5cm),
  header: align(end)[#text(size: 9pt)[{symbol_text}#linebreak();{distribution_text}]],
  footer: context align(center)[#text(size: 9pt)[#counter(page).display() / #counter(page).final().first()]])
#set text(font: ({families},), lang: {lang}, size: 10.5pt)
#set par(justify: true)
#set text(hyphenate: false)
#set heading(numbering: none)
#show raw: set text(font: "DejaVu Sans Mono", size: 9pt)
#block(below: 1.2em)[#text(size: 14pt, weight: "bold")[{title_text}]]

{body}"#,
        title = literal(sheet.title),
        symbol_text = text_in_markup(sheet.symbol),
        distribution_text = text_in_markup(distribution_label(sheet.distribution, sheet.language)),
        families = families.join(", "),
        lang = literal(sheet.language.as_str()),
        title_text = text_in_markup(sheet.title),
        body = typst_body(markdown),
    )
}

/// One document for Typst to compile: its one source file and the fonts.
struct World<'a> {
    fonts: &'a FontSet,
    source: typst::syntax::Source,
}

impl typst::World for World<'_> {
    fn library(&self) -> &typst::utils::LazyHash<typst::Library> {
        &self.fonts.library
    }
    fn book(&self) -> &typst::utils::LazyHash<typst::text::FontBook> {
        &self.fonts.book
    }
    fn main(&self) -> typst::syntax::FileId {
        self.source.id()
    }
    fn source(&self, id: typst::syntax::FileId) -> typst::diag::FileResult<typst::syntax::Source> {
        match id == self.source.id() {
            true => Ok(self.source.clone()),
            // Nothing else is read: no images, no imports, no packages.
            false => Err(typst::diag::FileError::AccessDenied),
        }
    }
    fn file(
        &self,
        id: typst::syntax::FileId,
    ) -> typst::diag::FileResult<typst::foundations::Bytes> {
        match id == self.source.id() {
            true => Ok(typst::foundations::Bytes::from_string(self.source.clone())),
            false => Err(typst::diag::FileError::AccessDenied),
        }
    }
    fn font(&self, index: usize) -> Option<typst::text::Font> {
        self.fonts.fonts.get(index).cloned()
    }
    fn today(
        &self,
        _: Option<typst::foundations::Duration>,
    ) -> Option<typst::foundations::Datetime> {
        None
    }
}

/// The one file id every document is compiled as (ids are interned for the
/// process's life, so one path, not one per document).
fn main_file() -> typst::syntax::FileId {
    use typst::syntax::{RootedPath, VirtualPath, VirtualRoot};
    static MAIN: std::sync::OnceLock<typst::syntax::FileId> = std::sync::OnceLock::new();
    *MAIN.get_or_init(|| {
        let path = VirtualPath::new("/minutes.typ").expect("a constant, valid path");
        RootedPath::new(VirtualRoot::Project, path).intern()
    })
}

/// Typesets Markdown as an A4 PDF: the sheet's symbol and distribution on
/// every page, its title on the first, page numbers.
pub fn pdf(fonts: &Fonts, sheet: &Sheet<'_>, markdown: &str) -> Result<Vec<u8>, RenderError> {
    let world = World {
        fonts: &fonts.0,
        source: typst::syntax::Source::new(main_file(), typst_source(fonts, sheet, markdown)),
    };
    let compiled = typst::compile::<typst_layout::PagedDocument>(&world).output;
    // Typst memoises across compilations; one document's worth is kept.
    typst::comemo::evict(1);
    let document = compiled.map_err(|errors| RenderError::Typeset(said(errors.as_slice())))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(sheet.symbol.to_string()),
        creator: typst::foundations::Smart::Custom(Some("Plenary".into())),
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options)
        .map_err(|errors| RenderError::Typeset(said(errors.as_slice())))
}

fn said(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// PDF names of everything in a PDF that can act (scripts, links, launches,
/// actions, annotations, forms, attachments). Published minutes contain none
/// of them; the tests look for each in what the renderer writes.
pub const ACTIVE_PDF_NAMES: &[&str] = &[
    "/JavaScript",
    "/JS",
    "/URI",
    "/Launch",
    "/OpenAction",
    "/AA",
    "/Annots",
    "/AcroForm",
    "/EmbeddedFile",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_minutes_sit_under_the_pages_heading() {
        let html = below_page_heading(&html_fragment(
            "# 3rd meeting\n\n## Agenda\n\n###### Note\n\nText with `<h1>` in it.",
        ));
        assert!(html.contains("<h2>3rd meeting</h2>"), "{html}");
        assert!(html.contains("<h3>Agenda</h3>"), "{html}");
        assert!(html.contains("<h6>Note</h6>"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("&lt;h1&gt;"), "{html}");
    }

    /// Markup that tries to run script, load content or hide a payload.
    pub const XSS: &[&str] = &[
        "<script>alert('s1')</script>",
        "<img src=x onerror=alert('s2')>",
        "[click](javascript:alert('s3'))",
        "[c](JaVaScRiPt:alert('s4'))",
        "<a href=\"javascript&colon;alert('s5')\">x</a>",
        "<svg onload=alert('s6')><circle r=1 /></svg>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<div style=\"background:url(javascript:alert('s7'))\" onclick=\"alert('s8')\">d</div>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('s9')>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "<form action=\"https://evil.example\"><input name=p></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<base href=\"https://evil.example/\">",
    ];

    #[test]
    fn html_keeps_the_text_and_drops_everything_that_runs() {
        let markdown = format!("# Title\n\nThe *Chair* spoke.\n\n{}\n", XSS.join("\n\n"));
        let page = html(&markdown, "A/C.2/57/SR.1 <script>", Language::En);
        // Only markup can run: the tags, not escaped text that shows them.
        let body: String = page
            .to_ascii_lowercase()
            .split('<')
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(tag, _)| format!("<{tag}>")))
            .collect();
        for needle in [
            "<script",
            "onerror",
            "onload",
            "onclick",
            "javascript:",
            "javascript&colon;",
            "<svg",
            "<iframe",
            "<object",
            "<form",
            "<input",
            "<meta http",
            "<base",
            "data:",
            "style=",
            "<img",
        ] {
            assert!(!body.contains(needle), "{needle} survived in {page}");
        }
        assert!(page.contains("<h1>Title</h1>"));
        assert!(page.contains("<em>Chair</em>"));
        assert!(page.contains("<title>A/C.2/57/SR.1 &lt;script&gt;</title>"));
        let arabic = html("نص", "t", Language::Ar);
        assert!(arabic.contains("lang=\"ar\" dir=\"rtl\""));
    }

    fn sheet(language: Language) -> Sheet<'static> {
        Sheet {
            symbol: "A/C.2/57/SR.1",
            title: "Summary record of the 1st meeting",
            distribution: plenary_protocol::api::Distribution::General,
            language,
        }
    }

    fn fallbacks() -> Fonts {
        let files: Vec<std::path::PathBuf> = [
            "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
            "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Bold.ttf",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        ]
        .into_iter()
        .map(std::path::PathBuf::from)
        .collect();
        for file in &files {
            assert!(file.is_file(), "infra/setup.sh installs {}", file.display());
        }
        Fonts::with_fallbacks(&files).expect("fonts")
    }

    #[test]
    fn pdf_holds_searchable_text_and_nothing_active() {
        let markdown = format!(
            "# Summary\n\n1. **France** (10:00:00, 2 min)\n2. Российская Федерация\n\n{}\n\n{}\n\n[a link](https://evil.example/) stays text.",
            "A long paragraph of text that has to wrap across lines. ".repeat(200),
            XSS.join("\n\n")
        );
        let bytes = pdf(&Fonts::default(), &sheet(Language::En), &markdown).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
        let raw = String::from_utf8_lossy(&bytes);
        for active in ACTIVE_PDF_NAMES {
            assert!(!raw.contains(active), "{active} in the PDF");
        }
        let text = pdf_extract::extract_text_from_mem(&bytes).expect("text");
        for expected in [
            "Summary",
            "France",
            "Российская Федерация",
            "a link stays text",
            "A/C.2/57/SR.1",
            "Distr.: General",
            "1 / ",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert!(!text.contains("alert('s1')"), "script content is dropped");
        // The fonts are not embedded whole, only the glyphs used.
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    }

    #[test]
    fn markdown_reaches_typst_as_strings_never_as_code() {
        let body = typst_body("# Title #set\n\nA *b* **c** `d` and #panic(\"x\") $1 \"q\" \\ [e] <f> @g\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- x\n- y\n");
        assert!(
            body.contains("#heading(level: 1)[#\"Title #set\";]"),
            "{body}"
        );
        assert!(body.contains("#emph[#\"b\";]"), "{body}");
        assert!(body.contains("#strong[#\"c\";]"), "{body}");
        assert!(body.contains("#raw(\"d\");"), "{body}");
        assert!(
            body.contains("#\" and #panic(\\\"x\\\") $1 \\\"q\\\" \\\\ \";"),
            "{body}"
        );
        assert!(body.contains("#\"[\";#\"e\";#\"]\";"), "{body}");
        assert!(!body.contains("<f>"), "inline HTML is dropped: {body}");
        assert!(body.contains("#table(columns: 2, align: (start, center,), table.header([#\"a\";],[#\"b\";],),[#\"1\";],[#\"2\";],)"), "{body}");
        assert!(body.contains("#list([#\"x\";],[#\"y\";],)"), "{body}");
        // And it compiles: what a user typed never breaks the typesetting.
        let bytes = pdf(
            &Fonts::default(),
            &sheet(Language::En),
            "#panic(\"x\") ]) } \" \\\n\n* [ ] task\n\n> quote\n\n```\ncode #x\n```\n",
        )
        .expect("pdf");
        let text = pdf_extract::extract_text_from_mem(&bytes).expect("text");
        assert!(text.contains("#panic(\"x\") ]) } \""), "{text}");
        assert!(text.contains("code #x"), "{text}");
    }

    fn squeezed(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn every_language_is_typeset_with_its_letters_extractable() {
        let fonts = fallbacks();
        // Arabic read back in reading order, its vowel marks on their
        // letters, is the hub's tests' (with poppler's pdftotext: this
        // extractor takes a PDF's glyphs in the order drawn).
        for (language, words) in [
            (Language::Zh, "第二委员会第12次会议。主席宣布开会。"),
            (Language::Ru, "Российская Федерация"),
            (Language::Fr, "La Commission a achevé son débat général."),
            (Language::Es, "La Comisión concluyó su debate general."),
            (Language::En, "The Committee concluded its general debate."),
        ] {
            let bytes = pdf(
                &fonts,
                &sheet(language),
                &format!("{words}\n\n*{words}*\n\n**{words}**"),
            )
            .expect("pdf");
            let text = squeezed(&pdf_extract::extract_text_from_mem(&bytes).expect("text"));
            let wanted = squeezed(words);
            assert_eq!(
                text.matches(&wanted).count(),
                3,
                "{language:?}: {wanted} thrice in {text}"
            );
        }
        let chinese = pdf(&fonts, &sheet(Language::Zh), "第二委员会 and Русский").expect("pdf");
        let raw = String::from_utf8_lossy(&chinese);
        assert!(
            raw.contains("+DejaVuSans") && raw.contains("+DroidSansFallback"),
            "both fonts embedded"
        );
        assert!(
            chinese.len() < 400_000,
            "subsets only: {} bytes",
            chinese.len()
        );
        let arabic = pdf(&fonts, &sheet(Language::Ar), "نص *مائل* و**عريض**").expect("pdf");
        let raw = String::from_utf8_lossy(&arabic);
        assert!(
            raw.contains("+Amiri-Regular") && raw.contains("+Amiri-Bold"),
            "Arabic in Amiri, bold drawn bold"
        );
        let french = pdf(&fonts, &sheet(Language::Fr), "texte").expect("pdf");
        let text = pdf_extract::extract_text_from_mem(&french).expect("text");
        assert!(text.contains("Distr. générale"), "{text}");
        // A font that cannot be used is refused with its path.
        let err = Fonts::with_fallbacks(&["/nonexistent.ttf".into()]).expect_err("missing");
        assert!(err.to_string().contains("/nonexistent.ttf"));
    }
}
