//! A collection being read on worker threads while the window stays live: its progress,
//! and a Cancel that stops it and keeps what was open.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Instant;

use crate::collection::load::{Plan, load_with_previews};
use crate::collection::{Article, Collection};

/// What a finished load gives: the collection, nothing (cancelled), or why it failed.
pub type Outcome = Result<Option<Collection>, String>;

/// A collection being read.
pub struct Loading {
    /// What is being opened, for the progress line and the saved state.
    pub path: Option<PathBuf>,
    /// The collection's name.
    pub title: String,
    /// How many files there are.
    pub total: usize,
    /// How many are read.
    done: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    outcome: Receiver<Outcome>,
    /// Batches of articles read so far, for a big collection to fill the window as it goes.
    previews: Receiver<Vec<Article>>,
    /// When it started.
    pub started: Instant,
}

impl Loading {
    /// Starts reading `plan` on a thread of its own (which uses every core); `wake` is
    /// called after each file, to repaint the window.
    pub fn start(
        plan: Plan,
        path: Option<PathBuf>,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Loading {
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, outcome) = std::sync::mpsc::channel();
        let (preview_sender, previews) = std::sync::mpsc::channel();
        let (thread_done, thread_cancel) = (done.clone(), cancel.clone());
        let title = plan.title.clone();
        let total = plan.files.len();
        let spawned = std::thread::Builder::new()
            .name("collection-loader".into())
            .spawn(move || {
                let progress = |n: usize| {
                    thread_done.store(n, Ordering::Relaxed);
                    wake();
                };
                let preview = |articles: Vec<Article>| {
                    let _ = preview_sender.send(articles);
                    wake();
                };
                let result = load_with_previews(&plan, &progress, &thread_cancel, &preview)
                    .map_err(|err| err.to_string());
                let _ = sender.send(result);
                wake();
            });
        let loading = Loading {
            path,
            title,
            total,
            done,
            cancel,
            outcome,
            previews,
            started: Instant::now(),
        };
        if let Err(err) = spawned {
            log::warn!("cannot start the loader thread: {err}");
        }
        loading
    }

    /// How many files are read so far.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    /// Asks the loader to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether Cancel was pressed.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The articles read since the last call, in batches (only for a big collection).
    pub fn take_previews(&self) -> Vec<Article> {
        self.previews.try_iter().flatten().collect()
    }

    /// The outcome, once the loader is done.
    pub fn poll(&self) -> Option<Outcome> {
        match self.outcome.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(format!(
                "{}: reading the articles stopped unexpectedly",
                self.title
            ))),
        }
    }

    /// Waits for the outcome (tests, and the command-line start of a screenshot).
    pub fn wait(&self) -> Outcome {
        self.outcome.recv().unwrap_or_else(|_| {
            Err(format!(
                "{}: reading the articles stopped unexpectedly",
                self.title
            ))
        })
    }
}
