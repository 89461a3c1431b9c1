//! The `plenary` binary: loads the configuration, sets up logging, and serves
//! or runs an operator's subcommand.

use clap::Parser;
use plenary_server::cli::{self, Cli, Command};
use plenary_server::{logging, App, Config};
use std::process::ExitCode;

fn main() -> ExitCode {
    // The PDF text reader runs before anything else is set up: it lowers its
    // own limits and should map nothing it does not need.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(plenary_server::pdftext::CHILD_ARG) {
        return plenary_server::pdftext::child_main(&args[1..]);
    }
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("plenary: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("plenary: {e}");
            return ExitCode::from(2);
        }
    };
    let logger = logging::logger(
        &config.log,
        std::io::stderr,
        // Colours for a terminal only: a journal or a file gets plain text.
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
        logging::SUMMARY_EVERY,
    );
    if let Err(e) = logging::install(logger) {
        eprintln!("plenary: cannot set up the log: {e}");
        return ExitCode::FAILURE;
    }
    for warning in &config.warnings {
        tracing::warn!("{warning}");
    }
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::User { action } => cli::run_user(&config, action)
            .await
            .map_err(|e| e.to_string()),
        Command::Config => {
            cli::print_config(&config);
            Ok(())
        }
        Command::Archive {
            action: cli::ArchiveAction::Verify,
        } => match cli::run_archive_verify(&config).await {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::FAILURE,
            Err(e) => Err(e.to_string()),
        },
        Command::Archive {
            action: cli::ArchiveAction::Sweep { older_than_minutes },
        } => cli::run_archive_sweep(
            &config,
            std::time::Duration::from_secs(older_than_minutes.saturating_mul(60)),
        )
        .await
        .map_err(|e| e.to_string()),
        Command::Search {
            action: cli::SearchAction::Rebuild,
        } => cli::run_search_rebuild(&config)
            .await
            .map_err(|e| e.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("plenary: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let addr = config.addr;
    let (state, generated) = App::start(config)
        .await
        .map_err(|e| format!("cannot start: {e}"))?;
    if let Some(admin) = generated {
        // Shown once: the password exists nowhere else in clear.
        println!("Created the first admin account. Sign in with:\n  email:    {}\n  password: {}\nThis is the only time the password is shown.", admin.email, admin.password);
    }
    let shutdown = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(%addr, "serving Plenary at {}", state.config.public_url);
    plenary_server::run(listener, state.clone(), shutdown)
        .await
        .map_err(|e| format!("server: {e}"))?;
    state.db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// A future that resolves on SIGTERM or Ctrl-C. The handlers are in place
/// when this returns, before the node answers anyone: a SIGTERM that
/// arrives as soon as the node is ready is a graceful stop, never the
/// default action's kill.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    // `ctrl_c` registers its handler on first poll: poll it once now.
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());
    let interrupted = futures_util::FutureExt::now_or_never(&mut ctrl_c).is_some();
    async move {
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        // A finished future must not be polled again.
        if !interrupted {
            tokio::select! { _ = ctrl_c => {}, _ = term => {} }
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
