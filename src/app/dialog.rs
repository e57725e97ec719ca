//! The platform's own file dialogs (`rfd`: the XDG desktop portal on Linux, with zenity as
//! its fallback), run on a thread of their own so that the window keeps drawing. Where no
//! dialog can be shown (no portal and no zenity, as under Xvfb or in CI), the app falls
//! back to its own path field.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// A dialog that answers sooner than this with nothing was not shown at all: no person
/// cancels a dialog that fast.
const TOO_FAST: Duration = Duration::from_millis(400);

/// What a dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Files: one article or story, or several to open as a collection.
    Files,
    /// A folder: a story folder, or a folder of articles.
    Folder,
}

/// What became of a dialog.
#[derive(Debug, PartialEq)]
pub enum Answer {
    /// Still open.
    Waiting,
    /// The paths chosen.
    Chosen(Vec<PathBuf>),
    /// Closed without a choice.
    Cancelled,
    /// No dialog could be shown: use the path field.
    Unavailable,
}

/// A dialog in progress.
pub struct Dialog {
    answer: Receiver<Option<Vec<PathBuf>>>,
    opened: Instant,
}

impl Dialog {
    /// Opens a dialog, unless `ARTICLE_MAP_NO_DIALOG` is set (scripts and tests use the
    /// path field).
    pub fn open(pick: Pick, start_in: Option<PathBuf>) -> Option<Dialog> {
        if std::env::var_os("ARTICLE_MAP_NO_DIALOG").is_some() {
            return None;
        }
        let (sender, answer) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new().set_title(match pick {
                    Pick::Files => "Open a story, an article or several articles",
                    Pick::Folder => "Open a story folder or a folder of articles",
                });
                if let Some(dir) = start_in.filter(|d| d.is_dir()) {
                    dialog = dialog.set_directory(dir);
                }
                let chosen = match pick {
                    Pick::Files => dialog.pick_files(),
                    Pick::Folder => dialog.pick_folder().map(|folder| vec![folder]),
                };
                let _ = sender.send(chosen);
            });
        spawned.ok().map(|_| Dialog {
            answer,
            opened: Instant::now(),
        })
    }

    /// Whether it answered.
    pub fn poll(&self) -> Answer {
        match self.answer.try_recv() {
            Ok(Some(paths)) if !paths.is_empty() => Answer::Chosen(paths),
            Ok(_) if self.opened.elapsed() < TOO_FAST => Answer::Unavailable,
            Ok(_) => Answer::Cancelled,
            Err(TryRecvError::Empty) => Answer::Waiting,
            Err(TryRecvError::Disconnected) => Answer::Unavailable,
        }
    }
}
