//! What the command-line tests share.

use std::process::{Command, Output};

/// Runs the binary with `args` in the repository's folder, as a user would.
pub fn article_map(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_article-map"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}
