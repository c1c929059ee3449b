//! Group commit for scans.
//!
//! Door scans arrive in bursts. Committing each in its own transaction costs
//! one fsync per scan; measured on a 2-core machine, that tops out near 2,000
//! durable scans/s with answers delayed by up to 2 s when writers contend.
//! A [`ScanQueue`] instead hands every scan to one writer task, which takes all
//! scans waiting at that moment (up to [`MAX_BATCH`]), decides them in one
//! transaction through [`Store::scan_batch`] and answers each caller only after
//! the COMMIT returned. While one batch commits, the next one gathers.
//!
//! A caller that stops waiting (a dropped future) does not cancel its scan: once
//! queued it is decided and logged like any other.

use tokio::sync::{mpsc, oneshot};

use crate::error::{Error, Result};
use crate::model::{ScanOutcome, ScanRequest};
use crate::store::Store;

/// Most scans decided in one transaction.
pub const MAX_BATCH: usize = 512;
/// Scans that may wait for the writer before callers are slowed down.
pub const QUEUE_DEPTH: usize = 8192;
/// Longest one batch may take, in seconds. A database host that vanishes
/// without closing its connections (power cut, network gone) would otherwise
/// hold the writer, and so every later scan, until the operating system gives
/// up on the connection (minutes to hours). Past this, every scan of the batch
/// fails with [`Error::Database`]; a batch that did commit on the server just
/// before shows its tickets as already used on the next attempt. A commit of
/// 512 scans takes milliseconds (see the scan benchmark), so this is never hit
/// in normal operation.
pub const BATCH_TIMEOUT_SECS: u64 = 10;

/// Run by the writer with a scan's outcome (`None` when its batch failed)
/// before the caller hears it.
pub(crate) type AfterScan = Box<dyn FnOnce(Option<&ScanOutcome>) + Send>;

struct Job {
    request: ScanRequest,
    reply: oneshot::Sender<Result<ScanOutcome>>,
    then: Option<AfterScan>,
}

/// A handle to the scan writer task; cheap to clone.
#[derive(Clone, Debug)]
pub struct ScanQueue {
    jobs: mpsc::Sender<Job>,
}

impl Job {
    /// Runs its [`AfterScan`] with no outcome: the scan was never decided.
    fn undecided(self) {
        if let Some(then) = self.then {
            then(None);
        }
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.request.fmt(f)
    }
}

impl ScanQueue {
    /// Starts the writer task on the current tokio runtime. It runs until every
    /// handle is dropped.
    ///
    /// # Panics
    /// Outside a tokio runtime.
    pub fn start<S: Store>(store: S) -> Self {
        let (jobs, mut incoming) = mpsc::channel::<Job>(QUEUE_DEPTH);
        tokio::spawn(async move {
            let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
            let mut requests: Vec<ScanRequest> = Vec::with_capacity(MAX_BATCH);
            while incoming.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let mut replies = Vec::with_capacity(batch.len());
                for job in batch.drain(..) {
                    requests.push(job.request);
                    replies.push((job.reply, job.then));
                }
                let limit = std::time::Duration::from_secs(BATCH_TIMEOUT_SECS);
                let decided = match tokio::time::timeout(limit, store.scan_batch(&requests)).await {
                    Ok(decided) => decided,
                    Err(_) => Err(Error::from(sqlx::Error::Io(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!("the database did not answer within {BATCH_TIMEOUT_SECS} s"),
                    )))),
                };
                match decided {
                    Ok(outcomes) if outcomes.len() == replies.len() => {
                        for ((reply, then), outcome) in replies.into_iter().zip(outcomes) {
                            if let Some(then) = then {
                                then(Some(&outcome));
                            }
                            // The caller may have gone away; the scan stands regardless.
                            let _ = reply.send(Ok(outcome));
                        }
                    }
                    Ok(_) => {
                        let e = Error::Internal("scan batch answered the wrong count".into());
                        fail_all(replies, &e);
                    }
                    Err(e) => {
                        tracing::error!(error = %e, source = ?std::error::Error::source(&e), "scan batch failed");
                        fail_all(replies, &e);
                    }
                }
                requests.clear();
                if incoming.is_empty() {
                    store.scan_idle().await;
                }
            }
        });
        ScanQueue { jobs }
    }

    /// Queues one scan and waits until it is decided and durable. The scan
    /// is queued at once: a caller that stops waiting does not cancel it
    /// (when the queue is full, a task of its own waits for room).
    ///
    /// # Errors
    /// The storage error of the batch, or [`Error::Internal`] if the writer task stopped.
    pub async fn scan(&self, request: ScanRequest) -> Result<ScanOutcome> {
        self.queue(request, None).await
    }

    /// As [`ScanQueue::scan`], and the writer runs `then` with the outcome
    /// before answering (also when the caller stopped waiting).
    ///
    /// # Errors
    /// As [`ScanQueue::scan`].
    pub(crate) async fn scan_then(
        &self,
        request: ScanRequest,
        then: AfterScan,
    ) -> Result<ScanOutcome> {
        self.queue(request, Some(then)).await
    }

    async fn queue(&self, request: ScanRequest, then: Option<AfterScan>) -> Result<ScanOutcome> {
        let stopped = || Error::Internal("the scan writer has stopped".into());
        let (reply, answer) = oneshot::channel();
        let job = Job {
            request,
            reply,
            then,
        };
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(job)) => {
                let jobs = self.jobs.clone();
                tokio::spawn(async move {
                    if let Err(mpsc::error::SendError(job)) = jobs.send(job).await {
                        job.undecided();
                    }
                });
            }
            Err(mpsc::error::TrySendError::Closed(job)) => {
                job.undecided();
                return Err(stopped());
            }
        }
        answer.await.map_err(|_| stopped())?
    }
}

/// Answers every scan of a failed batch with `e` (after running each one's
/// [`AfterScan`] with no outcome).
fn fail_all(replies: Vec<(oneshot::Sender<Result<ScanOutcome>>, Option<AfterScan>)>, e: &Error) {
    for (reply, then) in replies {
        if let Some(then) = then {
            then(None);
        }
        let _ = reply.send(Err(e.clone()));
    }
}
