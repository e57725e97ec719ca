//! JSON Lines of articles: `{"id", "title"?, "published"?, "text" | "html"}`, one object per
//! line, as a streaming engine or an archive export gives them.

use std::path::Path;

use super::Document;

/// One line of `extract --jsonl-in`'s input. Other fields are ignored.
#[derive(serde::Deserialize)]
struct StreamRecord {
    #[serde(default)]
    id: serde_json::Value,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

/// The document of one JSON Lines record (line `number`, from 1), with its `id`; or the id
/// (null if the line is not an object) and what is wrong with it. A record with no title of
/// its own and no headline is named by its id, never by its place in the stream (which
/// depends on how an engine split the input).
pub fn record_document(
    line: &[u8],
    number: usize,
) -> Result<(serde_json::Value, Document), (serde_json::Value, String)> {
    let record: StreamRecord = serde_json::from_slice(line).map_err(|err| {
        (
            serde_json::Value::Null,
            format!(
                "not a JSON object: {err}; each line must be {{\"id\": …, \"text\": …}} or {{\"id\": …, \"html\": …}}"
            ),
        )
    })?;
    let name = format!("line {number}");
    let document = match (record.text, record.html) {
        (Some(text), _) if !text.trim().is_empty() => Document {
            title: super::text::headline(&text),
            body: text,
            ..Document::default()
        },
        (_, Some(html)) if !html.trim().is_empty() => {
            super::html::read_page(Path::new(&name), &html, &mut Vec::new())
                .map_err(|err| (record.id.clone(), err.to_string()))?
        }
        _ => {
            return Err((
                record.id,
                "no text: give the article as \"text\" or \"html\"".to_owned(),
            ));
        }
    };
    let title = record
        .title
        .or(document.title)
        .or_else(|| id_text(&record.id));
    let document = Document {
        title,
        published: record.published.or(document.published),
        ..document
    };
    Ok((record.id, document))
}

/// A record's id as text: a string as it is, a number as written, null as nothing.
pub fn id_text(id: &serde_json::Value) -> Option<String> {
    match id {
        serde_json::Value::String(id) => Some(id.clone()),
        serde_json::Value::Null => None,
        id => Some(id.to_string()),
    }
}

/// How [`read_line_bounded`] ended.
#[derive(Debug, PartialEq, Eq)]
pub enum LineState {
    /// A whole line is in the buffer, without its line break.
    Line,
    /// The line was longer than the limit; it was skipped to its end.
    TooLong,
    /// The input has ended.
    End,
}

/// Reads the next line into `line` (cleared first), holding at most `limit` bytes of it.
pub fn read_line_bounded(
    input: &mut dyn std::io::BufRead,
    line: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<LineState> {
    line.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match input.fill_buf() {
            Ok(buf) => buf,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(match (any, too_long) {
                (false, _) => LineState::End,
                (true, true) => LineState::TooLong,
                (true, false) => LineState::Line,
            });
        }
        any = true;
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(end) => (&available[..end], Some(end + 1)),
            None => (available, None),
        };
        if !too_long {
            if line.len() + chunk.len() > limit {
                too_long = true;
                line.clear();
                line.shrink_to(1 << 16);
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let consumed = done.unwrap_or(available.len());
        input.consume(consumed);
        if done.is_some() {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(if too_long {
                LineState::TooLong
            } else {
                LineState::Line
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_within_a_limit_and_long_ones_skipped_whole() {
        let mut input: &[u8] = b"short\r\nxxxxxxxxxxxxxxxxxxxx\nlast";
        let mut line = Vec::new();
        assert_eq!(
            read_line_bounded(&mut input, &mut line, 10).unwrap(),
            LineState::Line
        );
        assert_eq!(line, b"short");
        assert_eq!(
            read_line_bounded(&mut input, &mut line, 10).unwrap(),
            LineState::TooLong
        );
        assert_eq!(
            read_line_bounded(&mut input, &mut line, 10).unwrap(),
            LineState::Line
        );
        assert_eq!(line, b"last");
        assert_eq!(
            read_line_bounded(&mut input, &mut line, 10).unwrap(),
            LineState::End
        );
    }

    #[test]
    fn a_record_gives_its_document_and_a_bad_one_its_reason() {
        let (id, doc) = record_document(
            br#"{"id": 7, "published": "2024-03-01", "text": "Floods in Lagos.\n\nRain fell."}"#,
            1,
        )
        .unwrap();
        assert_eq!(id, serde_json::json!(7));
        assert_eq!(doc.published.as_deref(), Some("2024-03-01"));
        assert!(doc.body.starts_with("Floods in Lagos."));
        let (id, message) = record_document(br#"{"id": "a"}"#, 2).unwrap_err();
        assert_eq!(id, serde_json::json!("a"));
        assert!(message.contains("\"text\" or \"html\""), "{message}");
        assert!(record_document(b"not json", 3).is_err());
    }
}
