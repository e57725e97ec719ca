//! The bundled Vladivostok story: the places a reader must see, with exactly the right
//! sentences.

use article_map::story::Story;

fn bundled() -> Story {
    Story::load(&article_map::cli::bundled_story()).expect("the bundled story loads")
}

/// The sentences that mention place `id`, one per excerpt, in reading order.
fn excerpts(story: &Story, id: &str) -> Vec<String> {
    let index = story.place_index(id).expect("the place exists");
    story
        .excerpts_of(index)
        .iter()
        .map(|e| story.sentence_text(e.sentence).to_owned())
        .collect()
}

fn mention_texts(story: &Story, id: &str) -> Vec<String> {
    let index = story.place_index(id).expect("the place exists");
    story
        .mentions_of(index)
        .map(|m| story.text[m.span.clone()].to_owned())
        .collect()
}

#[test]
fn vladivostok_has_four_mentions_in_four_sentences() {
    let story = bundled();
    assert_eq!(mention_texts(&story, "vladivostok"), ["Vladivostok"; 4]);
    assert_eq!(
        excerpts(&story, "vladivostok"),
        [
            "The leaders of Russia and North Korea have met in Vladivostok for their first-ever summit.",
            "The eyes of the world are “glued” to the developments on the Korean peninsula, North Korea’s dictator Kim Jong Un said while meeting Russian strongman Vladimir Putin in Vladivostok on Wednesday.",
            "Kim had arrived in the Russian border town of Hasan in his armored train on Wednesday before continuing his journey to Russia’s far eastern city of Vladivostok.",
            "Kim is scheduled to leave Vladivostok on Friday.",
        ]
    );
}

#[test]
fn russky_island_hasan_and_vietnam_have_one_mention_each() {
    let story = bundled();
    assert_eq!(
        excerpts(&story, "russky-island"),
        ["He and Putin are meeting at the university campus on the city’s Russky Island."]
    );
    assert_eq!(
        excerpts(&story, "hasan"),
        [
            "Kim had arrived in the Russian border town of Hasan in his armored train on Wednesday before continuing his journey to Russia’s far eastern city of Vladivostok."
        ]
    );
    assert_eq!(
        excerpts(&story, "vietnam"),
        [
            "It comes some two months after his long-awaited talks with US President Donald Trump broke down in Vietnam."
        ]
    );
    for id in ["russky-island", "hasan", "vietnam"] {
        assert_eq!(mention_texts(&story, id).len(), 1, "{id}");
    }
}

#[test]
fn pyongyang_has_two_mentions() {
    let story = bundled();
    assert_eq!(mention_texts(&story, "pyongyang"), ["Pyongyang"; 2]);
    assert_eq!(
        excerpts(&story, "pyongyang"),
        [
            "Observers believe the two leaders would also discuss some 10,000 North Korean laborers who are currently working in Russia, and are due to leave the country by the end of the year due to international sanctions against Pyongyang.",
            "While North Korea regards China as its key ally, the beginnings of the Communist state saw Pyongyang heavily reliant of the Soviet Union.",
        ]
    );
}

#[test]
fn demonyms_and_short_forms_count_as_mentions_of_their_country() {
    let story = bundled();
    let russia = mention_texts(&story, "russia");
    assert!(russia.iter().any(|m| m == "Russian"), "{russia:?}");
    assert!(
        mention_texts(&story, "north-korea")
            .iter()
            .any(|m| m == "North Korean")
    );
    assert!(
        mention_texts(&story, "north-korea")
            .iter()
            .any(|m| m == "the North")
    );
    assert!(
        mention_texts(&story, "south-korea")
            .iter()
            .any(|m| m == "the South")
    );
    assert_eq!(
        mention_texts(&story, "united-states"),
        ["US", "United States", "US", "US"]
    );
    assert_eq!(
        mention_texts(&story, "soviet-union"),
        ["Soviet Union", "Soviet"]
    );
    assert_eq!(mention_texts(&story, "korean-peninsula").len(), 2);
    assert_eq!(mention_texts(&story, "china"), ["China"]);
}

#[test]
fn the_heading_is_its_own_sentence() {
    let story = bundled();
    assert!(
        story
            .sentences
            .iter()
            .any(|s| &story.text[s.span.clone()] == "Putin to brief journalists")
    );
}

#[test]
fn the_bundled_story_has_no_warnings() {
    assert_eq!(bundled().warnings, Vec::<String>::new());
}
