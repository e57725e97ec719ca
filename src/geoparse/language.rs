//! Which language a text is in. The geoparser reads English: in English, a capitalised
//! word mid-sentence is a name. In German every noun is capitalised, and in any language
//! its common words are capitalised at a sentence's start, so there "Auch" (German for
//! "also"; a town in France), "Ende" or "Une" is no evidence of a place. The gazetteer flags
//! the names that are common words of German, French, Spanish, Portuguese, Italian or
//! Dutch; this module tells when a text is in one of those rather than in English.
//!
//! The test counts the little words of each side, written in lowercase (a name never is),
//! in the text's first [`SAMPLE_BYTES`]: it is cheap, and a news text says which language
//! it is in within its first paragraphs.

/// How much of a text is read to tell its language.
const SAMPLE_BYTES: usize = 16 * 1024;

use crate::geoparse::gazetteer::KF_LANGUAGE_FIRST;

/// The fewest of another language's little words that make a text not English: a short
/// text, or an English one that quotes a line of French, stays English.
const MIN_FOREIGN_WORDS: usize = 12;

/// Common English words that are no word of the other languages.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "was", "that", "with", "for", "on", "are", "by", "from", "this",
    "have", "has", "were",
];

/// Common words of German, French, Spanish, Portuguese, Italian and Dutch, in the order of
/// the gazetteer's language flags (from [`KF_LANGUAGE_FIRST`] up), that are no English words
/// (so not "die", "do", "no", "in" or "per").
const OTHERS: [&[&str]; 6] = [
    &[
        "der", "und", "das", "nicht", "ist", "mit", "sich", "auf", "für", "ein", "eine", "dem",
        "den", "auch", "wird", "von", "zu", "ich",
    ],
    &[
        "le", "les", "et", "des", "est", "une", "dans", "pour", "que", "qui", "pas", "sur", "au",
        "du", "avec",
    ],
    &[
        "el", "los", "las", "y", "del", "por", "una", "para", "su", "como", "más", "que",
    ],
    &[
        "os", "em", "um", "uma", "com", "não", "ao", "da", "dos", "que", "para",
    ],
    &[
        "il", "che", "di", "della", "gli", "sono", "una", "del", "per",
    ],
    &[
        "het", "een", "van", "niet", "zijn", "ook", "voor", "met", "dat",
    ],
];

/// The names of the languages of [`OTHERS`], in its order.
const NAMES: [&str; 6] = [
    "German",
    "French",
    "Spanish",
    "Portuguese",
    "Italian",
    "Dutch",
];

/// How many of each other language's little words `text` has in its first
/// [`SAMPLE_BYTES`] (in the order of [`OTHERS`]), where they outnumber English's: none
/// where the text reads as English or too little of it tells.
fn other_languages(text: &str) -> Option<[usize; OTHERS.len()]> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut english = 0usize;
    let mut others = [0usize; OTHERS.len()];
    for word in text[..end].split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() || word.len() > 6 || !word.starts_with(|c: char| c.is_lowercase()) {
            continue;
        }
        if ENGLISH.contains(&word) {
            english += 1;
            continue;
        }
        for (count, words) in others.iter_mut().zip(OTHERS) {
            if words.contains(&word) {
                *count += 1;
            }
        }
    }
    let most = others.iter().copied().max().unwrap_or(0);
    (most >= MIN_FOREIGN_WORDS && most > 2 * english).then_some(others)
}

/// The gazetteer's flags for the common words of the language `text` is in (0 for
/// English), where a name that has one of them is no evidence of a place. A text too short
/// to tell, or one with more English than anything else, reads as English. Never panics.
pub(crate) fn common_word_flags(text: &str) -> u16 {
    let Some(others) = other_languages(text) else {
        return 0;
    };
    let most = others.iter().copied().max().unwrap_or(0);
    // Every language that comes close: Spanish and Portuguese share many words.
    others
        .iter()
        .enumerate()
        .filter(|&(_, &count)| 2 * count >= most)
        .fold(0, |flags, (i, _)| flags | KF_LANGUAGE_FIRST << i)
}

/// The language `text` is written in, where it is one that the geoparser tells from
/// English ("German", "French", "Spanish", "Portuguese", "Italian", "Dutch"); `None` for
/// English, another language, or a text too short to tell. Never panics.
pub fn other_language(text: &str) -> Option<&'static str> {
    let others = other_languages(text)?;
    let (best, _) = others.iter().enumerate().max_by_key(|&(_, count)| *count)?;
    NAMES.get(best).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_in_english_reads_as_english() {
        let text = "The minister said on Monday that the talks with France and Germany were \
                    going well, and that a deal was close. Le Monde reported the same.";
        assert_eq!(common_word_flags(text), 0);
        // An English story that quotes a line of French stays English.
        let quote = format!(
            "{text} \"Nous sommes pour la paix et pour le dialogue avec tous\", said the \
             envoy, who was in Paris for the week and has met the press."
        );
        assert_eq!(common_word_flags(&quote), 0);
        assert_eq!(other_language(&quote), None);
        assert_eq!(common_word_flags(""), 0, "too little to tell");
        assert_eq!(common_word_flags("Berlin. Hamburg. Köln."), 0, "names only");
    }

    #[test]
    fn german_french_and_spanish_news_are_told_apart() {
        for (text, language) in [
            (
                "Die Bahn hat am Montag mitgeteilt, dass der Verkehr auf der Strecke wieder \
             aufgenommen wird. Auch in Hamburg und in Köln ist das Ende der Störung nicht \
             abzusehen, sagte ein Sprecher. Die Kunden werden gebeten, sich auf der Website \
             zu informieren. Ein Ersatzverkehr mit Bussen ist eingerichtet, und auch die \
             Fernzüge fahren wieder von Berlin aus.",
                0,
            ),
            (
                "Le gouvernement a annoncé lundi une réforme des retraites. Les syndicats ont \
             appelé à une grève dans les transports, et le trafic sera perturbé sur les \
             lignes du métro. Pour le ministre, il est temps de passer à autre chose, mais \
             les usagers sont inquiets et ne savent pas quoi faire.",
                1,
            ),
            (
                "El gobierno anunció el lunes una reforma de las pensiones. Los sindicatos \
             convocaron una huelga en los transportes, y el tráfico será complicado en las \
             líneas del metro. Para el ministro, es hora de pasar página, pero los usuarios \
             están preocupados por su futuro y por el de sus hijos.",
                2,
            ),
        ] {
            let flags = common_word_flags(text);
            assert!(
                flags & KF_LANGUAGE_FIRST << language != 0,
                "{flags:b}: {text}"
            );
            assert_eq!(other_language(text), Some(NAMES[language]));
        }
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        let long = "ü".repeat(SAMPLE_BYTES);
        assert_eq!(common_word_flags(&long), 0);
        assert_eq!(common_word_flags("\u{0}\u{FFFF}der und das"), 0);
    }
}
