//! The geoparser: the bundled story, and throughput on a large concatenated text (the
//! evaluation corpora's articles when `../shared/eval` is there, else the bundled story
//! repeated), plus loading the gazetteer.

use std::hint::black_box;

use article_map::geoparse::Gazetteer;
use article_map::story::geoparsed::gazetteer_dir;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn large_text(story: &str) -> String {
    let mut text = String::new();
    for corpus in ["../shared/eval/lgl.xml", "../shared/eval/TR-News.xml"] {
        if let Ok(articles) = article_map::geoparse::eval::read_corpus(std::path::Path::new(corpus))
        {
            for article in articles {
                text.push_str(&article.text);
                text.push_str("\n\n");
            }
        }
    }
    if text.is_empty() {
        text.push_str(story);
    }
    let unit = text.clone();
    while text.len() < 16 * 1024 * 1024 {
        text.push_str(&unit);
    }
    text
}

fn bench_geoparse(c: &mut Criterion) {
    c.bench_function("load the gazetteer", |b| {
        b.iter(|| black_box(Gazetteer::load(&gazetteer_dir()).expect("loads")));
    });
    let gazetteer = Gazetteer::load(&gazetteer_dir()).expect("the gazetteer loads");
    let story = std::fs::read_to_string(article_map::cli::bundled_story().join("article.txt"))
        .expect("the bundled article");
    let mut group = c.benchmark_group("geoparse");
    group.throughput(Throughput::Bytes(story.len() as u64));
    group.bench_function("bundled story", |b| {
        b.iter(|| black_box(gazetteer.geoparse(&story)))
    });
    let large = large_text(&story);
    group.throughput(Throughput::Bytes(large.len() as u64));
    group.sample_size(10);
    group.bench_function("16 MB of news", |b| {
        b.iter(|| black_box(gazetteer.geoparse(&large)))
    });
    group.finish();
}

criterion_group!(benches, bench_geoparse);
criterion_main!(benches);
