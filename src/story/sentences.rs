//! Splits an article into paragraphs and sentences, keeping byte spans into the text.
//!
//! News text is simple enough that a handful of rules beat a general-purpose segmenter:
//! a paragraph is a line (blank lines are skipped), and a sentence ends at `.`, `!` or `?`
//! (plus any closing quotes or brackets) when the next word starts a new sentence. A period
//! after a known abbreviation (`Mr.`, `Feb.`), an initial (`J.`) or a dotted acronym
//! (`U.S.`) does not end a sentence, and neither does a period inside a number (`3.5`).
//! A heading with no final punctuation is its own paragraph, and so its own sentence.

use std::ops::Range;

/// A sentence: a half-open byte span into the article, and the paragraph it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offsets into the article text, half-open, trimmed of surrounding white space.
    pub span: Range<usize>,
    /// Zero-based index of the paragraph that holds the sentence.
    pub paragraph: usize,
}

/// Words whose trailing period marks an abbreviation, not the end of a sentence.
/// Compared case-sensitively, without the period.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Ft", "Gen", "Lt", "Col", "Capt",
    "Cmdr", "Maj", "Sgt", "Adm", "Gov", "Sen", "Rep", "Pres", "Rev", "Hon", "Amb", "Insp", "Supt",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
    "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "No", "Nos", "Vol", "vs",
    "etc", "approx", "Inc", "Corp", "Ltd", "Co", "Bros", "Ave", "Blvd", "Rd", "Dept", "Univ",
    "Assn", "Est", "Fig", "al", "cf", "ca",
];

/// Splits `text` into sentences, in reading order.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (paragraph, line) in paragraphs(text).into_iter().enumerate() {
        split_paragraph(text, line, paragraph, &mut sentences);
    }
    sentences
}

/// Byte spans of the non-blank lines of `text`, trimmed.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let span = trim_span(text, line_start..line_start + line.len());
        if !span.is_empty() {
            spans.push(span);
        }
        line_start += line.len();
    }
    spans
}

fn split_paragraph(text: &str, line: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let mut sentence_start = line.start;
    let mut chars = text[line.clone()].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let terminator = line.start + offset;
        // Swallow further terminators and closing quotes or brackets: `?!`, `.”`, `.)`.
        let mut end = terminator + c.len_utf8();
        while let Some(&(next_offset, next)) = chars.peek() {
            if matches!(next, '.' | '!' | '?') || is_closing(next) {
                end = line.start + next_offset + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if end >= line.end {
            break;
        }
        let rest = &text[end..line.end];
        let Some(next_char) = rest.trim_start().chars().next() else {
            break;
        };
        let followed_by_space = rest.starts_with(char::is_whitespace);
        if !followed_by_space || !starts_sentence(next_char) {
            continue;
        }
        if c == '.' && end == terminator + 1 && is_abbreviation(&text[sentence_start..terminator]) {
            continue;
        }
        let span = trim_span(text, sentence_start..end);
        if !span.is_empty() {
            out.push(Sentence { span, paragraph });
        }
        sentence_start = end;
        debug_assert!(sentence_start <= bytes.len());
    }
    let span = trim_span(text, sentence_start..line.end);
    if !span.is_empty() {
        out.push(Sentence { span, paragraph });
    }
}

/// Whether the text before a period ends in an abbreviation, an initial or a dotted acronym.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || is_opening(c) || c == '(')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    if ABBREVIATIONS.contains(&word) {
        return true;
    }
    let mut letters = word.chars();
    // An initial: "J." in "J. R. R. Tolkien".
    if let (Some(first), None) = (letters.next(), letters.next())
        && first.is_uppercase()
    {
        return true;
    }
    // A dotted acronym: "U.S", "U.K", "a.m", "e.g".
    word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() <= 2 && part.chars().all(char::is_alphabetic))
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_numeric() || is_opening(c) || c == '(' || c == '['
}

fn is_opening(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '\'' | '«')
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | '»' | ')' | ']')
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|s| &text[s.span])
            .collect()
    }

    #[test]
    fn a_quoted_sentence_with_a_comma_inside_the_quotes_is_one_sentence() {
        let text = "“I hope these talks will be an important milestone,” he added. Then he left.";
        assert_eq!(
            texts(text),
            [
                "“I hope these talks will be an important milestone,” he added.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn a_sentence_ending_inside_quotes_ends_after_the_closing_quote() {
        let text = "He said: \"We are ready.\" The talks began. ‘Fine!’ she said.";
        assert_eq!(
            texts(text),
            [
                "He said: \"We are ready.\"",
                "The talks began.",
                "‘Fine!’ she said."
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "Mr. Kim met Dr. Lee in the U.S. on Feb. 27 at 10 a.m. local time. Both left.";
        assert_eq!(
            texts(text),
            [
                "Mr. Kim met Dr. Lee in the U.S. on Feb. 27 at 10 a.m. local time.",
                "Both left."
            ]
        );
    }

    #[test]
    fn numbers_and_initials_do_not_end_sentences() {
        let text = "Some 10,000 workers earn 3.5 times more, said J. R. Smith. He agreed.";
        assert_eq!(
            texts(text),
            [
                "Some 10,000 workers earn 3.5 times more, said J. R. Smith.",
                "He agreed."
            ]
        );
    }

    #[test]
    fn a_heading_without_punctuation_is_its_own_paragraph_and_sentence() {
        let text =
            "The talks ended.\nPutin to brief journalists\nThe Thursday meeting is the first.";
        let sentences = split_sentences(text);
        assert_eq!(
            texts(text),
            [
                "The talks ended.",
                "Putin to brief journalists",
                "The Thursday meeting is the first."
            ]
        );
        assert_eq!(
            sentences.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }

    #[test]
    fn a_lowercase_word_after_a_period_continues_the_sentence() {
        assert_eq!(texts("It cost 5 vs. 6 today."), ["It cost 5 vs. 6 today."]);
        assert_eq!(texts("“Stop!” he said."), ["“Stop!” he said."]);
    }

    #[test]
    fn blank_lines_and_odd_input_give_no_empty_sentences() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences("\n\n  \r\n").is_empty());
        assert_eq!(texts("...\n?!"), ["...", "?!"]);
        assert_eq!(texts("a. . B"), ["a. .", "B"]);
    }
}
