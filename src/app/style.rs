//! Fonts, colours and theme: the look in one place.

use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle};

/// The bold sans family, for highlighted mentions and headings.
pub const BOLD: &str = "sans-bold";
/// The serif family, for article text.
pub const SERIF: &str = "serif";
/// The bold serif family, for mentions inside article text.
pub const SERIF_BOLD: &str = "serif-bold";

/// Installs the bundled Noto fonts: sans for the interface, serif for the article.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    let faces: [(&str, &'static [u8]); 4] = [
        (
            "NotoSans-Regular",
            include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
        ),
        (
            "NotoSans-Bold",
            include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
        ),
        (
            "NotoSerif-Regular",
            include_bytes!("../../assets/fonts/NotoSerif-Regular.ttf"),
        ),
        (
            "NotoSerif-Bold",
            include_bytes!("../../assets/fonts/NotoSerif-Bold.ttf"),
        ),
    ];
    for (name, bytes) in faces {
        fonts
            .font_data
            .insert(name.to_owned(), FontData::from_static(bytes).into());
    }
    let fallbacks = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let family = |first: &str| {
        let mut list = vec![first.to_owned()];
        list.extend(fallbacks.iter().cloned());
        list
    };
    fonts
        .families
        .insert(FontFamily::Proportional, family("NotoSans-Regular"));
    fonts
        .families
        .insert(FontFamily::Name(BOLD.into()), family("NotoSans-Bold"));
    fonts
        .families
        .insert(FontFamily::Name(SERIF.into()), family("NotoSerif-Regular"));
    fonts.families.insert(
        FontFamily::Name(SERIF_BOLD.into()),
        family("NotoSerif-Bold"),
    );
    ctx.set_fonts(fonts);
}

/// Applies the light or dark theme with the app's text sizes.
pub fn apply_theme(ctx: &egui::Context, dark: bool) {
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    ctx.all_styles_mut(|style| {
        style
            .text_styles
            .insert(TextStyle::Body, FontId::new(14.0, FontFamily::Proportional));
        style.text_styles.insert(
            TextStyle::Button,
            FontId::new(14.0, FontFamily::Proportional),
        );
        style.text_styles.insert(
            TextStyle::Heading,
            FontId::new(20.0, FontFamily::Name(BOLD.into())),
        );
        style.text_styles.insert(
            TextStyle::Small,
            FontId::new(11.5, FontFamily::Proportional),
        );
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}

/// A font for article text.
pub fn serif(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(SERIF.into()))
}

/// A bold font for mentions in article text.
pub fn serif_bold(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(SERIF_BOLD.into()))
}

/// A bold interface font.
pub fn bold(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(BOLD.into()))
}

/// Distinct, print-friendly colours for places, picked by index.
const PLACE_COLOURS: [Color32; 10] = [
    Color32::from_rgb(200, 60, 45),  // vermilion
    Color32::from_rgb(31, 110, 180), // blue
    Color32::from_rgb(44, 140, 80),  // green
    Color32::from_rgb(150, 80, 170), // purple
    Color32::from_rgb(215, 125, 20), // orange
    Color32::from_rgb(20, 140, 150), // teal
    Color32::from_rgb(190, 60, 120), // magenta
    Color32::from_rgb(120, 100, 40), // olive
    Color32::from_rgb(80, 90, 200),  // indigo
    Color32::from_rgb(160, 50, 50),  // brick
];

/// The colour of place `index`: its marker, its list entry and its mentions.
pub fn place_colour(index: usize) -> Color32 {
    PLACE_COLOURS[index % PLACE_COLOURS.len()]
}

/// A soft background for a mention of a place with colour `colour`.
pub fn highlight_fill(colour: Color32, dark: bool) -> Color32 {
    let alpha = if dark { 90 } else { 55 };
    Color32::from_rgba_unmultiplied(colour.r(), colour.g(), colour.b(), alpha)
}

/// Background of the sentence the tour is on.
pub fn tour_sentence_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(255, 220, 120, 40)
    } else {
        Color32::from_rgba_unmultiplied(255, 215, 90, 70)
    }
}
