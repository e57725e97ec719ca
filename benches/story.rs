//! Loading and analysing a story: sentence splitting and mention finding, on the bundled
//! story and on a synthetic 10 MB article made by repeating it.

use article_map::story::{Story, sentences};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn bundled() -> Story {
    Story::load(&article_map::cli::bundled_story()).expect("the bundled story loads")
}

fn bench_story(c: &mut Criterion) {
    let story = bundled();
    let places = story.places.clone();
    let text = story.text.to_string();

    let mut group = c.benchmark_group("bundled story");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("load from disk and analyse", |b| {
        b.iter(|| black_box(bundled()));
    });
    group.bench_function("analyse (sentences and mentions)", |b| {
        b.iter(|| {
            black_box(Story::new(
                String::new(),
                Default::default(),
                text.clone(),
                places.clone(),
            ))
        });
    });
    group.finish();

    let mut large = String::with_capacity(10 * 1024 * 1024 + text.len());
    while large.len() < 10 * 1024 * 1024 {
        large.push_str(&text);
        large.push('\n');
    }
    let mut group = c.benchmark_group("10 MB article");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(large.len() as u64));
    group.bench_function("analyse (sentences and mentions)", |b| {
        b.iter(|| {
            black_box(Story::new(
                String::new(),
                Default::default(),
                large.clone(),
                places.clone(),
            ))
        });
    });
    group.bench_function("sentences only", |b| {
        b.iter(|| black_box(sentences::split_sentences(&large)));
    });
    group.finish();
}

criterion_group!(benches, bench_story);
criterion_main!(benches);
