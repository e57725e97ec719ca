//! The `article-map` binary: parses the command line and hands off.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    env_logger::Builder::from_env(
        env_logger::Env::default()
            .default_filter_or("warn,tiny_skia=error,lopdf=error,pdf_extract=error"),
    )
    .init();
    let cli = article_map::cli::Cli::parse();
    let result = match &cli.command {
        Some(command) => {
            // Small writes are gathered; the large blocks of `extract` go straight through.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout());
            article_map::cli::run_command(command, &mut out)
                .and_then(|()| std::io::Write::flush(&mut out).map_err(Into::into))
        }
        None => article_map::app::run(cli.app),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Standard output for the commands. On Unix, its file descriptor without the standard
/// library's line buffering, which looks for the last line break in every write: `extract`
/// writes megabytes of JSON a block at a time, and the buffer above already gathers small
/// writes.
fn stdout() -> Box<dyn std::io::Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd as _;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout().lock())
}
