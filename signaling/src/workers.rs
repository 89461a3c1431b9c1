//! The threads the SFU runs on: each a single-threaded tokio runtime that
//! carries whole media rooms.
//!
//! A room's task builds its peer connections and spawns the tasks that
//! forward its tracks, and webrtc-rs spawns each connection's driver where it
//! is built: all of them land on the room's thread. A forwarded packet
//! (received by the publisher's connection, read by its forwarding task,
//! written to every subscriber's connection) then wakes tasks on one thread
//! only. On the shared multi-thread runtime those wakes crossed threads and
//! unparked idle workers, about a fifth of the SFU's CPU per packet
//! (`BENCHMARKS.md`). The price is that one room's media is bounded by one
//! core; rooms are spread over the workers.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::sync::oneshot;

/// The media worker threads of one node; they stop when this is dropped,
/// ending the rooms still on them.
#[derive(Debug)]
pub struct Workers {
    workers: Vec<Worker>,
}

#[derive(Debug)]
struct Worker {
    runtime: Handle,
    /// Its thread's name, the label of its figures.
    name: String,
    /// Rooms on this worker now.
    rooms: Arc<AtomicUsize>,
    /// Dropped to stop the thread.
    _stop: oneshot::Sender<()>,
}

impl Workers {
    /// Starts `count` workers (at least one). A worker that cannot start (the
    /// system refuses a thread) is left out and logged; with none at all,
    /// rooms run on the caller's runtime.
    pub fn start(count: usize) -> Workers {
        let workers: Vec<Worker> = (0..count.max(1))
            .filter_map(|i| match Worker::start(i) {
                Ok(worker) => Some(worker),
                Err(e) => {
                    tracing::error!("media worker {i} did not start: {e}");
                    None
                }
            })
            .collect();
        Workers { workers }
    }

    /// Runs `room` on the worker carrying the fewest rooms.
    pub fn spawn_room(&self, room: impl Future<Output = ()> + Send + 'static) {
        let Some(worker) = self
            .workers
            .iter()
            .min_by_key(|w| w.rooms.load(Ordering::Relaxed))
        else {
            tokio::spawn(room);
            return;
        };
        let count = RoomCount::new(worker.rooms.clone());
        let shown = crate::metrics::Held::new(
            metrics::gauge!("plenary_sfu_rooms", "thread" => worker.name.clone()),
        );
        worker.runtime.spawn(async move {
            let _count = (count, shown);
            room.await;
        });
    }

    /// Tasks alive on the workers (rooms, connection drivers, forwarding).
    pub fn alive_tasks(&self) -> usize {
        self.workers
            .iter()
            .map(|w| w.runtime.metrics().num_alive_tasks())
            .sum()
    }

    /// Rooms on each worker.
    #[cfg(test)]
    fn rooms(&self) -> Vec<usize> {
        self.workers
            .iter()
            .map(|w| w.rooms.load(Ordering::Relaxed))
            .collect()
    }
}

impl Worker {
    fn start(index: usize) -> std::io::Result<Worker> {
        let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel(1);
        let (stop, stopped) = oneshot::channel::<()>();
        let name = format!("plenary-media-{index}");
        std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(runtime.handle().clone()));
                // Returns once the `Workers` is dropped; dropping the runtime
                // then ends the tasks still on it.
                let _ = runtime.block_on(stopped);
            })?;
        let runtime = ready_rx
            .recv()
            .map_err(|_| std::io::Error::other("the worker thread ended at start"))??;
        Ok(Worker {
            runtime,
            name,
            rooms: Arc::new(AtomicUsize::new(0)),
            _stop: stop,
        })
    }
}

/// One room counted on its worker for as long as its task lives.
struct RoomCount(Arc<AtomicUsize>);

impl RoomCount {
    fn new(rooms: Arc<AtomicUsize>) -> RoomCount {
        rooms.fetch_add(1, Ordering::Relaxed);
        RoomCount(rooms)
    }
}

impl Drop for RoomCount {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn rooms_go_to_the_least_busy_worker_and_run_there() {
        let workers = Workers::start(2);
        let (end_a, a_ends) = oneshot::channel::<()>();
        let (thread_a, on_a) = oneshot::channel();
        workers.spawn_room(async move {
            let _ = thread_a.send(std::thread::current().name().map(String::from));
            let _ = a_ends.await;
        });
        let (thread_b, on_b) = oneshot::channel();
        workers.spawn_room(async move {
            // What a room spawns stays on its thread.
            let inner = tokio::spawn(async { std::thread::current().name().map(String::from) });
            let _ = thread_b.send(inner.await.ok().flatten());
            std::future::pending::<()>().await;
        });
        let a = on_a.await.expect("room a ran").expect("a named thread");
        let b = on_b.await.expect("room b ran").expect("a named thread");
        assert!(a.starts_with("plenary-media-"), "{a}");
        assert!(b.starts_with("plenary-media-"), "{b}");
        assert_ne!(a, b, "the second room goes to the idle worker");
        assert_eq!(workers.rooms(), vec![1, 1]);

        // A room that ends is no longer counted.
        end_a.send(()).expect("room a waits");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while workers.rooms().iter().sum::<usize>() != 1 {
            assert!(tokio::time::Instant::now() < deadline, "room a ended");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(workers.alive_tasks() >= 1);
    }

    #[tokio::test]
    async fn dropping_the_workers_ends_their_rooms() {
        let workers = Workers::start(1);
        let (dropped_tx, dropped) = oneshot::channel::<()>();
        struct Tell(Option<oneshot::Sender<()>>);
        impl Drop for Tell {
            fn drop(&mut self) {
                if let Some(tx) = self.0.take() {
                    let _ = tx.send(());
                }
            }
        }
        let tell = Tell(Some(dropped_tx));
        workers.spawn_room(async move {
            let _tell = tell;
            std::future::pending::<()>().await;
        });
        drop(workers);
        tokio::time::timeout(Duration::from_secs(5), dropped)
            .await
            .expect("the room ended with its worker")
            .expect("the room's state was dropped");
    }
}
