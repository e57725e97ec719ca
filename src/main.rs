//! The `article-map` binary: parses the command line and hands off.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = article_map::cli::Cli::parse();
    let result = match &cli.command {
        Some(command) => article_map::cli::run_command(command, &mut std::io::stdout().lock()),
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
