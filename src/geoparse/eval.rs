//! Evaluation on annotated corpora (TR-News, LGL): recognition precision, recall and F1
//! (exact spans and overlaps) and resolution accuracy within 161 km, mean and median error.
//!
//! The corpus format: `<article>` with `<text><![CDATA[...]]></text>` and `<toponym>`s that
//! have `<start>`, `<end>` (Unicode code points), `<phrase>` and optionally `<lat>`, `<lon>`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::geoparse::Gazetteer;

/// What went wrong reading a corpus.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The corpus could not be read.
    #[error("cannot read the corpus {path}: {source}")]
    Read {
        /// The corpus file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The corpus is not in the expected format.
    #[error("the corpus {path} is malformed: {reason}")]
    Malformed {
        /// The corpus file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
}

/// A gold toponym, with byte offsets into its article's text.
#[derive(Clone, Debug)]
pub struct GoldToponym {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// The phrase as annotated.
    pub phrase: String,
    /// Gold coordinates, where the toponym was resolved.
    pub coords: Option<(f64, f64)>,
}

/// An article of a corpus.
#[derive(Clone, Debug)]
pub struct Article {
    /// The article's text.
    pub text: String,
    /// Its gold toponyms.
    pub toponyms: Vec<GoldToponym>,
}

/// The figures of one evaluation run.
#[derive(Clone, Debug, Default)]
pub struct EvalReport {
    /// Articles read.
    pub articles: usize,
    /// Gold toponyms.
    pub gold: usize,
    /// Gold toponyms with coordinates.
    pub gold_with_coords: usize,
    /// Predicted mentions.
    pub predicted: usize,
    /// Gold toponyms matched by a predicted mention with the same span.
    pub exact_matches: usize,
    /// Predicted mentions with the span of a gold toponym.
    pub exact_predicted: usize,
    /// Gold toponyms overlapped by a predicted mention.
    pub overlap_matches: usize,
    /// Predicted mentions overlapping a gold toponym.
    pub overlap_predicted: usize,
    /// Errors in km for the recognised gold toponyms with coordinates.
    pub errors_km: Vec<f64>,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl EvalReport {
    /// Exact-span precision, recall and F1.
    pub fn exact(&self) -> (f64, f64, f64) {
        let p = ratio(self.exact_predicted, self.predicted);
        let r = ratio(self.exact_matches, self.gold);
        (p, r, f1(p, r))
    }

    /// Overlap precision, recall and F1.
    pub fn overlap(&self) -> (f64, f64, f64) {
        let p = ratio(self.overlap_predicted, self.predicted);
        let r = ratio(self.overlap_matches, self.gold);
        (p, r, f1(p, r))
    }

    /// Share of resolved toponyms within 161 km of the gold point.
    pub fn acc161(&self) -> f64 {
        ratio(
            self.errors_km.iter().filter(|&&d| d <= 161.0).count(),
            self.errors_km.len(),
        )
    }

    /// Mean error in km.
    pub fn mean_km(&self) -> f64 {
        if self.errors_km.is_empty() {
            0.0
        } else {
            self.errors_km.iter().sum::<f64>() / self.errors_km.len() as f64
        }
    }

    /// Median error in km.
    pub fn median_km(&self) -> f64 {
        let mut v = self.errors_km.clone();
        if v.is_empty() {
            return 0.0;
        }
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (ep, er, ef) = self.exact();
        let (op, or, of) = self.overlap();
        writeln!(
            f,
            "articles {}, gold toponyms {} ({} with coordinates), predicted mentions {}",
            self.articles, self.gold, self.gold_with_coords, self.predicted
        )?;
        writeln!(f, "recognition exact:   P {ep:.3} R {er:.3} F1 {ef:.3}")?;
        writeln!(f, "recognition overlap: P {op:.3} R {or:.3} F1 {of:.3}")?;
        write!(
            f,
            "resolution: {} resolved, Acc@161km {:.3}, mean {:.0} km, median {:.1} km",
            self.errors_km.len(),
            self.acc161(),
            self.mean_km(),
            self.median_km()
        )
    }
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads a corpus, converting code-point offsets to byte offsets and realigning shifted
/// spans on their phrase.
pub fn read_corpus(path: &Path) -> Result<Vec<Article>, EvalError> {
    let xml = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.to_owned(),
        source,
    })?;
    let bad = |reason: String| EvalError::Malformed {
        path: path.to_owned(),
        reason,
    };
    let mut articles = Vec::new();
    for chunk in xml.split("<article").skip(1) {
        if !(chunk.starts_with('>') || chunk.starts_with(' ')) {
            continue; // <articles>
        }
        let Some(text_el) = between(chunk, "<text>", "</text>") else {
            return Err(bad(format!("article {} has no <text>", articles.len() + 1)));
        };
        let text = match between(text_el, "<![CDATA[", "]]>") {
            Some(t) => t.to_owned(),
            None => unescape(text_el),
        };
        // byte offset of each code point, plus the end
        let mut cp: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        cp.push(text.len());
        let mut toponyms = Vec::new();
        for t in chunk.split("<toponym>").skip(1) {
            let num = |tag: &str| -> Option<usize> {
                between(t, &format!("<{tag}>"), &format!("</{tag}>"))?
                    .trim()
                    .parse()
                    .ok()
            };
            let (Some(s), Some(e)) = (num("start"), num("end")) else {
                return Err(bad("a toponym has no start or end".into()));
            };
            let phrase = unescape(between(t, "<phrase>", "</phrase>").unwrap_or("").trim());
            let coord = |tag: &str| -> Option<f64> {
                between(t, &format!("<{tag}>"), &format!("</{tag}>"))?
                    .trim()
                    .parse()
                    .ok()
            };
            let coords = match (coord("lat"), coord("lon")) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            };
            let n = cp.len() - 1;
            let (mut s, mut e) = (s.min(n), e.min(n).max(s.min(n)));
            if text[cp[s]..cp[e]] != phrase && !phrase.is_empty() {
                let len = phrase.chars().count();
                for d in 1..=5isize {
                    let mut found = false;
                    for sign in [-1isize, 1] {
                        let ns = s as isize + sign * d;
                        if ns < 0 || ns as usize + len > n {
                            continue;
                        }
                        let ns = ns as usize;
                        if text[cp[ns]..cp[ns + len]] == phrase {
                            s = ns;
                            e = ns + len;
                            found = true;
                            break;
                        }
                    }
                    if found {
                        break;
                    }
                }
            }
            toponyms.push(GoldToponym {
                start: cp[s],
                end: cp[e],
                phrase,
                coords,
            });
        }
        articles.push(Article { text, toponyms });
    }
    if articles.is_empty() {
        return Err(bad("no <article> found".into()));
    }
    Ok(articles)
}

/// A predicted mention with the point it was resolved to.
#[derive(Clone, Debug)]
pub struct Predicted {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Name of the chosen place.
    pub name: String,
}

/// Geoparses an article and flattens the result into sorted mentions.
pub fn predict(gazetteer: &Gazetteer, text: &str) -> Vec<Predicted> {
    let mut out: Vec<Predicted> = gazetteer
        .geoparse(text)
        .into_iter()
        .flat_map(|p| {
            p.mentions.into_iter().map(move |m| Predicted {
                start: m.start,
                end: m.end,
                lat: p.lat,
                lon: p.lon,
                name: p.name.clone(),
            })
        })
        .collect();
    out.sort_by_key(|p| p.start);
    out
}

/// Scores one article's predictions into `report`.
pub fn score_article(report: &mut EvalReport, article: &Article, pred: &[Predicted]) {
    report.articles += 1;
    report.gold += article.toponyms.len();
    report.predicted += pred.len();
    for g in &article.toponyms {
        if g.coords.is_some() {
            report.gold_with_coords += 1;
        }
        if pred.iter().any(|p| p.start == g.start && p.end == g.end) {
            report.exact_matches += 1;
        }
        let over = pred.iter().find(|p| p.start < g.end && g.start < p.end);
        if let Some(p) = over {
            report.overlap_matches += 1;
            if let Some((lat, lon)) = g.coords {
                report.errors_km.push(haversine_km(lat, lon, p.lat, p.lon));
            }
        }
    }
    for p in pred {
        if article
            .toponyms
            .iter()
            .any(|g| p.start == g.start && p.end == g.end)
        {
            report.exact_predicted += 1;
        }
        if article
            .toponyms
            .iter()
            .any(|g| p.start < g.end && g.start < p.end)
        {
            report.overlap_predicted += 1;
        }
    }
}

/// Evaluates the geoparser on a corpus file.
pub fn evaluate(xml_path: &Path, gazetteer: &Gazetteer) -> Result<EvalReport, EvalError> {
    let articles = read_corpus(xml_path)?;
    let mut report = EvalReport::default();
    for a in &articles {
        let pred = predict(gazetteer, &a.text);
        score_article(&mut report, a, &pred);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_corpus(name: &str, xml: &str) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("geoparse-eval-{}-{name}.xml", std::process::id()));
        std::fs::write(&path, xml).expect("write temp corpus");
        path
    }

    const XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Café owners in Paris met officials from France.]]></text>
    <toponyms>
      <toponym><start>15</start><end>20</end><phrase>Paris</phrase>
        <gaztag geonameid="2988507"><lat>48.85341</lat><lon>2.3488</lon></gaztag></toponym>
      <toponym><start>42</start><end>48</end><phrase>France</phrase></toponym>
    </toponyms>
  </article>
</articles>"#;

    #[test]
    fn code_points_become_bytes_and_shifted_spans_are_realigned() {
        let path = write_corpus("offsets", XML);
        let articles = read_corpus(&path).expect("reads");
        let _ = std::fs::remove_file(&path);
        assert_eq!(articles.len(), 1);
        let a = &articles[0];
        let paris = &a.toponyms[0];
        assert_eq!(&a.text[paris.start..paris.end], "Paris", "é is two bytes");
        assert_eq!(paris.coords, Some((48.85341, 2.3488)));
        let france = &a.toponyms[1];
        assert_eq!(
            &a.text[france.start..france.end],
            "France",
            "shifted by one, realigned"
        );
        assert_eq!(france.coords, None);
    }

    #[test]
    fn a_perfect_geoparse_scores_one() {
        let path = write_corpus("perfect", XML);
        let report = evaluate(&path, crate::geoparse::test_gazetteer()).expect("evaluates");
        let _ = std::fs::remove_file(&path);
        assert_eq!(report.gold, 2);
        assert_eq!(report.exact(), (1.0, 1.0, 1.0));
        assert_eq!(report.errors_km.len(), 1);
        assert_eq!(report.acc161(), 1.0);
        let shown = report.to_string();
        assert!(shown.contains("Acc@161km 1.000"), "{shown}");
    }

    #[test]
    fn a_malformed_corpus_is_an_error() {
        let path = write_corpus(
            "bad",
            "<articles><article><title>no text</title></article></articles>",
        );
        assert!(matches!(
            read_corpus(&path),
            Err(EvalError::Malformed { .. })
        ));
        let _ = std::fs::remove_file(&path);
        assert!(matches!(
            read_corpus(Path::new("/nonexistent.xml")),
            Err(EvalError::Read { .. })
        ));
    }

    #[test]
    fn haversine_knows_paris_to_london() {
        let d = haversine_km(48.8566, 2.3522, 51.5074, -0.1278);
        assert!((d - 344.0).abs() < 3.0, "{d}");
    }
}
