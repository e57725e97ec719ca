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

/// Whether `word` is one whose trailing period marks an abbreviation, not the end of a
/// sentence. Case-sensitive, without the period. (A `match`, not a list search: it runs at
/// every full stop of the text.)
fn is_known_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "Sr"
            | "Jr"
            | "St"
            | "Mt"
            | "Ft"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Cmdr"
            | "Maj"
            | "Sgt"
            | "Adm"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Pres"
            | "Rev"
            | "Hon"
            | "Amb"
            | "Insp"
            | "Supt"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Mon"
            | "Tue"
            | "Tues"
            | "Wed"
            | "Thu"
            | "Thur"
            | "Thurs"
            | "Fri"
            | "Sat"
            | "Sun"
            | "No"
            | "Nos"
            | "Vol"
            | "vs"
            | "etc"
            | "approx"
            | "Inc"
            | "Corp"
            | "Ltd"
            | "Co"
            | "Bros"
            | "Ave"
            | "Blvd"
            | "Rd"
            | "Dept"
            | "Univ"
            | "Assn"
            | "Est"
            | "Fig"
            | "al"
            | "cf"
            | "ca"
    )
}

/// Splits `text` into sentences, in reading order.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    split_paragraphs(text, &paragraphs(text))
}

/// The paragraphs of `text` and their sentences.
pub fn layout(text: &str) -> (Vec<Range<usize>>, Vec<Sentence>) {
    let paragraphs = paragraphs(text);
    let sentences = split_paragraphs(text, &paragraphs);
    (paragraphs, sentences)
}

/// Fewer bytes than a sentence of news has, and than a paragraph has (a paragraph has one
/// sentence or more): the lists are reserved at once for a text's length divided by these.
/// A list grown by doubling is copied again and again, its new pages faulted in each time;
/// reserved memory that is never written costs nothing.
const BYTES_PER_SENTENCE: usize = 64;
const BYTES_PER_PARAGRAPH: usize = 128;

/// Room for the sentences of `bytes` bytes of text.
fn sentences_for(bytes: usize) -> Vec<Sentence> {
    Vec::with_capacity(bytes / BYTES_PER_SENTENCE + 1)
}

/// Pieces the paragraphs are cut into by [`layout_beside`].
const LAYOUT_PIECES: usize = 32;

/// [`layout`] on another thread while this one does `work`; this thread then helps with
/// what is left. The other thread takes pieces of paragraphs from the first, this one from
/// the last, so that each one's sentences stay in order and only this one's are copied.
/// Gives `work`'s result and the layout.
pub fn layout_beside<R>(
    text: &str,
    work: impl FnOnce() -> R,
) -> (R, (Vec<Range<usize>>, Vec<Sentence>)) {
    let paragraphs: std::sync::OnceLock<Vec<Range<usize>>> = std::sync::OnceLock::new();
    // The pieces not yet taken, `front..back`, set with the paragraphs.
    let left = std::sync::Mutex::new((0, 0));
    let piece_len = |n: usize| n.div_ceil(LAYOUT_PIECES).max(1);
    // The paragraphs, found by whichever thread asks first.
    let find_paragraphs = || {
        paragraphs.get_or_init(|| {
            let all = self::paragraphs(text);
            if let Ok(mut left) = left.lock() {
                *left = (0, all.len().div_ceil(piece_len(all.len())));
            }
            all
        })
    };
    let take = |from_front: bool| -> Option<usize> {
        let mut left = left.lock().ok()?;
        (left.0 < left.1).then(|| {
            if from_front {
                left.0 += 1;
                left.0 - 1
            } else {
                left.1 -= 1;
                left.1
            }
        })
    };
    let split_piece = |all: &[Range<usize>], k: usize, out: &mut Vec<Sentence>| {
        let per = piece_len(all.len());
        let first = (k * per).min(all.len());
        let end = ((k + 1) * per).min(all.len());
        for (i, line) in all[first..end].iter().enumerate() {
            split_paragraph(text, line.clone(), first + i, out);
        }
    };
    let (result, sentences) = std::thread::scope(|scope| {
        let helper = scope.spawn(|| {
            let all = find_paragraphs();
            // Room for the whole text's: this thread may split all of it, and this thread's
            // list is the one the other's pieces are added to.
            let mut sentences = sentences_for(text.len());
            while let Some(k) = take(true) {
                split_piece(all, k, &mut sentences);
            }
            sentences
        });
        let result = work();
        let all = find_paragraphs();
        // This thread's pieces, from the last one back.
        let mut ours: Vec<Vec<Sentence>> = Vec::new();
        while let Some(k) = take(false) {
            let mut piece = sentences_for(text.len() / LAYOUT_PIECES);
            split_piece(all, k, &mut piece);
            ours.push(piece);
        }
        let sentences = match helper.join() {
            Ok(mut sentences) => {
                for piece in ours.into_iter().rev() {
                    sentences.extend(piece);
                }
                sentences
            }
            // Not expected: splitting cannot panic. Redo it all here rather than lose it.
            Err(_) => split_run(text, 0, all),
        };
        (result, sentences)
    });
    (
        result,
        (paragraphs.into_inner().unwrap_or_default(), sentences),
    )
}

/// The sentences of a run of paragraphs, the first of which is paragraph number `first`.
fn split_run(text: &str, first: usize, run: &[Range<usize>]) -> Vec<Sentence> {
    let bytes = run
        .first()
        .zip(run.last())
        .map_or(0, |(a, b)| b.end - a.start);
    let mut sentences = sentences_for(bytes);
    for (i, line) in run.iter().enumerate() {
        split_paragraph(text, line.clone(), first + i, &mut sentences);
    }
    sentences
}

/// Texts longer than this are split on several threads, a run of paragraphs each.
const PARALLEL_BYTES: usize = 1 << 20;

/// Splits the given paragraphs of `text` (from [`paragraphs`]) into sentences, in reading
/// order. Long texts are split on all cores; the result is the same.
pub fn split_paragraphs(text: &str, paragraphs: &[Range<usize>]) -> Vec<Sentence> {
    let threads = crate::parallel::threads_for(text.len(), PARALLEL_BYTES);
    if threads == 1 || paragraphs.len() < threads {
        return split_run(text, 0, paragraphs);
    }
    let per_thread = paragraphs.len().div_ceil(threads);
    // Splitting cannot panic; were a run lost anyway, it is redone rather than dropped.
    let parts = crate::parallel::map_pieces(
        threads,
        threads,
        || (),
        |(), k| {
            let first = (k * per_thread).min(paragraphs.len());
            let end = ((k + 1) * per_thread).min(paragraphs.len());
            split_run(text, first, &paragraphs[first..end])
        },
    );
    crate::parallel::concat(parts)
}

/// Byte spans of the non-blank lines of `text`, trimmed.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::with_capacity(text.len() / BYTES_PER_PARAGRAPH + 1);
    let mut line_start = 0;
    // Line breaks found with SIMD (`str::split_inclusive` looks for them a word at a time).
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
    for line_end in ends.chain((!text.ends_with('\n')).then_some(text.len())) {
        let span = trim_span(text, line_start..line_end);
        if !span.is_empty() {
            spans.push(span);
        }
        line_start = line_end;
    }
    spans
}

fn split_paragraph(text: &str, line: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let mut sentence_start = line.start;
    let mut pos = line.start;
    // Terminators are ASCII, so the line is scanned as bytes, not decoded.
    while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &bytes[pos..line.end]) {
        let terminator = pos + found;
        // Swallow further terminators and closing quotes or brackets: `?!`, `.”`, `.)`.
        let mut end = terminator + 1;
        for next in text[end..line.end].chars() {
            if matches!(next, '.' | '!' | '?') || is_closing(next) {
                end += next.len_utf8();
            } else {
                break;
            }
        }
        pos = end;
        if end >= line.end {
            break;
        }
        let rest = &text[end..line.end];
        // Usually one space and a printable ASCII character: no need to decode.
        let (followed_by_space, next_char) = match rest.as_bytes() {
            [b' ', c, ..] if c.is_ascii_graphic() => (true, Some(char::from(*c))),
            _ => (
                rest.starts_with(char::is_whitespace),
                rest.trim_start().chars().next(),
            ),
        };
        let Some(next_char) = next_char else {
            break;
        };
        if !followed_by_space || !starts_sentence(next_char) {
            continue;
        }
        if bytes[terminator] == b'.'
            && end == terminator + 1
            && is_abbreviation(&text[sentence_start..terminator])
        {
            continue;
        }
        let span = trim_span(text, sentence_start..end);
        if !span.is_empty() {
            out.push(Sentence { span, paragraph });
        }
        sentence_start = end;
    }
    let span = trim_span(text, sentence_start..line.end);
    if !span.is_empty() {
        out.push(Sentence { span, paragraph });
    }
}

/// Whether the text before a period ends in an abbreviation, an initial or a dotted acronym.
fn is_abbreviation(before: &str) -> bool {
    // The last word: after the last space, opening quote or bracket. ASCII bytes are
    // looked at as they are; a word with other characters is decoded.
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    while start > 0
        && bytes[start - 1].is_ascii()
        && !matches!(
            bytes[start - 1],
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'"' | b'\'' | b'('
        )
    {
        start -= 1;
    }
    if start > 0 && !bytes[start - 1].is_ascii() {
        start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || is_opening(c) || c == '(')
            .map_or(0, |(i, c)| i + c.len_utf8());
    }
    let word = &before[start..];
    if word.is_empty() {
        return false;
    }
    if is_known_abbreviation(word) {
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
    // Usually no white space at either end but a line break: no need to decode.
    if let (Some(&first), Some(&last)) = (slice.as_bytes().first(), slice.as_bytes().last())
        && (0x21..0x7f).contains(&first)
    {
        if (0x21..0x7f).contains(&last) {
            return span;
        }
        if last == b'\n'
            && slice
                .as_bytes()
                .get(slice.len().wrapping_sub(2))
                .is_some_and(|c| (0x21..0x7f).contains(c))
        {
            return span.start..span.end - 1;
        }
    }
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_before_a_period_is_found_as_the_plain_definition_finds_it() {
        for before in [
            "",
            "Mr",
            "said Mr",
            "(Gen",
            "\"St",
            "x\u{1}Mr",
            "the U.S",
            "é Dr",
            "“Dr",
            "in Ft",
            "a\u{b}Sr",
            "a\u{a0}Mr",
            "no.",
        ] {
            let start = before
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace() || is_opening(c) || c == '(')
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = &before[start..];
            let want = !word.is_empty()
                && (is_known_abbreviation(word)
                    || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
                    || (word.contains('.')
                        && word.split('.').all(|part| {
                            part.chars().count() <= 2 && part.chars().all(char::is_alphabetic)
                        })));
            assert_eq!(is_abbreviation(before), want, "{before:?}");
        }
    }

    #[test]
    fn paragraphs_and_trims_agree_with_the_plain_definitions() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            " a \n\n\tb\r\n c",
            "x\u{2003}\n\u{a0}y\n\n",
            "Ends with a space \nand a tab\t",
        ] {
            let mut want = Vec::new();
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                let trimmed = line.trim();
                if !trimmed.is_empty() {
                    let start = at + (line.len() - line.trim_start().len());
                    want.push(start..start + trimmed.len());
                }
                at += line.len();
            }
            assert_eq!(paragraphs(text), want, "{text:?}");
        }
    }

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
    fn a_long_text_split_on_several_threads_gives_what_one_thread_gives() {
        let unit = "Mr. Kim met Dr. Lee in the U.S. today. “Fine!” he said.\n\nA heading\n";
        let text = unit.repeat(PARALLEL_BYTES / unit.len() + 10);
        let paragraphs = paragraphs(&text);
        let parallel = split_paragraphs(&text, &paragraphs);
        let single = split_run(&text, 0, &paragraphs);
        assert_eq!(parallel.len(), single.len());
        assert!(parallel == single);
        assert_eq!(
            parallel.last().map(|s| s.paragraph),
            Some(paragraphs.len() - 1)
        );
    }

    #[test]
    fn a_layout_shared_between_two_threads_gives_what_one_thread_gives() {
        let unit = "Mr. Kim met Dr. Lee in the U.S. today. “Fine!” he said.\n\nA heading\n";
        let text = unit.repeat(5000);
        let single = (paragraphs(&text), split_run(&text, 0, &paragraphs(&text)));
        // Work of every length: done before the other thread starts, or long after.
        for spin in [0u64, 1_000, 1_000_000] {
            let (sum, shared) =
                layout_beside(&text, || (0..spin).map(std::hint::black_box).sum::<u64>());
            assert_eq!(sum, spin * spin.saturating_sub(1) / 2);
            assert!(shared == single, "work of {spin}");
        }
        let (_, empty) = layout_beside("", || ());
        assert!(empty.0.is_empty() && empty.1.is_empty());
    }

    #[test]
    fn blank_lines_and_odd_input_give_no_empty_sentences() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences("\n\n  \r\n").is_empty());
        assert_eq!(texts("...\n?!"), ["...", "?!"]);
        assert_eq!(texts("a. . B"), ["a. .", "B"]);
    }
}
