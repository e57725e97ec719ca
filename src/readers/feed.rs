//! Feeds: RSS (0.9x, 1.0 and 2.0), Atom and JSON Feed, through `feed-rs`. Each item is an
//! article of its own: its title, link, date and body. The body is the item's full content
//! (`content:encoded` in RSS, `content` in Atom, `content_html` or `content_text` in JSON
//! Feed), then its summary (`description`); HTML in it goes through [`super::html`].

use std::path::Path;

use super::{Document, Format, Read, ReadError, clean_title, html};

/// Reads a feed's bytes. A feed with no items, or none with text, is refused.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Read, ReadError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|err| ReadError::Corrupt {
        path: path.to_owned(),
        what: "feed",
        detail: err.to_string(),
    })?;
    if feed.entries.is_empty() {
        return Err(ReadError::EmptyFeed {
            path: path.to_owned(),
        });
    }
    let total = feed.entries.len();
    let documents: Vec<Document> = feed.entries.into_iter().filter_map(item).collect();
    if documents.is_empty() {
        return Err(ReadError::EmptyFeed {
            path: path.to_owned(),
        });
    }
    let mut warnings = Vec::new();
    if documents.len() < total {
        warnings.push(format!(
            "{}: {} of the feed's {total} items have no text and were left out",
            path.display(),
            total - documents.len()
        ));
    }
    Ok(Read {
        format: Format::Feed,
        documents,
        feed_title: feed
            .title
            .and_then(|t| clean_title(&text_of(&t.content, true))),
        warnings,
    })
}

/// One item as an article; `None` if it has no text.
fn item(entry: feed_rs::model::Entry) -> Option<Document> {
    let content = entry.content.as_ref().and_then(|content| {
        let body = content.body.as_deref()?;
        let is_html = !content.content_type.to_string().starts_with("text/plain");
        Some(text_of(body, is_html))
    });
    let summary = || {
        entry.summary.as_ref().map(|summary| {
            let is_html = !summary.content_type.to_string().starts_with("text/plain");
            text_of(&summary.content, is_html)
        })
    };
    let body = content
        .filter(|b| !b.trim().is_empty())
        .or_else(summary)
        .filter(|b| !b.trim().is_empty())?;
    let authors: Vec<String> = entry
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().and_then(clean_title))
        .collect();
    Some(Document {
        title: entry
            .title
            .as_ref()
            .and_then(|t| clean_title(&text_of(&t.content, true))),
        published: entry
            .published
            .or(entry.updated)
            .map(|date| date.to_rfc3339()),
        byline: (!authors.is_empty()).then(|| authors.join(", ")),
        url: entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.clone()),
        body,
    })
}

/// A feed text's plain text: HTML through the fragment reader, plain text with its white
/// space normalised.
fn text_of(text: &str, is_html: bool) -> String {
    if is_html && (text.contains('<') || text.contains('&')) {
        html::fragment_text(text)
    } else {
        super::join_paragraphs(text.split("\n\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_are_articles_with_their_full_content_before_the_summary() {
        let rss = br#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour News</title>
<item><title>Ferries to Visby</title><link>https://example.com/visby</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Short: ferries to Visby.</description>
<content:encoded><![CDATA[<p>Ferries from Nynashamn reach Visby.</p><script>x="Paris"</script>]]></content:encoded></item>
<item><title>Snow in Kiruna</title><description>&lt;p&gt;Snow fell in Kiruna.&lt;/p&gt;</description></item>
<item><title>No text</title></item>
</channel></rss>"#;
        let read = read(Path::new("f.xml"), rss).unwrap();
        assert_eq!(read.feed_title.as_deref(), Some("Harbour News"));
        assert_eq!(read.documents.len(), 2);
        let first = &read.documents[0];
        assert_eq!(first.title.as_deref(), Some("Ferries to Visby"));
        assert_eq!(first.body, "Ferries from Nynashamn reach Visby.");
        assert_eq!(first.url.as_deref(), Some("https://example.com/visby"));
        assert!(
            first
                .published
                .as_deref()
                .is_some_and(|d| d.starts_with("2024-03-05"))
        );
        assert_eq!(read.documents[1].body, "Snow fell in Kiruna.");
        assert!(
            read.warnings[0].contains("1 of the feed's 3 items"),
            "{:?}",
            read.warnings
        );
    }

    #[test]
    fn empty_and_broken_feeds_are_refused_with_the_reason() {
        let empty = b"<rss version=\"2.0\"><channel><title>T</title></channel></rss>";
        let err = read(Path::new("empty.xml"), empty).unwrap_err();
        assert!(matches!(err, ReadError::EmptyFeed { .. }), "{err}");
        let broken = b"<rss version=\"2.0\"><channel><item><title>Cut";
        let err = read(Path::new("broken.xml"), broken).unwrap_err();
        assert!(err.to_string().contains("broken.xml"), "{err}");
    }

    #[test]
    fn json_feed_items_are_read() {
        let json = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
            "items": [{"id": "1", "title": "Sun in Malaga", "content_text": "Sun in Malaga.",
            "date_published": "2024-06-01T12:00:00Z", "url": "https://example.com/m"}]}"#;
        let read = read(Path::new("f.json"), json).unwrap();
        assert_eq!(read.documents[0].body, "Sun in Malaga.");
        assert_eq!(
            read.documents[0].url.as_deref(),
            Some("https://example.com/m")
        );
    }
}
