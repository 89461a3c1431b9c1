//! Text of an untrusted PDF, read in a process of its own with bounds on
//! memory, CPU and wall time.
//!
//! A PDF's streams are compressed: a few megabytes can inflate to gigabytes,
//! and a parser can loop. In the hub's own process either would take the
//! whole node down (and, retried at the next start, keep it down). So the
//! hub runs its own binary again with [`CHILD_ARG`]; the child lowers its
//! limits before it reads a byte, and the parent kills it when the time is
//! up. Whatever happens in there, the parent gets text or a reason.
//!
//! This module names no app state and owns no SQL.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{ExitCode, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The first argument that makes the `plenary` binary a PDF text reader.
pub const CHILD_ARG: &str = "__pdf-text";
/// Text beyond this many bytes is cut (the search index keeps no more).
pub const MAX_TEXT_BYTES: usize = 4 << 20;
/// Larger PDFs are not read at all.
pub const MAX_PDF_BYTES: u64 = 64 << 20;
/// What the child says on standard error is kept to this length.
const MAX_REASON_BYTES: u64 = 1024;

/// How the reader is run: which program, with which bounds.
#[derive(Debug, Clone)]
pub struct PdfText {
    /// The program and the arguments before the limits (the `plenary`
    /// binary and [`CHILD_ARG`]).
    pub command: Vec<String>,
    /// Address space the child may map.
    pub memory_bytes: u64,
    /// CPU time, and wall time (twice as much, for a loaded machine).
    pub time: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfTextError {
    /// The file is not a PDF the reader understands.
    #[error("unreadable PDF: {0}")]
    Unreadable(String),
    /// The reader ran out of memory or time, or crashed: the file is one
    /// this hub cannot read within its bounds.
    #[error("the PDF reader stopped: {0}")]
    Stopped(String),
    /// The reader could not be started at all (the operator's setting, not
    /// the file, is at fault).
    #[error("cannot start the PDF reader {program}: {error}")]
    Start { program: String, error: String },
}

impl PdfText {
    /// The reader as this binary runs it.
    pub fn this_binary(program: PathBuf, memory_bytes: u64, time: Duration) -> PdfText {
        PdfText {
            command: vec![program.display().to_string(), CHILD_ARG.to_string()],
            memory_bytes,
            time,
        }
    }

    /// Reads the text of `pdf` in a child process.
    pub async fn extract(&self, pdf: Vec<u8>) -> Result<String, PdfTextError> {
        let Some((program, args)) = self.command.split_first() else {
            return Err(PdfTextError::Start {
                program: String::new(),
                error: "no program configured".into(),
            });
        };
        let mut child = tokio::process::Command::new(program)
            .args(args)
            .arg(self.memory_bytes.to_string())
            .arg(self.time.as_secs().max(1).to_string())
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| PdfTextError::Start {
                program: program.clone(),
                error: e.to_string(),
            })?;
        let (Some(mut stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(PdfTextError::Stopped("no pipes to the reader".into()));
        };
        let run = async {
            // Written while the output is read, so neither pipe can fill and
            // wait on the other. A reader that stops early closes its input:
            // that write error is the exit status's to explain.
            let feed = async move {
                let _ = stdin.write_all(&pdf).await;
                drop(stdin);
            };
            let mut text = Vec::new();
            let mut reason = Vec::new();
            let read = async {
                let cap = u64::try_from(MAX_TEXT_BYTES).unwrap_or(u64::MAX) + 1;
                stdout.take(cap).read_to_end(&mut text).await
            };
            let mut stderr = stderr;
            let why = async {
                let _ = (&mut stderr)
                    .take(MAX_REASON_BYTES)
                    .read_to_end(&mut reason)
                    .await;
                // The rest is drained, so a talkative reader never blocks on it.
                tokio::io::copy(&mut stderr, &mut tokio::io::sink()).await
            };
            let ((), read, _) = tokio::join!(feed, read, why);
            read.map_err(|e| PdfTextError::Stopped(format!("reading its output: {e}")))?;
            if text.len() > MAX_TEXT_BYTES {
                return Err(PdfTextError::Stopped(format!(
                    "more than {MAX_TEXT_BYTES} bytes of text"
                )));
            }
            let status = child
                .wait()
                .await
                .map_err(|e| PdfTextError::Stopped(e.to_string()))?;
            let reason = String::from_utf8_lossy(&reason).trim().to_string();
            match status.code() {
                Some(0) => Ok(String::from_utf8_lossy(&text).into_owned()),
                Some(2) => Err(PdfTextError::Unreadable(reason)),
                Some(code) => Err(PdfTextError::Stopped(format!("exit code {code}: {reason}"))),
                None => Err(PdfTextError::Stopped(format!(
                    "ended by a signal ({status}); memory or CPU limit, or a crash: {reason}"
                ))),
            }
        };
        // Wall time: twice the CPU budget. Dropping the child kills it.
        match tokio::time::timeout(self.time * 2, run).await {
            Ok(result) => result,
            Err(_) => Err(PdfTextError::Stopped(format!(
                "took longer than {} s",
                (self.time * 2).as_secs()
            ))),
        }
    }
}

/// The child: `plenary __pdf-text <memory bytes> <cpu seconds>`, a PDF on
/// standard input, its text on standard output. Exit 0 with text, 2 for a
/// file it cannot read, 3 when it could not set its limits.
pub fn child_main(args: &[String]) -> ExitCode {
    let limit = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
    let (Some(memory), Some(cpu)) = (limit(0), limit(1)) else {
        eprintln!("usage: plenary {CHILD_ARG} <memory bytes> <cpu seconds>");
        return ExitCode::from(3);
    };
    use rlimit::Resource;
    for (resource, soft, hard) in [
        // What it allocates (heap and private mappings), not its address
        // space: that holds the whole program's code, which says nothing
        // about the PDF and grows with the hub.
        (Resource::DATA, memory, memory),
        (Resource::CPU, cpu, cpu.saturating_add(1)),
        // It writes no file and dumps no core of a hostile input.
        (Resource::FSIZE, 0, 0),
        (Resource::CORE, 0, 0),
        (Resource::NOFILE, 16, 16),
    ] {
        if let Err(e) = rlimit::setrlimit(resource, soft, hard) {
            eprintln!("cannot set {resource:?}: {e}");
            return ExitCode::from(3);
        }
    }
    let mut pdf = Vec::new();
    if let Err(e) = std::io::stdin().take(MAX_PDF_BYTES).read_to_end(&mut pdf) {
        eprintln!("reading the PDF: {e}");
        return ExitCode::from(2);
    }
    let text = match std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&pdf)) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
        Err(_) => {
            eprintln!("the PDF text extractor failed on this file");
            return ExitCode::from(2);
        }
    };
    let mut cut = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = std::io::stdout().lock();
    match out
        .write_all(&text.as_bytes()[..cut])
        .and_then(|()| out.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("writing the text: {e}");
            ExitCode::from(3)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(script: &str, time: Duration) -> PdfText {
        PdfText {
            // The limits arrive as $0 and $1; the script ignores them.
            command: vec!["/bin/sh".into(), "-c".into(), script.into()],
            memory_bytes: 1 << 30,
            time,
        }
    }

    #[tokio::test]
    async fn a_reader_that_does_not_finish_is_stopped_at_twice_its_time() {
        let slow = run("sleep 30", Duration::from_millis(500));
        let e = slow.extract(b"%PDF".to_vec()).await.expect_err("stopped");
        assert!(
            matches!(e, PdfTextError::Stopped(ref why) if why.contains("longer")),
            "{e}"
        );
    }

    #[tokio::test]
    async fn a_reader_that_talks_too_much_is_stopped() {
        let chatty = run("yes", Duration::from_secs(30));
        let e = chatty.extract(Vec::new()).await.expect_err("stopped");
        assert!(
            matches!(e, PdfTextError::Stopped(ref why) if why.contains("bytes of text")),
            "{e}"
        );
    }

    #[tokio::test]
    async fn exit_codes_tell_unreadable_files_from_stopped_readers() {
        let ok = run("cat >/dev/null; printf 'the text'", Duration::from_secs(30));
        assert_eq!(
            ok.extract(vec![0; 1 << 20]).await.expect("text"),
            "the text"
        );
        let unreadable = run("echo 'not a PDF' >&2; exit 2", Duration::from_secs(30));
        let e = unreadable
            .extract(Vec::new())
            .await
            .expect_err("unreadable");
        assert!(
            matches!(e, PdfTextError::Unreadable(ref why) if why == "not a PDF"),
            "{e}"
        );
        let killed = run("kill -9 $$", Duration::from_secs(30));
        let e = killed.extract(Vec::new()).await.expect_err("killed");
        assert!(
            matches!(e, PdfTextError::Stopped(ref why) if why.contains("signal")),
            "{e}"
        );
        let missing = PdfText {
            command: vec!["/nonexistent/plenary".into()],
            memory_bytes: 1 << 30,
            time: Duration::from_secs(1),
        };
        let e = missing.extract(Vec::new()).await.expect_err("no program");
        assert!(matches!(e, PdfTextError::Start { .. }), "{e}");
    }
}
