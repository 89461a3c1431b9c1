//! A TCP relay on loopback whose connections a test can cut at once, as a
//! network drop would: the browser reaches the hub through it (or the hub
//! a service), then both sides of every connection open at that moment are
//! closed; held, it closes every new one too, as a service that is down.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

#[derive(Debug)]
pub struct Cuttable {
    /// Where clients connect: give it to the hub as its public URL.
    pub url: String,
    target: Arc<OnceLock<String>>,
    open: Arc<Mutex<Vec<AbortHandle>>>,
    held: Arc<AtomicBool>,
    accepting: AbortHandle,
}

impl Cuttable {
    /// Listens now; relays once [`Cuttable::relay_to`] names the target.
    pub async fn bind() -> Cuttable {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr: SocketAddr = listener.local_addr().expect("local addr");
        let target = Arc::new(OnceLock::<String>::new());
        let open = Arc::new(Mutex::new(Vec::<AbortHandle>::new()));
        let held = Arc::new(AtomicBool::new(false));
        let (to, conns, holding) = (target.clone(), open.clone(), held.clone());
        let accepting = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let Some(target) = to.get().cloned() else {
                    continue;
                };
                if holding.load(Ordering::Relaxed) {
                    continue;
                }
                let relay = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                if let Ok(mut list) = conns.lock() {
                    list.retain(|h| !h.is_finished());
                    list.push(relay.abort_handle());
                }
            }
        })
        .abort_handle();
        Cuttable {
            url: format!("http://{addr}"),
            target,
            open,
            held,
            accepting,
        }
    }

    /// Relays to `url` (`http://host:port`).
    pub fn relay_to(&self, url: &str) {
        let _ = self
            .target
            .set(url.trim_start_matches("http://").to_string());
    }

    /// While held, the far side is down: the connections open are cut and
    /// new ones closed at once.
    pub fn hold(&self, held: bool) {
        self.held.store(held, Ordering::Relaxed);
        if held {
            self.cut();
        }
    }

    /// Closes every connection open now; new ones are relayed as before.
    pub fn cut(&self) -> usize {
        let handles = self
            .open
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default();
        let live = handles.iter().filter(|h| !h.is_finished()).count();
        for h in handles {
            h.abort();
        }
        live
    }
}

impl Drop for Cuttable {
    fn drop(&mut self) {
        self.accepting.abort();
        self.cut();
    }
}
