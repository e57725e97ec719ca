//! The `article-map` binary: parses the command line and hands off.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("warn,tiny_skia=error"),
    )
    .init();
    let cli = article_map::cli::Cli::parse();
    let result = match &cli.command {
        Some(command) => {
            // Small writes are gathered; the large blocks of `extract` go straight through.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
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
