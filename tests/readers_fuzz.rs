//! The readers on random and mutated documents: HTML, PDF, Word and feeds built from
//! random pieces, and the fixtures with bytes flipped, cut, inserted and deleted. Nothing
//! panics, and the story built from whatever is read has every mention and sentence in
//! bounds and on character boundaries. `PROPTEST_CASES` runs them longer.

use std::path::Path;

use article_map::readers;
use article_map::story::Story;
use proptest::prelude::*;

fn cases(default: u32) -> ProptestConfig {
    ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default),
    )
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/readers")
            .join(name),
    )
    .expect("fixture")
}

/// Reads `bytes` as the file `name`; whatever comes out must make a well-formed story.
fn check(name: &str, bytes: &[u8]) {
    let Ok(read) = readers::read_bytes(Path::new(name), bytes) else {
        return;
    };
    assert!(!read.documents.is_empty());
    let gazetteer = article_map::story::geoparsed::bundled_gazetteer().expect("gazetteer");
    for document in read.documents {
        let body = document.body.clone();
        let story = Story::from_document(Path::new(name), document, gazetteer);
        for mention in &story.mentions {
            assert!(
                mention.span.end <= body.len(),
                "{mention:?} past {}",
                body.len()
            );
            assert!(
                body.is_char_boundary(mention.span.start)
                    && body.is_char_boundary(mention.span.end)
            );
        }
        for sentence in &story.sentences {
            assert!(sentence.span.end <= body.len());
            assert!(
                body.is_char_boundary(sentence.span.start)
                    && body.is_char_boundary(sentence.span.end)
            );
        }
        for paragraph in &story.paragraphs {
            assert!(paragraph.end <= body.len());
        }
    }
}

const HTML_PIECES: &[&str] = &[
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div class=\"comments\">",
    "<div id=\"cookie-banner\">",
    "</div>",
    "<nav>",
    "</nav>",
    "<footer>",
    "</footer>",
    "<ul><li>",
    "</li></ul>",
    "<h1>",
    "</h1>",
    "<br>",
    "<script>var x = \"Paris\";</script>",
    "<style>p { color: red }</style>",
    "<!-- Oslo -->",
    "<meta charset=\"windows-1251\">",
    "<meta property=\"og:title\" content=\"Talks\">",
    "<time datetime=\"2024-01-02\">",
    "</time>",
    "<script type=\"application/ld+json\">{\"datePublished\": [1, {\"name\": 2}]}</script>",
    "&amp;",
    "&nbsp;",
    "&#8217;",
    "&#x1F600;",
    "&bogus;",
    "&",
    "<",
    ">",
    "\"",
    "'",
    "<p",
    "Talks in Vladivostok ended on Friday, officials in Seoul said. ",
    "Rain fell on Gdańsk and Sopot. ",
    "Владивосток. ",
    "서울 ",
    "\u{feff}",
    "\u{0}",
    "\r\n",
    "\n\n",
    " ",
    "\u{301}",
    "é",
    "<![CDATA[x]]>",
    "<svg><text>Rome</text></svg>",
    "<table><tr><td>Lima</td></tr></table>",
    "<a href=\"/\">Home</a>",
];

const FEED_PIECES: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<rss version=\"2.0\">",
    "</rss>",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<link>https://example.com/a</link>",
    "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>",
    "<pubDate>yesterday</pubDate>",
    "<description>",
    "</description>",
    "<content:encoded><![CDATA[<p>Snow in Kiruna.</p>]]></content:encoded>",
    "&lt;p&gt;Rain in Bergen.&lt;/p&gt;",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "</feed>",
    "<entry>",
    "</entry>",
    "<content type=\"html\">",
    "</content>",
    "<summary>",
    "</summary>",
    "Ferries reached Visby. ",
    "&amp;",
    "&",
    "<",
    "]]>",
    "\u{0}",
    "é",
    "\n",
];

fn any_of(pieces: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        5 => proptest::sample::select(pieces).prop_map(|p| p.as_bytes().to_vec()),
        1 => any::<char>().prop_map(|c| c.to_string().into_bytes()),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

/// A mutation of a document: flip, insert or delete bytes, or cut it short.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let one = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<usize>(), 1usize..200).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ];
    proptest::collection::vec(one, 1..6)
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        let len = bytes.len().max(1);
        match mutation {
            Mutation::Flip(at, b) => {
                if let Some(byte) = bytes.get_mut(at % len) {
                    *byte ^= b | 1;
                }
            }
            Mutation::Insert(at, new) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::Truncate(at) => bytes.truncate(at % len),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn random_html_reads_without_panicking_into_well_formed_stories(bytes in any_of(HTML_PIECES)) {
        check("random.html", &bytes);
    }

    #[test]
    fn random_feeds_read_without_panicking(bytes in any_of(FEED_PIECES)) {
        check("random.xml", &bytes);
    }

    #[test]
    fn mutated_pages_feeds_and_texts_read_without_panicking(
        which in 0usize..6,
        mutations in mutations(),
    ) {
        let name = ["news-page.html", "cp1251.html", "feed-rss.xml", "feed-atom.xml", "feed.json", "notes.md"][which];
        check(name, &mutate(fixture(name), &mutations));
    }

    #[test]
    fn mutated_pdfs_read_without_panicking(which in 0usize..3, mutations in mutations()) {
        let name = ["report.pdf", "encrypted.pdf", "scan.pdf"][which];
        check(name, &mutate(fixture(name), &mutations));
    }

    #[test]
    fn mutated_word_files_read_without_panicking(which in 0usize..2, mutations in mutations()) {
        let name = ["story.docx", "untitled.docx"][which];
        check(name, &mutate(fixture(name), &mutations));
    }
}
