//! Published minutes as files: Markdown rendered to sanitised HTML and to PDF.
//!
//! Security: user Markdown may carry raw HTML. The HTML output goes through
//! ammonia (scripts, event handlers, `javascript:` links, SVG and embedded
//! content removed) and is served under a CSP that forbids scripts anyway.
//! The PDF only ever draws text: no links, annotations, actions or forms are
//! written, so nothing in it can run or reach out.
//!
//! The PDF embeds subsets of DejaVu Sans (Latin, Greek, Cyrillic, Arabic,
//! Hebrew, ...) and of the configured fallback fonts (Chinese), with ToUnicode
//! maps so its text can be copied. Arabic letters take their joined forms
//! (Unicode's presentation forms, lam-alef ligatures) and right-to-left lines
//! are reordered for display with brackets mirrored, so a right-to-left line
//! is stored in display order: search reads minutes from their Markdown.
//! Known limits: no font shaping beyond that (vowel marks are not positioned),
//! and emphasis is not drawn; the HTML and Markdown carry the exact text.

use plenary_protocol::api::Language;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("font {0}")]
    Font(String),
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

/// The plain text of Markdown, blocks separated by blank lines (raw HTML dropped).
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let mut list_depth = 0usize;
    let mut numbers: Vec<Option<u64>> = Vec::new();
    let mut skip_html = 0usize;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Block::new(match level {
                    HeadingLevel::H1 => Style::H1,
                    HeadingLevel::H2 => Style::H2,
                    _ => Style::H3,
                }))
            }
            Event::Start(Tag::Paragraph) if current.is_none() => {
                current = Some(Block::new(Style::Body))
            }
            Event::Start(Tag::CodeBlock(_)) => current = Some(Block::new(Style::Code)),
            Event::Start(Tag::List(first)) => {
                list_depth += 1;
                numbers.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                numbers.pop();
            }
            Event::Start(Tag::Item) => {
                if let Some(b) = current.take() {
                    out.push(b);
                }
                let marker = match numbers.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                let mut b = Block::new(Style::Body);
                b.indent = list_depth;
                b.text.push_str(&marker);
                current = Some(b);
            }
            Event::Start(Tag::TableCell) => {
                if let Some(b) = current.as_mut() {
                    if !b.text.is_empty() {
                        b.text.push_str(" | ");
                    }
                }
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => {
                current = Some(Block::new(Style::Body));
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => {
                if let Some(b) = current.take() {
                    if !b.text.trim().is_empty() {
                        out.push(b);
                    }
                }
            }
            Event::Rule => out.push(Block::new(Style::Rule)),
            Event::Text(t) | Event::Code(t) if skip_html == 0 => {
                current
                    .get_or_insert_with(|| Block::new(Style::Body))
                    .text
                    .push_str(&t);
            }
            Event::SoftBreak => {
                if let Some(b) = current.as_mut() {
                    b.text.push(' ');
                }
            }
            Event::HardBreak => {
                if let Some(b) = current.as_mut() {
                    b.text.push('\n');
                }
            }
            // Raw HTML is not text of the minutes; what a script tag wraps is
            // dropped as the HTML sanitiser drops it.
            Event::InlineHtml(h) | Event::Html(h) => {
                let lower = h.to_ascii_lowercase();
                if lower.starts_with("<script") || lower.starts_with("<style") {
                    skip_html += 1;
                }
                if lower.contains("</script") || lower.contains("</style") {
                    skip_html = skip_html.saturating_sub(1);
                }
            }
            _ => {}
        }
    }
    if let Some(b) = current {
        out.push(b);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    H1,
    H2,
    H3,
    Body,
    Code,
    Rule,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::H1 => 17.0,
            Style::H2 => 14.0,
            Style::H3 => 12.5,
            Style::Body | Style::Rule => 10.5,
            Style::Code => 9.5,
        }
    }
}

#[derive(Debug)]
struct Block {
    style: Style,
    indent: usize,
    text: String,
}

impl Block {
    fn new(style: Style) -> Self {
        Block {
            style,
            indent: 0,
            text: String::new(),
        }
    }
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 60.0;

/// The fonts PDFs are drawn with: DejaVu Sans (embedded in the binary), then
/// each fallback in order for characters it lacks (e.g. a CJK font for Chinese).
#[derive(Debug, Clone)]
pub struct Fonts {
    files: Vec<FontFile>,
}

#[derive(Debug, Clone)]
struct FontFile {
    /// For the PDF's font name.
    name: String,
    data: std::sync::Arc<Vec<u8>>,
    index: u32,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            files: vec![FontFile {
                name: "DejaVuSans".into(),
                data: std::sync::Arc::new(dejavu::sans::regular().to_vec()),
                index: 0,
            }],
        }
    }
}

impl Fonts {
    /// DejaVu Sans followed by these font files (TrueType outlines; the
    /// first font of a collection).
    pub fn with_fallbacks(paths: &[std::path::PathBuf]) -> Result<Fonts, RenderError> {
        let mut fonts = Fonts::default();
        for path in paths {
            let data = std::fs::read(path)
                .map_err(|e| RenderError::Font(format!("{}: {e}", path.display())))?;
            let face = ttf_parser::Face::parse(&data, 0)
                .map_err(|e| RenderError::Font(format!("{}: {e}", path.display())))?;
            if face.tables().glyf.is_none() {
                return Err(RenderError::Font(format!(
                    "{}: only fonts with TrueType outlines can be embedded (this one has CFF outlines)",
                    path.display()
                )));
            }
            let name: String = path
                .file_stem()
                .map(|s| {
                    s.to_string_lossy()
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect()
                })
                .unwrap_or_default();
            fonts.files.push(FontFile {
                name: if name.is_empty() {
                    "Fallback".into()
                } else {
                    name
                },
                data: std::sync::Arc::new(data),
                index: 0,
            });
        }
        Ok(fonts)
    }
}

/// Parsed faces of a `Fonts`, for one rendering.
struct Faces<'a> {
    faces: Vec<(ttf_parser::Face<'a>, f32)>,
}

impl<'a> Faces<'a> {
    fn parse(fonts: &'a Fonts) -> Result<Faces<'a>, RenderError> {
        let faces = fonts
            .files
            .iter()
            .map(|f| {
                ttf_parser::Face::parse(&f.data, f.index)
                    .map(|face| {
                        let per_em = f32::from(face.units_per_em());
                        (face, per_em)
                    })
                    .map_err(|e| RenderError::Font(format!("{}: {e}", f.name)))
            })
            .collect::<Result<_, _>>()?;
        Ok(Faces { faces })
    }

    /// The first font that has a glyph for `c` (the first font's .notdef if none).
    fn glyph(&self, c: char) -> (usize, u16) {
        self.faces
            .iter()
            .enumerate()
            .find_map(|(i, (face, _))| face.glyph_index(c).map(|g| (i, g.0)))
            .unwrap_or((0, 0))
    }

    /// Advance of a glyph in ems.
    fn advance(&self, font: usize, glyph: u16) -> f32 {
        self.faces.get(font).map_or(0.0, |(face, per_em)| {
            f32::from(
                face.glyph_hor_advance(ttf_parser::GlyphId(glyph))
                    .unwrap_or(0),
            ) / per_em
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| {
                let (font, glyph) = self.glyph(c);
                self.advance(font, glyph)
            })
            .sum::<f32>()
            * size
    }
}

/// One line placed on a page: per character drawn, the font, the glyph id
/// in that font and the character.
#[derive(Debug)]
struct Line {
    x: f32,
    y: f32,
    size: f32,
    glyphs: Vec<(usize, u16, char)>,
}

/// The glyphs of `text`, each with the character it draws.
fn glyphs(faces: &Faces<'_>, text: &str) -> Vec<(usize, u16, char)> {
    text.chars()
        .map(|c| {
            let (font, glyph) = faces.glyph(c);
            (font, glyph, c)
        })
        .collect()
}

/// Splits a paragraph into lines no wider than `max`, in logical order:
/// at spaces where possible, anywhere inside a word too long for a line
/// (which is how Chinese, written without spaces, wraps).
fn wrap(faces: &Faces<'_>, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        for word in hard.split(' ') {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if faces.width(&candidate, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if faces.width(&line, size) > max && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Arabic presentation forms: for each letter, its isolated form and how
/// many forms follow it (2: isolated, final; 4: isolated, final, initial,
/// medial), from Unicode's Arabic Presentation Forms-B block.
fn arabic_forms(c: char) -> Option<(u32, u32)> {
    Some(match c {
        '\u{0621}' => (0xFE80, 1),
        '\u{0622}' => (0xFE81, 2),
        '\u{0623}' => (0xFE83, 2),
        '\u{0624}' => (0xFE85, 2),
        '\u{0625}' => (0xFE87, 2),
        '\u{0626}' => (0xFE89, 4),
        '\u{0627}' => (0xFE8D, 2),
        '\u{0628}' => (0xFE8F, 4),
        '\u{0629}' => (0xFE93, 2),
        '\u{062A}' => (0xFE95, 4),
        '\u{062B}' => (0xFE99, 4),
        '\u{062C}' => (0xFE9D, 4),
        '\u{062D}' => (0xFEA1, 4),
        '\u{062E}' => (0xFEA5, 4),
        '\u{062F}' => (0xFEA9, 2),
        '\u{0630}' => (0xFEAB, 2),
        '\u{0631}' => (0xFEAD, 2),
        '\u{0632}' => (0xFEAF, 2),
        '\u{0633}' => (0xFEB1, 4),
        '\u{0634}' => (0xFEB5, 4),
        '\u{0635}' => (0xFEB9, 4),
        '\u{0636}' => (0xFEBD, 4),
        '\u{0637}' => (0xFEC1, 4),
        '\u{0638}' => (0xFEC5, 4),
        '\u{0639}' => (0xFEC9, 4),
        '\u{063A}' => (0xFECD, 4),
        '\u{0641}' => (0xFED1, 4),
        '\u{0642}' => (0xFED5, 4),
        '\u{0643}' => (0xFED9, 4),
        '\u{0644}' => (0xFEDD, 4),
        '\u{0645}' => (0xFEE1, 4),
        '\u{0646}' => (0xFEE5, 4),
        '\u{0647}' => (0xFEE9, 4),
        '\u{0648}' => (0xFEED, 2),
        '\u{0649}' => (0xFEEF, 2),
        '\u{064A}' => (0xFEF1, 4),
        _ => return None,
    })
}

/// Lam followed by these alefs is written as one ligature (isolated form; the final follows).
fn lam_alef(alef: char) -> Option<u32> {
    Some(match alef {
        '\u{0622}' => 0xFEF5,
        '\u{0623}' => 0xFEF7,
        '\u{0625}' => 0xFEF9,
        '\u{0627}' => 0xFEFB,
        _ => return None,
    })
}

/// Marks drawn over or under a letter; they do not break joining.
fn is_transparent(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Whether `c` connects to the letter after it.
fn joins_forward(c: char) -> bool {
    c == '\u{0640}' || arabic_forms(c).is_some_and(|(_, n)| n == 4)
}

/// Whether `c` connects to the letter before it.
fn joins_backward(c: char) -> bool {
    c == '\u{0640}' || arabic_forms(c).is_some_and(|(_, n)| n >= 2)
}

/// Arabic letters replaced by their contextual forms (isolated, initial,
/// medial, final; lam-alef ligatures), in logical order. The PDF draws one
/// glyph per character, so without this Arabic would show as unjoined
/// letters. Other text is left as it is.
fn shape_arabic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let neighbour = |from: usize, step: isize| -> Option<char> {
        let mut i = from as isize + step;
        while i >= 0 && (i as usize) < chars.len() {
            let c = chars[i as usize];
            if !is_transparent(c) {
                return Some(c);
            }
            i += step;
        }
        None
    };
    let mut out = String::with_capacity(text.len());
    let mut skip_alef = false;
    for (i, &c) in chars.iter().enumerate() {
        if skip_alef && lam_alef(c).is_some() {
            skip_alef = false;
            continue;
        }
        skip_alef = false;
        let Some((isolated, forms)) = arabic_forms(c) else {
            out.push(c);
            continue;
        };
        let after = neighbour(i, -1).is_some_and(joins_forward);
        if c == '\u{0644}' {
            if let Some(ligature) = neighbour(i, 1).and_then(lam_alef) {
                let form = ligature + u32::from(after);
                out.push(char::from_u32(form).unwrap_or(c));
                skip_alef = true;
                continue;
            }
        }
        let before = forms == 4 && neighbour(i, 1).is_some_and(joins_backward);
        let offset = match (after, before) {
            (false, false) => 0,
            (true, false) if forms >= 2 => 1,
            (false, true) => 2,
            (true, true) => 3,
            _ => 0,
        };
        out.push(char::from_u32(isolated + offset).unwrap_or(c));
    }
    out
}

/// The letters a drawn form stands for (for the PDF's ToUnicode map).
fn unshaped(c: char) -> Vec<char> {
    let code = u32::from(c);
    if (0xFEF5..=0xFEFC).contains(&code) {
        let alef = ['\u{0622}', '\u{0623}', '\u{0625}', '\u{0627}'][((code - 0xFEF5) / 2) as usize];
        return vec!['\u{0644}', alef];
    }
    if (0xFE80..=0xFEF4).contains(&code) {
        for base in '\u{0621}'..='\u{064A}' {
            if let Some((isolated, forms)) = arabic_forms(base) {
                if (isolated..isolated + forms).contains(&code) {
                    return vec![base];
                }
            }
        }
    }
    vec![c]
}

/// Display order of one line (the bidi algorithm's reordering), with
/// brackets mirrored inside right-to-left runs.
fn visual(line: &str, rtl: bool) -> String {
    let level = rtl.then(unicode_bidi::Level::rtl);
    let bidi = unicode_bidi::BidiInfo::new(line, level);
    let Some(para) = bidi.paragraphs.first() else {
        return line.to_string();
    };
    let (levels, runs) = bidi.visual_runs(para, para.range.clone());
    let mut out = String::with_capacity(line.len());
    for run in runs {
        let text = &line[run.clone()];
        if levels.get(run.start).is_some_and(|l| l.is_rtl()) {
            out.extend(text.chars().rev().map(mirrored));
        } else {
            out.push_str(text);
        }
    }
    out
}

/// The mirror image of a bracket, as right-to-left text shows it.
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        other => other,
    }
}

/// Lays out title and blocks into pages of lines.
fn layout(faces: &Faces<'_>, markdown: &str, title: &str, rtl: bool) -> Vec<Vec<Line>> {
    let width = PAGE_W - 2.0 * MARGIN;
    let mut pages: Vec<Vec<Line>> = vec![Vec::new()];
    let mut y = PAGE_H - MARGIN;
    let place = |pages: &mut Vec<Vec<Line>>, y: &mut f32, text: &str, size: f32, indent: f32| {
        let leading = size * 1.4;
        if *y - leading < MARGIN + 20.0 {
            pages.push(Vec::new());
            *y = PAGE_H - MARGIN;
        }
        *y -= leading;
        let shown = visual(text, rtl);
        let line_width = faces.width(&shown, size);
        let x = if rtl {
            PAGE_W - MARGIN - indent - line_width
        } else {
            MARGIN + indent
        };
        if let Some(page) = pages.last_mut() {
            page.push(Line {
                x,
                y: *y,
                size,
                glyphs: glyphs(faces, &shown),
            });
        }
    };
    for line in wrap(faces, &shape_arabic(title), Style::H1.size(), width) {
        place(&mut pages, &mut y, &line, Style::H1.size(), 0.0);
    }
    y -= 8.0;
    for block in blocks(markdown) {
        if block.style == Style::Rule {
            y -= 10.0;
            continue;
        }
        let size = block.style.size();
        let indent = 16.0 * block.indent as f32;
        if matches!(block.style, Style::H1 | Style::H2 | Style::H3) {
            y -= size * 0.6;
        }
        for line in wrap(faces, &shape_arabic(&block.text), size, width - indent) {
            place(&mut pages, &mut y, &line, size, indent);
        }
        y -= size * 0.5;
    }
    // Page numbers.
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let label = format!("{} / {count}", i + 1);
        page.push(Line {
            x: PAGE_W / 2.0 - faces.width(&label, 9.0) / 2.0,
            y: MARGIN / 2.0,
            size: 9.0,
            glyphs: glyphs(faces, &label),
        });
    }
    pages
}

/// Renders Markdown to an A4 PDF with a title line and page numbers.
pub fn pdf(
    fonts: &Fonts,
    markdown: &str,
    title: &str,
    language: Language,
) -> Result<Vec<u8>, RenderError> {
    use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

    let faces = Faces::parse(fonts)?;
    let pages = layout(&faces, markdown, title, is_rtl(language));

    // Which glyphs of which font are used, and the character each stands for.
    let mut used: Vec<(subsetter::GlyphRemapper, BTreeMap<u16, Vec<char>>)> = faces
        .faces
        .iter()
        .map(|_| (subsetter::GlyphRemapper::new(), BTreeMap::new()))
        .collect();
    for page in &pages {
        for line in page {
            for (font, glyph, c) in &line.glyphs {
                if let Some((remapper, chars)) = used.get_mut(*font) {
                    remapper.remap(*glyph);
                    // Text extraction gives back the letters written, not their drawn forms.
                    chars.entry(*glyph).or_insert_with(|| unshaped(*c));
                }
            }
        }
    }

    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let (catalog, tree, info) = (alloc(), alloc(), alloc());
    let mut pdf = Pdf::new();
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    // One Type0 font per font actually used; its resource name is F<index>.
    let mut resources: Vec<(String, Ref)> = Vec::new();
    for (i, ((face, per_em), (remapper, chars))) in faces.faces.iter().zip(&used).enumerate() {
        if i > 0 && remapper.num_gids() <= 1 {
            continue;
        }
        let file = &fonts.files[i];
        let subset = subsetter::subset(&file.data, file.index, remapper)
            .map_err(|e| RenderError::Font(format!("{}: {e:?}", file.name)))?;
        let (type0, cid, descriptor, data, cmap) = (alloc(), alloc(), alloc(), alloc(), alloc());
        let base = format!("PLENA{}+{}", char::from(b'A' + (i % 26) as u8), file.name);
        let font_name = Name(base.as_bytes());
        pdf.type0_font(type0)
            .base_font(font_name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);
        let widths: Vec<f32> = remapper
            .remapped_gids()
            .map(|old| faces.advance(i, old) * 1000.0)
            .collect();
        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(font_name)
            .system_info(system)
            .font_descriptor(descriptor)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid_font.widths().consecutive(0, widths);
        cid_font.finish();
        let bbox = face.global_bounding_box();
        let scale = |v: i16| f32::from(v) * 1000.0 / per_em;
        pdf.font_descriptor(descriptor)
            .name(font_name)
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                scale(bbox.x_min),
                scale(bbox.y_min),
                scale(bbox.x_max),
                scale(bbox.y_max),
            ))
            .italic_angle(0.0)
            .ascent(scale(face.ascender()))
            .descent(scale(face.descender()))
            .cap_height(scale(face.capital_height().unwrap_or(700)))
            .stem_v(80.0)
            .font_file2(data);
        pdf.stream(data, &subset).pair(
            Name(b"Length1"),
            i32::try_from(subset.len()).unwrap_or(i32::MAX),
        );
        let mut unicode = UnicodeCmap::new(Name(b"Custom"), system);
        for (old, c) in chars {
            if let Some(new) = remapper.get(*old) {
                if *old != 0 {
                    unicode.pair_with_multiple(new, c.iter().copied());
                }
            }
        }
        pdf.cmap(cmap, &unicode.finish());
        resources.push((format!("F{i}"), type0));
    }

    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Plenary"));
    for (page, (page_ref, content_ref)) in pages.iter().zip(&page_refs) {
        let mut content = Content::new();
        for line in page {
            content.begin_text();
            content.next_line(line.x, line.y);
            // Runs of one font; the text position moves on by the widths shown.
            let mut rest = line.glyphs.as_slice();
            while let Some(&(font, _, _)) = rest.first() {
                let run = rest.iter().take_while(|(f, _, _)| *f == font).count();
                let remapper = &used[font].0;
                let bytes: Vec<u8> = rest[..run]
                    .iter()
                    .flat_map(|(_, g, _)| remapper.get(*g).unwrap_or(0).to_be_bytes())
                    .collect();
                let name = format!("F{font}");
                content.set_font(Name(name.as_bytes()), line.size);
                content.show(Str(&bytes));
                rest = &rest[run..];
            }
            content.end_text();
        }
        let stream = content.finish();
        pdf.stream(*content_ref, stream.as_slice());
        let mut p = pdf.page(*page_ref);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_ref);
        let mut page_resources = p.resources();
        let mut fonts_dict = page_resources.fonts();
        for (name, r) in &resources {
            fonts_dict.pair(Name(name.as_bytes()), *r);
        }
        fonts_dict.finish();
        page_resources.finish();
        p.finish();
    }
    Ok(pdf.finish())
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

    #[test]
    fn pdf_holds_searchable_text_and_nothing_active() {
        let markdown = format!(
            "# Summary\n\n1. **France** (10:00:00, 2 min)\n2. Российская Федерация\n\n{}\n\n{}",
            "A long paragraph of text that has to wrap across lines. ".repeat(200),
            XSS.join("\n\n")
        );
        let bytes = pdf(&Fonts::default(), &markdown, "A/C.2/57/SR.1", Language::En).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
        let raw = String::from_utf8_lossy(&bytes);
        for active in ACTIVE_PDF_NAMES {
            assert!(!raw.contains(active), "{active} in the PDF");
        }
        let text = pdf_extract::extract_text_from_mem(&bytes).expect("text");
        assert!(text.contains("Summary"), "{text}");
        assert!(text.contains("France"));
        assert!(text.contains("Российская Федерация"));
        assert!(text.contains("1 / "), "page numbers");
        assert!(!text.contains("alert('s1')"), "script content is dropped");
        // The whole font is not embedded, only the glyphs used.
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    }

    #[test]
    fn chinese_is_drawn_with_the_fallback_font() {
        let droid =
            std::path::PathBuf::from("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
        assert!(
            droid.is_file(),
            "infra/setup.sh installs fonts-droid-fallback"
        );
        let fonts = Fonts::with_fallbacks(&[droid]).expect("fonts");
        let text = "第二委员会第12次会议。主席宣布开会。 English and Русский too.";
        let bytes = pdf(&fonts, &text.repeat(20), "简要记录", Language::Zh).expect("pdf");
        let raw = String::from_utf8_lossy(&bytes);
        assert!(
            raw.contains("+DejaVuSans") && raw.contains("+DroidSansFallbackFull"),
            "both fonts embedded"
        );
        let extracted = pdf_extract::extract_text_from_mem(&bytes).expect("text");
        let squeezed: String = extracted.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            squeezed.contains("第二委员会第12次会议。主席宣布开会。"),
            "{extracted}"
        );
        assert!(squeezed.contains("简要记录"));
        assert!(bytes.len() < 400_000, "subsets only: {} bytes", bytes.len());
        // A font that cannot be used is refused with its path.
        let err = Fonts::with_fallbacks(&["/nonexistent.ttf".into()]).expect_err("missing");
        assert!(err.to_string().contains("/nonexistent.ttf"));
    }

    #[test]
    fn arabic_letters_take_their_joined_forms() {
        // م ر ح ب ا: initial, final, initial, medial, final.
        assert_eq!(
            shape_arabic("مرحبا"),
            "\u{FEE3}\u{FEAE}\u{FEA3}\u{FE92}\u{FE8E}"
        );
        // Lam-alef is one ligature; the letter after it starts anew.
        assert_eq!(shape_arabic("سلام"), "\u{FEB3}\u{FEFC}\u{FEE1}");
        assert_eq!(shape_arabic("لا"), "\u{FEFB}");
        // Marks do not break joining; spaces and Latin text do.
        assert_eq!(shape_arabic("بَب"), "\u{FE91}\u{064E}\u{FE90}");
        assert_eq!(shape_arabic("ب ب"), "\u{FE8F} \u{FE8F}");
        assert_eq!(shape_arabic("A/57 ok"), "A/57 ok");
        // Every drawn form maps back to the letters written.
        for word in ["مرحبا", "سلام", "الأمم المتحدة", "لإ لآ لأ"] {
            let back: String = shape_arabic(word).chars().flat_map(unshaped).collect();
            assert_eq!(back, word);
        }
        // DejaVu Sans has every form drawn.
        let fonts = Fonts::default();
        let faces = Faces::parse(&fonts).expect("faces");
        for code in 0xFE80..=0xFEFC {
            let c = char::from_u32(code).expect("char");
            assert_ne!(faces.glyph(c).1, 0, "{code:X} has a glyph");
        }
    }

    #[test]
    fn right_to_left_lines_are_reordered_and_right_aligned() {
        assert_eq!(visual("abc", false), "abc");
        assert_eq!(visual("אבג", true), "גבא");
        assert_eq!(visual("א (ב)", true), "(ב) א");
        assert_eq!(visual("ab (c) אב", false), "ab (c) בא");
        let bytes = pdf(&Fonts::default(), "مرحبا بالعالم", "محضر", Language::Ar).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
