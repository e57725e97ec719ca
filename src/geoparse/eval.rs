//! Evaluation on annotated corpora (TR-News, LGL), with the figures of Gritta et al., "A
//! pragmatic guide to geoparsing evaluation" (2019): recognition precision, recall and F1
//! (exact spans and overlaps); resolution accuracy within 161 km, mean and median error, and
//! the area under the curve of log errors (AUC, lower is better). Each figure is also given
//! per kind of place (country, admin region, city, other), and Acc@161 once more with a
//! country counted right when the gold point lies inside its outline, since gazetteers put a
//! country's point up to 1,000 km apart.
//!
//! The corpus format: `<article>` with `<text><![CDATA[...]]></text>` and `<toponym>`s that
//! have `<start>`, `<end>` (Unicode code points), `<phrase>` and optionally `<lat>`, `<lon>`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::geoparse::{Gazetteer, PlaceKind};

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
    /// The kind of the gold place, from its GeoNames feature code.
    pub kind: EvalKind,
}

/// The kinds of place that figures are given for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalKind {
    /// A country (GeoNames `PCL*`).
    Country,
    /// A first- to fifth-level administrative region (`ADM*`), a state or a county.
    Admin,
    /// A city, town or village (feature class `P`).
    City,
    /// Everything else: rivers, mountains, continents, buildings, or no code at all.
    Other,
}

impl EvalKind {
    /// All kinds, in the order of the report.
    pub const ALL: [EvalKind; 4] = [
        EvalKind::Country,
        EvalKind::Admin,
        EvalKind::City,
        EvalKind::Other,
    ];

    /// The kind of a gold place by its GeoNames feature class and code.
    pub fn from_geonames(fclass: &str, fcode: &str) -> EvalKind {
        if fcode.starts_with("PCL") {
            EvalKind::Country
        } else if fcode.starts_with("ADM") {
            EvalKind::Admin
        } else if fclass == "P" {
            EvalKind::City
        } else {
            EvalKind::Other
        }
    }

    /// The kind of a predicted place. A region is counted as an admin region: most regions
    /// the geoparser finds are states and provinces.
    pub fn from_place_kind(kind: PlaceKind) -> EvalKind {
        match kind {
            PlaceKind::Country => EvalKind::Country,
            PlaceKind::Region => EvalKind::Admin,
            PlaceKind::City | PlaceKind::Town => EvalKind::City,
            PlaceKind::Island | PlaceKind::Venue => EvalKind::Other,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            EvalKind::Country => "country",
            EvalKind::Admin => "admin region",
            EvalKind::City => "city",
            EvalKind::Other => "other",
        }
    }
}

/// An article of a corpus.
#[derive(Clone, Debug)]
pub struct Article {
    /// The article's text.
    pub text: String,
    /// Its gold toponyms.
    pub toponyms: Vec<GoldToponym>,
}

/// Counts and errors, for all places or for one kind.
#[derive(Clone, Debug, Default)]
pub struct Figures {
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
    /// The same errors, with a country prediction's error taken as 0 when the gold point
    /// lies inside the country's outline.
    pub errors_in_outline_km: Vec<f64>,
}

/// The figures of one evaluation run: for all places, and per kind (recall and resolution
/// by the gold place's kind, precision by the predicted place's kind).
#[derive(Clone, Debug, Default)]
pub struct EvalReport {
    /// Articles read.
    pub articles: usize,
    /// Per kind, in the order of [`EvalKind::ALL`].
    pub by_kind: [Figures; 4],
    /// What went wrong, by name.
    pub mistakes: Mistakes,
}

/// The mistakes of a run, counted by name, to find the commonest.
#[derive(Clone, Debug, Default)]
pub struct Mistakes {
    /// Gold toponyms that no predicted mention overlaps, by phrase and gold kind.
    pub missed: HashMap<(String, &'static str), usize>,
    /// Predicted mentions that overlap no gold toponym, by text and predicted place.
    pub spurious: HashMap<(String, String), usize>,
    /// Recognised toponyms resolved more than 161 km off, by phrase and predicted place,
    /// with the summed error.
    pub misplaced: HashMap<(String, String), (usize, f64)>,
}

impl Mistakes {
    /// The `n` commonest of each sort, as lines of text.
    pub fn commonest(&self, n: usize) -> String {
        fn top<K: Clone + Ord, V: Clone>(
            map: &HashMap<K, V>,
            count: impl Fn(&V) -> usize,
            n: usize,
        ) -> Vec<(K, V)> {
            let mut v: Vec<(K, V)> = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            v.sort_by(|a, b| count(&b.1).cmp(&count(&a.1)).then(a.0.cmp(&b.0)));
            v.truncate(n);
            v
        }
        let mut out = String::new();
        out.push_str("missed (gold toponyms not found):\n");
        for ((phrase, kind), c) in top(&self.missed, |c| *c, n) {
            out.push_str(&format!("  {c:>4}  {phrase} ({kind})\n"));
        }
        out.push_str("spurious (found, not a gold toponym):\n");
        for ((text, place), c) in top(&self.spurious, |c| *c, n) {
            out.push_str(&format!("  {c:>4}  {text} -> {place}\n"));
        }
        out.push_str("misplaced (more than 161 km off):\n");
        for ((phrase, place), (c, km)) in top(&self.misplaced, |v| v.0, n) {
            out.push_str(&format!(
                "  {c:>4}  {phrase} -> {place}, mean {:.0} km off\n",
                km / c as f64
            ));
        }
        out
    }
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

/// Half the Earth's circumference, the largest possible error, in km.
const MAX_ERROR_KM: f64 = 20_039.0;

impl Figures {
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
        acc161(&self.errors_km)
    }

    /// Acc@161 with a country counted right when the gold point is inside its outline.
    pub fn acc161_in_outline(&self) -> f64 {
        acc161(&self.errors_in_outline_km)
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

    /// The area under the curve of the sorted errors on a log scale, `ln(1 + km)` over the
    /// largest possible error's, by the trapezoid rule: 0 when every error is 0, 1 when every
    /// one is half the globe. Lower is better.
    pub fn auc(&self) -> f64 {
        let mut logs: Vec<f64> = self.errors_km.iter().map(|e| (1.0 + e).ln()).collect();
        logs.sort_by(f64::total_cmp);
        match logs.len() {
            0 => 0.0,
            1 => logs[0] / (1.0 + MAX_ERROR_KM).ln(),
            n => {
                let area: f64 = logs.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
                area / ((n - 1) as f64 * (1.0 + MAX_ERROR_KM).ln())
            }
        }
    }

    fn add(&mut self, other: &Figures) {
        self.gold += other.gold;
        self.gold_with_coords += other.gold_with_coords;
        self.predicted += other.predicted;
        self.exact_matches += other.exact_matches;
        self.exact_predicted += other.exact_predicted;
        self.overlap_matches += other.overlap_matches;
        self.overlap_predicted += other.overlap_predicted;
        self.errors_km.extend_from_slice(&other.errors_km);
        self.errors_in_outline_km
            .extend_from_slice(&other.errors_in_outline_km);
    }
}

fn acc161(errors: &[f64]) -> f64 {
    ratio(errors.iter().filter(|&&d| d <= 161.0).count(), errors.len())
}

impl EvalReport {
    /// The figures of one kind.
    pub fn kind(&self, kind: EvalKind) -> &Figures {
        &self.by_kind[kind.index()]
    }

    /// The figures over all places.
    pub fn all(&self) -> Figures {
        let mut all = Figures::default();
        for k in &self.by_kind {
            all.add(k);
        }
        all
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all = &self.all();
        let (ep, er, ef) = all.exact();
        let (op, or, of) = all.overlap();
        writeln!(
            f,
            "articles {}, gold toponyms {} ({} with coordinates), predicted mentions {}",
            self.articles, all.gold, all.gold_with_coords, all.predicted
        )?;
        writeln!(f, "recognition exact:   P {ep:.3} R {er:.3} F1 {ef:.3}")?;
        writeln!(f, "recognition overlap: P {op:.3} R {or:.3} F1 {of:.3}")?;
        writeln!(
            f,
            "resolution: {} resolved, Acc@161km {:.3}, mean {:.0} km, median {:.1} km, AUC {:.3}",
            all.errors_km.len(),
            all.acc161(),
            all.mean_km(),
            all.median_km(),
            all.auc()
        )?;
        writeln!(
            f,
            "resolution, a country right when the gold point is inside its outline: Acc@161km {:.3}",
            all.acc161_in_outline()
        )?;
        writeln!(
            f,
            "per kind (recall and errors by gold kind, precision by predicted kind):"
        )?;
        writeln!(
            f,
            "  {:<13}{:>6}{:>6}{:>7}{:>7}{:>7}{:>9}{:>9}{:>9}{:>8}{:>7}",
            "kind",
            "gold",
            "pred",
            "P",
            "R",
            "F1",
            "resolved",
            "Acc@161",
            "outline",
            "mean km",
            "AUC"
        )?;
        for kind in EvalKind::ALL {
            let k = self.kind(kind);
            let (p, r, f1) = k.exact();
            writeln!(
                f,
                "  {:<13}{:>6}{:>6}{:>7.3}{:>7.3}{:>7.3}{:>9}{:>9.3}{:>9.3}{:>8.0}{:>7.3}",
                kind.label(),
                k.gold,
                k.predicted,
                p,
                r,
                f1,
                k.errors_km.len(),
                k.acc161(),
                k.acc161_in_outline(),
                k.mean_km(),
                k.auc()
            )?;
        }
        Ok(())
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
            let field = |tag: &str| between(t, &format!("<{tag}>"), &format!("</{tag}>"));
            let kind = EvalKind::from_geonames(
                field("fclass").unwrap_or("").trim(),
                field("fcode").unwrap_or("").trim(),
            );
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
                kind,
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
    /// Kind of the chosen place.
    pub kind: PlaceKind,
}

/// Whether a country, by its name, holds a point `[lon, lat]`: `None` where its outline is
/// not known. The basemap answers it; eval itself knows no outlines.
pub type CountryContains<'a> = &'a dyn Fn(&str, [f64; 2]) -> Option<bool>;

/// Geoparses an article and flattens the result into sorted mentions.
pub fn predict(gazetteer: &Gazetteer, text: &str) -> Vec<Predicted> {
    let mut out: Vec<Predicted> = gazetteer
        .geoparse(text)
        .into_iter()
        .flat_map(|p| {
            p.mentions.into_iter().map(move |m| {
                let said = text.get(m.start..m.end).unwrap_or_default();
                Predicted {
                    start: m.start,
                    end: m.end,
                    lat: p.lat,
                    lon: p.lon,
                    name: p.name.clone(),
                    // A street is a mention of its town, but a place of the kind "other".
                    kind: if said != p.name && crate::geoparse::recognize::is_street(said) {
                        PlaceKind::Venue
                    } else {
                        p.kind
                    },
                }
            })
        })
        .collect();
    out.sort_by_key(|p| p.start);
    out
}

/// Scores one article's predictions into `report`.
pub fn score_article(
    report: &mut EvalReport,
    article: &Article,
    pred: &[Predicted],
    contains: CountryContains<'_>,
) {
    report.articles += 1;
    for g in &article.toponyms {
        let k = &mut report.by_kind[g.kind.index()];
        k.gold += 1;
        if g.coords.is_some() {
            k.gold_with_coords += 1;
        }
        if pred.iter().any(|p| p.start == g.start && p.end == g.end) {
            k.exact_matches += 1;
        }
        let over = pred.iter().find(|p| p.start < g.end && g.start < p.end);
        if over.is_none() {
            *report
                .mistakes
                .missed
                .entry((g.phrase.clone(), g.kind.label()))
                .or_default() += 1;
        }
        if let Some(p) = over {
            k.overlap_matches += 1;
            if let Some((lat, lon)) = g.coords {
                let km = haversine_km(lat, lon, p.lat, p.lon);
                if km > 161.0 {
                    let entry = report
                        .mistakes
                        .misplaced
                        .entry((g.phrase.clone(), p.name.clone()))
                        .or_default();
                    entry.0 += 1;
                    entry.1 += km;
                }
                k.errors_km.push(km);
                let inside =
                    p.kind == PlaceKind::Country && contains(&p.name, [lon, lat]).unwrap_or(false);
                k.errors_in_outline_km.push(if inside { 0.0 } else { km });
            }
        }
    }
    for p in pred {
        let k = &mut report.by_kind[EvalKind::from_place_kind(p.kind).index()];
        k.predicted += 1;
        if article
            .toponyms
            .iter()
            .any(|g| p.start == g.start && p.end == g.end)
        {
            k.exact_predicted += 1;
        }
        if article
            .toponyms
            .iter()
            .any(|g| p.start < g.end && g.start < p.end)
        {
            k.overlap_predicted += 1;
        } else {
            let text = article.text.get(p.start..p.end).unwrap_or("").to_owned();
            *report
                .mistakes
                .spurious
                .entry((text, p.name.clone()))
                .or_default() += 1;
        }
    }
}

/// Evaluates the geoparser on a corpus file.
pub fn evaluate(
    xml_path: &Path,
    gazetteer: &Gazetteer,
    contains: CountryContains<'_>,
) -> Result<EvalReport, EvalError> {
    let articles = read_corpus(xml_path)?;
    let mut report = EvalReport::default();
    for a in &articles {
        let pred = predict(gazetteer, &a.text);
        score_article(&mut report, a, &pred, contains);
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
        <gaztag geonameid="2988507"><fclass>P</fclass><fcode>PPLC</fcode>
        <lat>48.85341</lat><lon>2.3488</lon></gaztag></toponym>
      <toponym><start>42</start><end>48</end><phrase>France</phrase>
        <gaztag geonameid="3017382"><fclass>A</fclass><fcode>PCLI</fcode></gaztag></toponym>
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

    fn no_outlines(_: &str, _: [f64; 2]) -> Option<bool> {
        None
    }

    #[test]
    fn a_perfect_geoparse_scores_one_overall_and_per_kind() {
        let path = write_corpus("perfect", XML);
        let report =
            evaluate(&path, crate::geoparse::test_gazetteer(), &no_outlines).expect("evaluates");
        let _ = std::fs::remove_file(&path);
        let all = report.all();
        assert_eq!(all.gold, 2);
        assert_eq!(all.exact(), (1.0, 1.0, 1.0));
        assert_eq!(all.errors_km.len(), 1);
        assert_eq!(all.acc161(), 1.0);
        let city = report.kind(EvalKind::City);
        assert_eq!((city.gold, city.predicted, city.errors_km.len()), (1, 1, 1));
        let country = report.kind(EvalKind::Country);
        assert_eq!((country.gold, country.predicted), (1, 1));
        assert_eq!(country.exact(), (1.0, 1.0, 1.0));
        assert_eq!(report.kind(EvalKind::Admin).gold, 0);
        let shown = report.to_string();
        assert!(shown.contains("Acc@161km 1.000"), "{shown}");
        assert!(shown.contains("AUC"), "{shown}");
        assert!(shown.contains("country "), "{shown}");
    }

    #[test]
    fn a_street_counts_as_other_though_it_is_a_mention_of_its_town() {
        let text = "A fire damaged a home on W. Bridge St. in Dublin, Ohio, on Monday.";
        let predicted = predict(crate::geoparse::test_gazetteer(), text);
        let kinds: Vec<(&str, EvalKind)> = predicted
            .iter()
            .map(|p| (&text[p.start..p.end], EvalKind::from_place_kind(p.kind)))
            .collect();
        assert_eq!(
            kinds,
            [
                ("W. Bridge St.", EvalKind::Other),
                ("Dublin", EvalKind::City),
                ("Ohio", EvalKind::Admin)
            ]
        );
    }

    fn mention(kind: PlaceKind, lat: f64, lon: f64) -> Predicted {
        Predicted {
            start: 0,
            end: 6,
            lat,
            lon,
            name: "Canada".into(),
            kind,
        }
    }

    #[test]
    fn a_country_is_right_in_the_outline_figure_when_the_gold_point_is_inside_it() {
        // Canada at GeoNames' point; the gold point 1,030 km east, still in Canada.
        let article = Article {
            text: "Canada".into(),
            toponyms: vec![GoldToponym {
                start: 0,
                end: 6,
                phrase: "Canada".into(),
                coords: Some((60.0, -95.0)),
                kind: EvalKind::Country,
            }],
        };
        let in_canada = |name: &str, [lon, _lat]: [f64; 2]| Some(name == "Canada" && lon < -60.0);
        let mut report = EvalReport::default();
        let pred = [mention(PlaceKind::Country, 60.1, -113.6)];
        score_article(&mut report, &article, &pred, &in_canada);
        let all = report.all();
        assert_eq!(all.acc161(), 0.0, "1,030 km off by distance");
        assert_eq!(all.acc161_in_outline(), 1.0, "inside the outline");
        // A city of that name, as far off, is not helped by the outline.
        let mut report = EvalReport::default();
        let pred = [mention(PlaceKind::City, 60.1, -113.6)];
        score_article(&mut report, &article, &pred, &in_canada);
        assert_eq!(report.all().acc161_in_outline(), 0.0);
        assert_eq!(report.kind(EvalKind::City).predicted, 1);
        assert_eq!(report.kind(EvalKind::Country).gold, 1);
    }

    #[test]
    fn auc_is_zero_for_no_error_and_one_for_half_the_globe() {
        let figures = |errors: Vec<f64>| Figures {
            errors_km: errors,
            ..Figures::default()
        };
        assert_eq!(figures(vec![0.0, 0.0, 0.0]).auc(), 0.0);
        assert!((figures(vec![MAX_ERROR_KM; 3]).auc() - 1.0).abs() < 1e-9);
        let mixed = figures(vec![0.0, 10.0, 1000.0]).auc();
        assert!(0.0 < mixed && mixed < 1.0, "{mixed}");
        let worse = figures(vec![0.0, 100.0, 5000.0]).auc();
        assert!(worse > mixed, "larger errors, larger area");
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
