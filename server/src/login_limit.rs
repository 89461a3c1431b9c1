//! The sign-in limit: failed sign-ins counted per (address, account), per
//! account and per address, in a fixed window, in this process or in Redis.
//!
//! A try is *reserved* before the password is checked: all three counters are
//! checked and raised in one atomic step, so a burst of parallel guesses gets
//! at most a budget's worth of verdicts. A sign-in that succeeds gives its
//! reservation back. The per-account budget stops guessing one account from
//! many addresses; the per-address budget stops spraying one password over
//! many accounts; the (address, account) budget, the smallest, is what a
//! user who mistypes meets, so one attacker cannot lock an account out for
//! its owner before the account's own budget is spent.
//!
//! With `redis_url` every node shares the counters (keys owned here, under
//! `plenary:login:` and a hash of the hub's public URL, so several hubs may
//! share one Redis). The limit fails closed: no verdict while Redis is away.
//! This module owns no SQL and names no app state.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many failures each counter allows within one window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginPolicy {
    pub per_pair: u32,
    pub per_account: u32,
    pub per_address: u32,
    pub window: Duration,
}

/// Why a try was not reserved.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    #[error("too many failed sign-ins; retry in {retry_after_secs} s")]
    Exceeded { retry_after_secs: u64 },
    #[error("the sign-in limit's store is unavailable: {0}")]
    Unavailable(String),
}

/// The three counters a try from `address` at `account` raises, in the order
/// of [`LoginPolicy::limits`].
fn counters(address: IpAddr, account: &str) -> [String; 3] {
    [
        format!("pair:{address}:{account}"),
        format!("account:{account}"),
        format!("address:{address}"),
    ]
}

impl LoginPolicy {
    fn limits(&self) -> [u32; 3] {
        [self.per_pair, self.per_account, self.per_address]
    }
}

/// The decision, apart from where counts live: the first counter whose
/// budget is spent, if any.
fn spent(counts: [u32; 3], limits: [u32; 3]) -> Option<usize> {
    (0..3).find(|&i| counts[i] >= limits[i])
}

enum Counters {
    /// A std mutex: each use is a few map operations and never awaits.
    Memory(Mutex<HashMap<String, (Instant, u32)>>),
    Redis {
        connection: redis::aio::ConnectionManager,
        prefix: String,
        reserve: redis::Script,
        release: redis::Script,
    },
}

impl std::fmt::Debug for Counters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Counters::Memory(_) => "Counters::Memory",
            Counters::Redis { .. } => "Counters::Redis",
        })
    }
}

/// The sign-in limit of this hub.
#[derive(Debug)]
pub struct LoginLimiter {
    policy: LoginPolicy,
    counters: Counters,
}

/// Checks every budget, then raises every counter, in one step. Returns
/// `{1, 0}` when reserved, else `{0, ms left of the spent counter's window}`.
const RESERVE: &str = r"
for i = 1, 3 do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n >= tonumber(ARGV[i]) then
    return {0, redis.call('PTTL', KEYS[i])}
  end
end
for i = 1, 3 do
  if redis.call('INCR', KEYS[i]) == 1 then
    redis.call('PEXPIRE', KEYS[i], ARGV[4])
  end
end
return {1, 0}
";

/// Gives a reservation back: the pair's count goes, the others drop by one.
const RELEASE: &str = r"
redis.call('DEL', KEYS[1])
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
    redis.call('DECR', KEYS[i])
  end
end
return 1
";

impl LoginLimiter {
    /// Counts in this process (one node).
    pub fn in_memory(policy: LoginPolicy) -> LoginLimiter {
        LoginLimiter {
            policy,
            counters: Counters::Memory(Mutex::new(HashMap::new())),
        }
    }

    /// Counts in Redis, shared by every node of the hub at `public_url`.
    pub async fn redis(
        policy: LoginPolicy,
        url: &str,
        public_url: &str,
    ) -> Result<LoginLimiter, LimitError> {
        let client =
            redis::Client::open(url).map_err(|e| LimitError::Unavailable(e.to_string()))?;
        let connection = client
            .get_connection_manager()
            .await
            .map_err(|e| LimitError::Unavailable(e.to_string()))?;
        let hub = &crate::auth::token_hash(public_url)[..16];
        Ok(LoginLimiter {
            policy,
            counters: Counters::Redis {
                connection,
                prefix: format!("plenary:login:{hub}:"),
                reserve: redis::Script::new(RESERVE),
                release: redis::Script::new(RELEASE),
            },
        })
    }

    /// Reserves one try for `account` from `address`, or says how long to wait.
    pub async fn reserve(&self, address: IpAddr, account: &str) -> Result<(), LimitError> {
        let keys = counters(address, account);
        let limits = self.policy.limits();
        let window = self.policy.window;
        match &self.counters {
            Counters::Memory(map) => {
                let now = Instant::now();
                let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
                if map.len() > 100_000 {
                    map.retain(|_, (start, _)| now.duration_since(*start) < window);
                }
                let current = keys.each_ref().map(|k| match map.get(k) {
                    Some((start, n)) if now.duration_since(*start) < window => (*start, *n),
                    _ => (now, 0),
                });
                if let Some(i) = spent(current.map(|(_, n)| n), limits) {
                    let left = window.saturating_sub(now.duration_since(current[i].0));
                    return Err(LimitError::Exceeded {
                        retry_after_secs: left.as_secs().max(1),
                    });
                }
                for (k, (start, n)) in keys.into_iter().zip(current) {
                    map.insert(k, (start, n + 1));
                }
                Ok(())
            }
            Counters::Redis {
                connection,
                prefix,
                reserve,
                ..
            } => {
                let mut script = reserve.prepare_invoke();
                for k in &keys {
                    script.key(format!("{prefix}{k}"));
                }
                for l in limits {
                    script.arg(l);
                }
                script.arg(u64::try_from(window.as_millis()).unwrap_or(u64::MAX));
                let (reserved, left_ms): (i64, i64) = script
                    .invoke_async(&mut connection.clone())
                    .await
                    .map_err(|e| LimitError::Unavailable(e.to_string()))?;
                if reserved == 1 {
                    Ok(())
                } else {
                    let left = u64::try_from(left_ms).unwrap_or(1000);
                    Err(LimitError::Exceeded {
                        retry_after_secs: left.div_ceil(1000).max(1),
                    })
                }
            }
        }
    }

    /// Gives back the try of a sign-in that succeeded.
    pub async fn release(&self, address: IpAddr, account: &str) -> Result<(), LimitError> {
        let keys = counters(address, account);
        match &self.counters {
            Counters::Memory(map) => {
                let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
                map.remove(&keys[0]);
                for k in &keys[1..] {
                    if let Some((_, n)) = map.get_mut(k) {
                        *n = n.saturating_sub(1);
                    }
                }
                Ok(())
            }
            Counters::Redis {
                connection,
                prefix,
                release,
                ..
            } => {
                let mut script = release.prepare_invoke();
                for k in &keys {
                    script.key(format!("{prefix}{k}"));
                }
                let _: i64 = script
                    .invoke_async(&mut connection.clone())
                    .await
                    .map_err(|e| LimitError::Unavailable(e.to_string()))?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LoginPolicy {
        LoginPolicy {
            per_pair: 2,
            per_account: 3,
            per_address: 4,
            window: Duration::from_secs(60),
        }
    }

    fn ip(last: u8) -> IpAddr {
        [192, 0, 2, last].into()
    }

    #[test]
    fn the_first_spent_budget_is_named() {
        assert_eq!(spent([0, 0, 0], [2, 3, 4]), None);
        assert_eq!(spent([2, 0, 0], [2, 3, 4]), Some(0));
        assert_eq!(spent([1, 3, 9], [2, 3, 4]), Some(1));
        assert_eq!(spent([1, 2, 4], [2, 3, 4]), Some(2));
    }

    #[tokio::test]
    async fn a_pair_gets_its_budget_then_waits() {
        let l = LoginLimiter::in_memory(policy());
        l.reserve(ip(1), "a@b.org").await.expect("first");
        l.reserve(ip(1), "a@b.org").await.expect("second");
        assert!(matches!(
            l.reserve(ip(1), "a@b.org").await,
            Err(LimitError::Exceeded { retry_after_secs }) if retry_after_secs <= 60
        ));
        // Another address may still try the account, up to its own budget.
        l.reserve(ip(2), "a@b.org")
            .await
            .expect("the account's third");
        assert!(
            l.reserve(ip(3), "a@b.org").await.is_err(),
            "the account's budget"
        );
    }

    #[tokio::test]
    async fn one_address_spraying_accounts_is_stopped() {
        let l = LoginLimiter::in_memory(policy());
        for n in 0..4 {
            l.reserve(ip(9), &format!("user{n}@b.org"))
                .await
                .expect("within the address's budget");
        }
        assert!(l.reserve(ip(9), "user5@b.org").await.is_err());
        assert!(
            l.reserve(ip(8), "user5@b.org").await.is_ok(),
            "others are not"
        );
    }

    #[tokio::test]
    async fn a_success_gives_its_try_back() {
        let l = LoginLimiter::in_memory(policy());
        for _ in 0..10 {
            l.reserve(ip(1), "a@b.org").await.expect("reserved");
            l.release(ip(1), "a@b.org").await.expect("released");
        }
    }
}
