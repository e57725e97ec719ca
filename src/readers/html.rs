//! Web pages: the article, not the page. The body comes from `dom_smoothie`, a Rust port of
//! Mozilla's Readability (what Firefox's Reader View uses), which scores the page's blocks
//! and keeps the article's, leaving out navigation, menus, banners, comments, related links
//! and footers. Scripts and styles never reach the text. Headings, paragraphs and list items
//! become paragraphs; entities are decoded and white space normalised.
//!
//! The page's own metadata is read before: the title (`og:title`, then `<title>`, then the
//! first `h1`), the publication date (`article:published_time`, JSON-LD `datePublished`, or
//! the first `<time datetime>`), the byline and the canonical URL.

use std::path::Path;

use dom_query::Document as Dom;

use super::{Document, ReadError, clean_title, decode, join_paragraphs};

/// A page with fewer words than this in its article has none: a login form, a menu, a shell
/// that scripts fill in.
const MIN_ARTICLE_WORDS: usize = 25;

/// Pages with more elements than this are cut off by Readability (a guard against
/// pathological pages).
const MAX_ELEMENTS: usize = 200_000;

/// Reads a web page's bytes, in whatever character set the page declares or uses.
pub fn read(path: &Path, bytes: &[u8]) -> Result<(Document, Vec<String>), ReadError> {
    let (html, encoding) = decode::decode_markup(bytes);
    let mut warnings = Vec::new();
    if let Some(encoding) = encoding {
        log::info!("{}: decoded as {encoding}", path.display());
    }
    let document = read_page(path, &html, &mut warnings)?;
    Ok((document, warnings))
}

/// Reads a page's HTML: its metadata and its article.
pub fn read_page(
    path: &Path,
    html: &str,
    warnings: &mut Vec<String>,
) -> Result<Document, ReadError> {
    let read = without_unread_parts(html);
    let dom = Dom::from(read.as_ref());
    let mut document = metadata(&dom);
    let no_article = || ReadError::NoArticle {
        path: path.to_owned(),
    };
    // Readability's strict pass first, on the tree just parsed. Readability itself would
    // keep a copy of the tree for a retry with looser rules; the copy is made here only
    // when the strict pass finds too little, by parsing the page again.
    let article = match readability_article(dom, Some(dom_smoothie::ParsePolicy::Strict)) {
        Ok(article) if article.length >= STRICT_PASS_MIN_CHARS => Ok(article),
        _ => {
            log::debug!("{}: Readability's looser passes", path.display());
            readability_article(Dom::from(read.as_ref()), None)
        }
    };
    let article = match article {
        Ok(article) => article,
        Err(dom_smoothie::ReadabilityError::TooManyElements(..)) => {
            warnings.push(format!(
                "{}: the page has over {MAX_ELEMENTS} elements; only its start was read",
                path.display()
            ));
            return Err(no_article());
        }
        Err(err) => {
            log::info!("{}: {err}", path.display());
            return Err(no_article());
        }
    };
    if document.byline.is_none() {
        document.byline = article.byline.as_deref().and_then(clean_byline);
    }
    document.body = without_repeated_header(&text_paragraphs(&article.text_content), &document);
    if document.body.split_whitespace().count() < MIN_ARTICLE_WORDS {
        return Err(no_article());
    }
    if document.title.is_none() {
        document.title = clean_title(&article.title);
    }
    if document.published.is_none() {
        document.published = article.published_time.as_deref().and_then(clean_title);
    }
    Ok(document)
}

/// Below this many characters, Readability's strict pass is taken to have missed the
/// article, and its looser passes run (Readability's own `char_threshold`).
const STRICT_PASS_MIN_CHARS: usize = 500;

/// The article Readability finds in `dom`: with one policy, or with its retries from strict
/// to raw when `policy` is `None`. The page's JSON-LD is read by [`metadata`], not again here.
fn readability_article(
    dom: Dom,
    policy: Option<dom_smoothie::ParsePolicy>,
) -> Result<dom_smoothie::Article, dom_smoothie::ReadabilityError> {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        disable_json_ld: true,
        ..Default::default()
    };
    let mut readability = dom_smoothie::Readability::with_document(dom, None, Some(config))?;
    match policy {
        Some(policy) => readability.parse_with_policy(policy),
        None => readability.parse(),
    }
}

/// The page without the parts that never reach the article or its metadata: scripts (JSON-LD
/// kept), styles, SVG drawings and comments, cut where the HTML tokenizer ends them, and the
/// page's furniture ([`FURNITURE`]: navigation, asides, footers, forms' controls, frames),
/// cut where their own closing tag balances them. On a news page they are well over half of
/// the bytes, and the parser's time goes with them.
pub fn without_unread_parts(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut kept = String::new();
    let mut copied = 0; // bytes[..copied] are in `kept` (or skipped)
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &bytes[start + 1..];
        let end_of_cut = if rest.starts_with(b"!--") {
            Some(comment_end(bytes, start))
        } else if let Some(name) = RAW_TEXT
            .into_iter()
            .find(|name| starts_with_tag(rest, name))
        {
            let tag_end = tag_end(bytes, start + 1 + name.len());
            let is_json_ld = name == "script"
                && memchr::memmem::find(&bytes[start..tag_end].to_ascii_lowercase(), b"ld+json")
                    .is_some();
            let close = closing_tag(bytes, tag_end, name);
            if is_json_ld {
                at = close.unwrap_or(bytes.len());
                continue;
            }
            // An SVG that is never closed is left as it is; raw text runs to the end.
            match close {
                None if name == "svg" => None,
                close => Some(close.unwrap_or(bytes.len())),
            }
        } else if let Some(name) = FURNITURE
            .into_iter()
            .find(|name| starts_with_tag(rest, name))
        {
            balanced_end(bytes, tag_end(bytes, start + 1 + name.len()), name)
        } else {
            // Any other tag is passed over whole, quotes and all, so that a "<script" inside
            // an attribute's value is not taken for a tag.
            at = if rest.first().is_some_and(u8::is_ascii_alphabetic) {
                tag_end(bytes, start + 1)
            } else {
                start + 1
            };
            continue;
        };
        if let Some(end) = end_of_cut {
            kept.push_str(&html[copied..start]);
            copied = end;
            at = end;
        } else {
            at = start + 1;
        }
        if at >= bytes.len() {
            break;
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    kept.push_str(&html[copied.min(html.len())..]);
    std::borrow::Cow::Owned(kept)
}

/// Elements whose content the tokenizer reads as raw text, up to their closing tag, and
/// which never hold the article: scripts, styles, and SVG drawings (not raw text, but never
/// prose).
const RAW_TEXT: [&str; 3] = ["script", "style", "svg"];

/// The page's furniture: elements that Readability leaves out of every article it keeps
/// (`aside`, `footer`, `iframe`, forms' controls, `noscript`, `object`), and `nav`, which
/// HTML reserves for menus. One that holds the page's `article`, `main` or `h1` (the
/// markup is then not what it seems), or its byline or date, is kept.
const FURNITURE: [&str; 10] = [
    "nav", "aside", "footer", "noscript", "iframe", "select", "button", "textarea", "template",
    "object",
];

/// Words in a tag that mark the article's byline or date ("entry-footer" holding "<time
/// datetime>" and "byline author"): furniture holding one is kept for [`metadata`].
const METADATA_MARKS: [&[u8]; 4] = [b"author", b"byline", b"datetime", b"published"];

/// The offset just past `-->` for the comment opening at `start`; the end if never closed.
fn comment_end(bytes: &[u8], start: usize) -> usize {
    find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3)
}

/// The offset just past the `</name>` that closes the element `name` whose opening tag ends
/// at `from`, counting the same elements nested inside it and skipping comments, scripts and
/// styles. `None` when it is never closed, or when it holds the page's main content.
fn balanced_end(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut depth = 1;
    let mut at = from;
    while let Some(offset) = memchr::memchr(b'<', bytes.get(at..)?) {
        let start = at + offset;
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            at = comment_end(bytes, start);
        } else if let Some(raw) = ["script", "style"]
            .into_iter()
            .find(|raw| starts_with_tag(rest, raw))
        {
            at = closing_tag(bytes, start + 1 + raw.len(), raw)?;
        } else if rest.first() == Some(&b'/') && starts_with_tag(&rest[1..], name) {
            depth -= 1;
            at = tag_end(bytes, start + 2 + name.len());
            if depth == 0 {
                return Some(at);
            }
        } else if starts_with_tag(rest, name) {
            depth += 1;
            at = tag_end(bytes, start + 1 + name.len());
        } else if ["article", "main", "h1"]
            .into_iter()
            .any(|main| starts_with_tag(rest, main))
        {
            return None;
        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            at = tag_end(bytes, start + 1);
            let tag = &bytes[start..at];
            if METADATA_MARKS
                .iter()
                .any(|mark| memchr::memmem::find(tag, mark).is_some())
            {
                return None;
            }
        } else {
            at = start + 1;
        }
    }
    None
}

/// Whether `rest` (the bytes after a `<`) opens the element `name` (any case).
fn starts_with_tag(rest: &[u8], name: &str) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(
            rest[name.len()],
            b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
        )
}

/// The offset just past the `>` that ends the tag whose name ends at `from`, quoted values
/// skipped; the end of the text if it is never closed.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The offset just past `</name ...>` at or after `from` (any case), if there is one.
fn closing_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(start) = find(bytes, at, b"</") {
        if starts_with_tag(&bytes[start + 2..], name) {
            return Some(
                memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1),
            );
        }
        at = start + 2;
    }
    None
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|i| from + i)
}

/// `body` without the leading paragraphs that only repeat what the reading panel's header
/// shows: the headline and the byline ("By …").
fn without_repeated_header(body: &str, document: &Document) -> String {
    let repeats = |paragraph: &str| {
        let paragraph = paragraph.trim();
        let bare = paragraph
            .strip_prefix("By ")
            .or_else(|| paragraph.strip_prefix("by "))
            .unwrap_or(paragraph);
        document.title.as_deref() == Some(paragraph) || document.byline.as_deref() == Some(bare)
    };
    let mut rest = body;
    for _ in 0..3 {
        match rest.split_once("\n\n") {
            Some((first, after)) if repeats(first) => rest = after,
            _ => break,
        }
    }
    rest.to_owned()
}

/// The text of an HTML fragment (a feed item's content): scripts, styles and forms left
/// out, blocks as paragraphs. No boilerplate removal: a feed's content is the article.
pub fn fragment_text(html: &str) -> String {
    let dom = Dom::fragment(html);
    dom.select("script, style, noscript, template, iframe, object, form, button")
        .remove();
    text_paragraphs(&dom.formatted_text())
}

/// Formatted text (a line per block) as paragraphs separated by a blank line.
fn text_paragraphs(text: &str) -> String {
    join_paragraphs(text.split('\n'))
}

/// What the page says about itself. The body is left empty.
pub fn metadata(dom: &Dom) -> Document {
    // The page's <meta> elements, read in one pass: (name, property or itemprop, lowercase;
    // content).
    let metas: Vec<(String, String)> = dom
        .select("meta[content]")
        .iter()
        .filter_map(|node| {
            let key = node
                .attr("property")
                .or_else(|| node.attr("name"))
                .or_else(|| node.attr("itemprop"))?;
            Some((key.to_lowercase(), node.attr("content")?.to_string()))
        })
        .collect();
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|wanted| {
            metas
                .iter()
                .filter(|(key, _)| key == wanted)
                .find_map(|(_, content)| clean_text(content))
        })
    };
    let json_ld = json_ld(dom);
    let from_json_ld = |key: &str| json_ld.iter().find_map(|value| find_key(value, key));
    let page_title = clean_text(&dom.select("head title").first().text())
        .or_else(|| clean_text(&dom.select("title").first().text()));
    let title = meta(&["og:title", "twitter:title"])
        .or_else(|| page_title.clone())
        .or_else(|| from_json_ld("headline"))
        .or_else(|| clean_text(&dom.select("h1").first().text()))
        .map(|t| without_site_name(&t));
    let url = dom
        .select("link[rel='canonical']")
        .iter()
        .find_map(|node| node.attr("href").and_then(|h| clean_text(&h)))
        .or_else(|| meta(&["og:url"]));
    let published = meta(&[
        "article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publish-date",
        "dc.date",
        "dc.date.issued",
        "sailthru.date",
        "parsely-pub-date",
    ])
    .or_else(|| {
        // Other names sites give it: "article:publicationdate", "publish_time", …
        metas.iter().find_map(|(key, content)| {
            (key.contains("publi") && (key.contains("date") || key.contains("time")))
                .then(|| clean_text(content))
                .flatten()
        })
    })
    .or_else(|| from_json_ld("datePublished"))
    .or_else(|| from_json_ld("dateCreated"))
    .or_else(|| {
        dom.select("time[datetime]")
            .iter()
            .find_map(|node| node.attr("datetime").and_then(|d| clean_text(&d)))
    })
    .map(|date| iso_date(&date).unwrap_or(date))
    .or_else(|| {
        // "Headline | Site | 19.01.2020"
        page_title
            .iter()
            .chain(&title)
            .flat_map(|t| t.split(['|', '·']))
            .find_map(iso_date)
    })
    .or_else(|| url.as_deref().and_then(date_in_url));
    let byline = meta(&["author", "article:author"])
        .filter(|author| !author.starts_with("http"))
        .or_else(|| from_json_ld("author"))
        .or_else(|| {
            let node = dom
                .select("[rel='author'], .byline, [itemprop='author']")
                .first();
            clean_text(&node.text())
        })
        // Some sites' JSON-LD names the author only as its "creator", at times a user name.
        .or_else(|| from_json_ld("creator"))
        .and_then(|b| clean_byline(&b));
    Document {
        title,
        published,
        byline,
        url,
        body: String::new(),
    }
}

/// Text from the page's metadata, with any entities left in it decoded (JSON-LD and some
/// sites' attributes carry `&#039;` as it is) and white space normalised.
fn clean_text(text: &str) -> Option<String> {
    if text.contains('&') && text.contains(';') {
        let decoded = Dom::fragment(format!("<p>{}</p>", text.replace('<', "&lt;"))).text();
        return clean_title(&decoded);
    }
    clean_title(text)
}

/// A page title without the site's name that many pages add: "Headline | Site" → "Headline".
/// The first part is kept when it is a headline of three words or more, else the longest.
fn without_site_name(title: &str) -> String {
    let parts: Vec<&str> = title
        .split(" | ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [] | [_] => title.to_owned(),
        [first, ..] if first.split_whitespace().count() >= 3 => (*first).to_owned(),
        _ => parts
            .iter()
            .max_by_key(|p| p.len())
            .map_or_else(|| title.to_owned(), |p| (*p).to_owned()),
    }
}

/// A byline as a name: "by: Jane Roe" and "Jane Roe - Apr 16, 2015 8:02 pm" become "Jane Roe".
fn clean_byline(byline: &str) -> Option<String> {
    let mut name = byline.trim();
    for prefix in ["by:", "by "] {
        if name.len() > prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix) {
            name = name[prefix.len()..].trim_start();
        }
    }
    for separator in [" - ", " | ", " — ", " – "] {
        if let Some((before, after)) = name.split_once(separator)
            && after.chars().any(|c| c.is_ascii_digit())
        {
            name = before.trim_end();
        }
    }
    clean_title(name)
}

/// A date in `text` as ISO 8601: ISO itself (kept whole, with its time), "19.01.2020",
/// "March 13, 2015", "13 March 2015" or "Fri Mar 13 21:30:09 EST 2015" (the date only).
pub fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    let valid = |y: u32, m: u32, d: u32| {
        (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    let bytes = text.as_bytes();
    if bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && let (Ok(y), Ok(m), Ok(d)) = (text[0..4].parse(), text[5..7].parse(), text[8..10].parse())
        && valid(y, m, d)
    {
        return Some(text.to_owned());
    }
    let numbers: Vec<&str> = text.split(['.', '/']).map(str::trim).collect();
    if let [d, m, y] = numbers.as_slice()
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<u32>())
        && y > 1900
        && valid(y, m, d)
    {
        return Some(format!("{y:04}-{m:02}-{d:02}"));
    }
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let month = words.iter().find_map(|w| {
        let w = w.trim_end_matches('.');
        // A month's name or its abbreviation ("Mar", "Sept"), not a word that starts alike.
        (w.len() >= 3)
            .then(|| {
                super::MONTH_NAMES
                    .iter()
                    .position(|m| m.get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w)))
            })
            .flatten()
    })? as u32
        + 1;
    let number = |w: &String| {
        w.trim_end_matches(|c: char| c.is_alphabetic())
            .parse::<u32>()
            .ok()
    };
    let day = words
        .iter()
        .filter_map(number)
        .find(|n| (1..=31).contains(n))?;
    let year = words
        .iter()
        .filter_map(number)
        .find(|n| (1900..=2100).contains(n))?;
    (words.len() <= 8 && valid(year, month, day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The date in a news URL's path: `/2015/03/18/`.
fn date_in_url(url: &str) -> Option<String> {
    let parts: Vec<&str> = url.split('/').collect();
    parts.windows(3).find_map(|w| {
        let (y, m, d) = (
            w[0].parse::<u32>().ok()?,
            w[1].parse::<u32>().ok()?,
            w[2].get(..2)?.parse::<u32>().ok()?,
        );
        (w[0].len() == 4
            && w[1].len() == 2
            && (1990..=2100).contains(&y)
            && (1..=12).contains(&m)
            && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
    })
}

/// The page's JSON-LD blocks, parsed; blocks that are not JSON are skipped.
fn json_ld(dom: &Dom) -> Vec<serde_json::Value> {
    dom.select("script[type='application/ld+json']")
        .iter()
        .filter_map(|node| {
            let text = node.text();
            // Some sites wrap it as XHTML would: <![CDATA[ … ]]>.
            let text = text.trim();
            let text = text
                .strip_prefix("<![CDATA[")
                .and_then(|t| t.strip_suffix("]]>"))
                .unwrap_or(text);
            serde_json::from_str(text.trim()).ok()
        })
        .collect()
}

/// The first string value of `key` anywhere in `value` (objects, arrays and `@graph`s),
/// searched breadth-first. A person or organisation (`{"name": …}`), or a list of them, gives
/// its names.
fn find_key(value: &serde_json::Value, key: &str) -> Option<String> {
    let mut queue = std::collections::VecDeque::from([value]);
    while let Some(value) = queue.pop_front() {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(found) = map.get(key).and_then(as_text) {
                    return Some(found);
                }
                queue.extend(map.values());
            }
            serde_json::Value::Array(items) => queue.extend(items),
            _ => {}
        }
    }
    None
}

fn as_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => clean_text(text),
        serde_json::Value::Object(map) => map.get("name").and_then(as_text),
        serde_json::Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(as_text).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head>
        <title>Harbour talks | The Daily</title>
        <meta property="og:title" content="Harbour talks open in Tallinn">
        <link rel="canonical" href="https://example.com/harbour">
        <script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",
          "datePublished": "2024-05-02T08:00:00Z", "author": [{"name": "Ann Lee"}]}]}</script>
        <script>var office = "Madrid";</script><style>.x { content: "Lisbon" }</style>
        </head><body>
        <nav class="menu"><a href="/">Home</a> <a href="/b">Berlin office</a></nav>
        <article><h1>Harbour talks open in Tallinn</h1>
        <p>Ministers from Estonia and Finland met in Tallinn on Thursday to discuss a new ferry
        link across the Gulf of Finland, officials said after the first day of talks.</p>
        <p>The link would connect Tallinn with Helsinki in under an hour, cutting the journey
        by half for the thousands of people who commute between the two capitals each week.</p>
        <ul><li>Tartu &amp; P&auml;rnu would get new bus links.</li></ul>
        </article>
        <footer>Offices in Oslo and Vienna. &copy; The Daily</footer></body></html>"#;

    #[test]
    fn a_page_gives_its_article_and_metadata_without_menus_scripts_or_footer() {
        let mut warnings = Vec::new();
        let doc = read_page(Path::new("p.html"), PAGE, &mut warnings).unwrap();
        assert_eq!(doc.title.as_deref(), Some("Harbour talks open in Tallinn"));
        assert_eq!(doc.published.as_deref(), Some("2024-05-02T08:00:00Z"));
        assert_eq!(doc.byline.as_deref(), Some("Ann Lee"));
        assert_eq!(doc.url.as_deref(), Some("https://example.com/harbour"));
        assert!(
            doc.body
                .contains("Ministers from Estonia and Finland met in Tallinn")
        );
        assert!(
            doc.body.contains("Tartu & Pärnu would get new bus links."),
            "{}",
            doc.body
        );
        for boilerplate in ["Madrid", "Lisbon", "Berlin", "Oslo", "Vienna", "<"] {
            assert!(
                !doc.body.contains(boilerplate),
                "{boilerplate} in {}",
                doc.body
            );
        }
        assert!(
            doc.body
                .contains("said after the first day of talks.\n\nThe link")
        );
    }

    #[test]
    fn a_page_without_an_article_is_refused() {
        let login = r#"<html><head><title>Sign in</title></head><body><nav>Home</nav>
            <form><label>User name</label><input name=u><label>Password</label>
            <input type=password><button>Sign in</button></form>
            <footer>Help · Privacy</footer></body></html>"#;
        let err = read_page(Path::new("login.html"), login, &mut Vec::new()).unwrap_err();
        assert!(matches!(err, ReadError::NoArticle { .. }), "{err}");
        let shell = r#"<html><head><script src="app.js"></script></head>
            <body><div id="root"></div><script>render("Paris")</script></body></html>"#;
        let err = read_page(Path::new("app.html"), shell, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("app.html"), "{err}");
    }

    #[test]
    fn dates_are_found_in_the_forms_sites_write_them() {
        assert_eq!(
            iso_date("2024-05-02T08:00:00Z").as_deref(),
            Some("2024-05-02T08:00:00Z")
        );
        assert_eq!(iso_date(" 19.01.2020 ").as_deref(), Some("2020-01-19"));
        assert_eq!(
            iso_date("Fri Mar 13 21:30:09 EST 2015").as_deref(),
            Some("2015-03-13")
        );
        assert_eq!(iso_date("March 13, 2015").as_deref(), Some("2015-03-13"));
        assert_eq!(iso_date("13 Sept. 2015").as_deref(), Some("2015-09-13"));
        assert_eq!(iso_date("DW"), None);
        assert_eq!(iso_date("Mayor of 12 towns since 2015"), None);
        assert_eq!(
            date_in_url("http://example.com/2015/02/26/dress-stolen/").as_deref(),
            Some("2015-02-26")
        );
        assert_eq!(date_in_url("http://example.com/a/52060881"), None);
    }

    #[test]
    fn titles_lose_the_site_name_and_bylines_their_decoration() {
        assert_eq!(
            without_site_name("Berlin opens a port | DW | 19.01.2020"),
            "Berlin opens a port"
        );
        assert_eq!(
            without_site_name("News | A long headline about Oslo"),
            "A long headline about Oslo"
        );
        assert_eq!(without_site_name("Oslo -- STOLEN!!!"), "Oslo -- STOLEN!!!");
        assert_eq!(clean_byline("by: Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(
            clean_byline("Jane Roe - Apr 16, 2015 8:02 pm UTC").as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(
            clean_text("Lindsey O&#039;Donnell").as_deref(),
            Some("Lindsey O'Donnell")
        );
    }

    #[test]
    fn scripts_styles_svg_and_comments_are_cut_as_the_tokenizer_ends_them() {
        let page = concat!(
            "<p title=\"<script>\">A</p><SCRIPT src=x>var a = '</p>';</script >B",
            "<style>p{}</style><!-- C --><svg><text>D</text></svg>E",
            "<script type=\"application/ld+json\">{\"x\": 1}</script><scripts>F",
            "<script>never closed"
        );
        assert_eq!(
            without_unread_parts(page),
            "<p title=\"<script>\">A</p>BE<script type=\"application/ld+json\">{\"x\": 1}</script><scripts>F"
        );
        assert!(matches!(
            without_unread_parts("<p>Plain</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(without_unread_parts("<!-- open"), "");
        assert_eq!(without_unread_parts("a<svg>b"), "a<svg>b");
        assert_eq!(without_unread_parts("<"), "<");
    }

    #[test]
    fn furniture_is_cut_where_its_own_closing_tag_balances_it() {
        let page = concat!(
            "<nav>Menu <nav>Sub</nav><script>'</nav>'</script> Rest</nav><p>A</p>",
            "<aside><!-- </aside> -->Related</aside><p>B</p>",
            "<FOOTER class=x>Contact</FOOTER><button>Share</button>"
        );
        assert_eq!(without_unread_parts(page), "<p>A</p><p>B</p>");
        // A menu that holds the article is not what it seems, and one never closed is left.
        let odd = "<nav><article><p>Story</p></article></nav><aside>Open";
        assert_eq!(without_unread_parts(odd), odd);
        let meta =
            "<footer class=\"entry-footer\"><time datetime=\"2020-01-02\">2 Jan</time></footer>";
        assert_eq!(without_unread_parts(meta), meta);
    }

    #[test]
    fn json_ld_in_cdata_and_its_creator_and_creation_date_are_read() {
        let page = concat!(
            "<html><head><script type=\"application/ld+json\"><![CDATA[",
            "{\"@type\": \"NewsArticle\", \"creator\": [\"Anna Berg\"], ",
            "\"dateCreated\": \"2021-03-04T10:00:00Z\"}]]></script></head><body></body></html>"
        );
        let document = metadata(&Dom::from(page));
        assert_eq!(document.byline.as_deref(), Some("Anna Berg"));
        assert_eq!(document.published.as_deref(), Some("2021-03-04T10:00:00Z"));
    }

    #[test]
    fn a_fragment_keeps_its_blocks_and_drops_scripts() {
        let text =
            fragment_text("<p>Rain in <b>Porto</b>.</p><script>x='Paris'</script><p>Then sun.</p>");
        assert_eq!(text, "Rain in Porto.\n\nThen sun.");
    }
}
