//! The readers: body-extraction throughput on real saved news pages (`tests/fixtures/pages`,
//! or every `.html` in `$PAGES_DIR` when it is set), a page read and geoparsed, and the
//! PDF and Word fixtures. `benches/compare-trafilatura.sh` runs this beside Python
//! trafilatura on the same pages.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use article_map::readers;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn pages() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = std::env::var_os("PAGES_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages"),
        PathBuf::from,
    );
    let mut pages: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("the pages folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "html")
                && !p.to_string_lossy().ends_with(".expected.html")
        })
        .map(|p| {
            let bytes = std::fs::read(&p).expect("a page");
            (p, bytes)
        })
        .collect();
    pages.sort();
    pages
}

fn bench_readers(c: &mut Criterion) {
    let pages = pages();
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("readers");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function(
        format!("{} web pages to article bodies", pages.len()),
        |b| {
            b.iter(|| {
                for (path, page) in &pages {
                    let _ = black_box(readers::read_bytes(path, page));
                }
            })
        },
    );
    group.bench_function(format!("{} web pages, both cores", pages.len()), |b| {
        b.iter(|| {
            let next = std::sync::atomic::AtomicUsize::new(0);
            std::thread::scope(|scope| {
                for _ in 0..2 {
                    scope.spawn(|| {
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((path, page)) = pages.get(i) else {
                                break;
                            };
                            let _ = black_box(readers::read_bytes(path, page));
                        }
                    });
                }
            });
        })
    });
    // The floor under any reader built on html5ever: the same pages, their scripts, styles
    // and furniture cut as the reader cuts them, parsed into a tree and nothing more.
    let texts: Vec<String> = pages
        .iter()
        .map(|(_, page)| String::from_utf8_lossy(page).into_owned())
        .collect();
    group.bench_function(
        format!("{} web pages, HTML parse alone", pages.len()),
        |b| {
            b.iter(|| {
                for text in &texts {
                    let cut = readers::html::without_unread_parts(text);
                    black_box(dom_query::Document::from(cut.as_ref()));
                }
            })
        },
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readers");
    for name in ["report.pdf", "story.docx", "feed-rss.xml"] {
        let path = fixtures.join(name);
        let file = std::fs::read(&path).expect("fixture");
        group.throughput(Throughput::Bytes(file.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| black_box(readers::read_bytes(&path, &file).expect("reads")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_readers);
criterion_main!(benches);
