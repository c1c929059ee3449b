//! The one thread guest lists are read on.
//!
//! Reading a list takes memory in proportion to it: a 20 MiB CSV of 190,000
//! guests about 100 MiB while it is read. Read on tokio's blocking threads,
//! each list landed on whichever thread was free, and the allocator keeps
//! memory a thread freed near that thread: sixteen such uploads, read two at
//! a time, took the web app to 723 MB (`benches/load/uploads.sh`). One
//! long-lived thread reads every list, one at a time, and each list reuses
//! the memory of the one before (377 MB at the peak, measured the same way).

use std::sync::OnceLock;
use std::sync::mpsc;

use crate::error::{Error, Result};

type Job = Box<dyn FnOnce() + Send>;

/// The reader thread's queue, started on first use.
static READER: OnceLock<mpsc::Sender<Job>> = OnceLock::new();

fn queue() -> &'static mpsc::Sender<Job> {
    READER.get_or_init(|| {
        let (jobs, incoming) = mpsc::channel::<Job>();
        let started = std::thread::Builder::new()
            .name("guest-list-reader".into())
            .spawn(move || {
                for job in incoming {
                    // A panic ends that job (its caller sees it fail), not
                    // the thread.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
        if let Err(e) = started {
            // Without the thread every later read fails with an error naming it.
            tracing::error!(error = %e, "cannot start the guest-list reader thread");
        }
        jobs
    })
}

/// Runs `read` on the reader thread, after the lists queued before it, and
/// waits for its result without blocking the async runtime.
///
/// # Errors
/// [`Error::Internal`] when the reader thread could not be started or `read`
/// panicked.
pub(crate) async fn on_reader_thread<T, F>(read: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = reply.send(read());
    });
    queue()
        .send(job)
        .map_err(|_| Error::Internal("the guest-list reader thread is not running".into()))?;
    answer
        .await
        .map_err(|_| Error::Internal("reading the guest list failed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_in_turn_and_outlives_a_panicking_read() {
        assert_eq!(on_reader_thread(|| 2 + 2).await.expect("read"), 4);
        let failed = on_reader_thread(|| -> u8 { panic!("a broken reader") }).await;
        assert!(matches!(failed, Err(Error::Internal(_))), "{failed:?}");
        let name = on_reader_thread(|| std::thread::current().name().map(str::to_owned))
            .await
            .expect("read after the panic");
        assert_eq!(name.as_deref(), Some("guest-list-reader"));
    }
}
