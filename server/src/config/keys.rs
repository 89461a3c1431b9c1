//! Every configuration key: its name, what it does, its default and its
//! bounds, written once and read by parsing and by `plenary config`.

/// A configuration key: its name in `plenary.toml`, what it means, its default.
#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    pub doc: &'static str,
    pub default: &'static str,
    /// For a whole number: the least and the most it may be (its default,
    /// when a number, is `default`).
    pub range: Option<(u64, u64)>,
}

/// Every configuration key. Environment name: `PLENARY_` + upper-cased name.
pub const KEYS: &[Key] = &[
    Key {
        name: "addr",
        doc: "Address the HTTP server binds, host:port.",
        default: "127.0.0.1:8080",
        range: None,
    },
    Key {
        name: "data",
        doc: "Folder for the embedded backends (SQLite file, objects).",
        default: "./data",
        range: None,
    },
    Key {
        name: "database_url",
        doc: "`sqlite://PATH` or `postgres://USER@HOST/DB` (PostgreSQL for several nodes).",
        default: "sqlite://<data>/plenary.db",
        range: None,
    },
    Key {
        name: "public_url",
        doc: "URL users reach the hub at; used for links, feed URLs and the Origin check.",
        default: "http://<addr>",
        range: None,
    },
    Key {
        name: "admin_email",
        doc: "First start only: the admin account to create.",
        default: "(generated: admin@plenary.local)",
        range: None,
    },
    Key {
        name: "admin_password",
        doc: "First start only: that admin's password, 12 characters or more.",
        default: "(generated and printed once)",
        range: None,
    },
    Key {
        name: "session_hours",
        doc: "Lifetime of a sign-in session, in hours.",
        default: "12",
        range: Some((1, 720)),
    },
    Key {
        name: "session_idle_minutes",
        doc: "A session unused for this long ends (a meeting of three hours fits in the default), in minutes.",
        default: "240",
        range: Some((5, 43200)),
    },
    Key {
        name: "cookie_secure",
        doc: "Mark the session cookie `Secure` (then named `__Host-plenary_session`); `true` or `false`.",
        default: "true unless public_url is on loopback",
        range: None,
    },
    Key {
        name: "max_body_bytes",
        doc: "Largest JSON request body accepted, in bytes.",
        default: "1048576",
        range: Some((1024, 67108864)),
    },
    Key {
        name: "max_upload_bytes",
        doc: "Largest document file accepted, in bytes (16 GiB at most).",
        default: "536870912",
        range: Some((1024, 17179869184)),
    },
    Key {
        name: "login_max_failures",
        doc: "Failed sign-ins allowed per address and email within the window.",
        default: "5",
        range: Some((1, 1000)),
    },
    Key {
        name: "login_max_failures_per_account",
        doc: "Failed sign-ins allowed per email from all addresses within the window.",
        default: "50",
        range: Some((1, 100000)),
    },
    Key {
        name: "login_max_failures_per_address",
        doc: "Failed sign-ins allowed per client address over all emails within the window.",
        default: "30",
        range: Some((1, 100000)),
    },
    Key {
        name: "anonymous_search_per_minute",
        doc: "Searches a minute one client address may make without signing in (an IPv6 client counts by its /64).",
        default: "60",
        range: Some((1, 100000)),
    },
    Key {
        name: "trusted_proxies",
        doc: "Reverse proxies whose X-Forwarded-For names the client, addresses or ranges separated by ',', e.g. 10.0.0.5,10.1.0.0/16. Without it every client behind a proxy shares the proxy's address.",
        default: "(none)",
        range: None,
    },
    Key {
        name: "login_window_secs",
        doc: "Window of the sign-in failure limit, in seconds.",
        default: "900",
        range: Some((1, 86400)),
    },
    Key {
        name: "http_header_timeout_secs",
        doc: "Time a connection has to send a request's whole head (also how long an idle keep-alive connection stays), in seconds.",
        default: "10",
        range: Some((1, 300)),
    },
    Key {
        name: "http_request_timeout_secs",
        doc: "Time a request may take, its body included (document uploads aside: they stream while they move), in seconds.",
        default: "60",
        range: Some((1, 3600)),
    },
    Key {
        name: "http_idle_timeout_secs",
        doc: "A connection on which no byte moves either way for this long is closed, in seconds.",
        default: "120",
        range: Some((20, 3600)),
    },
    Key {
        name: "http_max_connections",
        doc: "Most connections served at once, websockets included; past it newcomers wait.",
        default: "10000",
        range: Some((1, 1000000)),
    },
    Key {
        name: "db_max_connections",
        doc: "Database connection pool size.",
        default: "10",
        range: Some((1, 200)),
    },
    Key {
        name: "s3_endpoint",
        doc: "S3-compatible server for archived files, e.g. http://127.0.0.1:3900; unset keeps them under <data>/objects.",
        default: "(unset: local folder)",
        range: None,
    },
    Key { name: "s3_bucket", doc: "Bucket of the archive on that server.", default: "plenary", range: None },
    Key { name: "s3_region", doc: "Region name the server expects (Garage: its s3_region).", default: "garage", range: None },
    Key { name: "s3_access_key_id", doc: "Access key id for the bucket.", default: "(required with s3_endpoint)", range: None },
    Key {
        name: "s3_secret_access_key",
        doc: "Secret key for the bucket; prefer s3_secret_access_key_file.",
        default: "(required with s3_endpoint)",
        range: None,
    },
    Key {
        name: "redis_url",
        doc: "Redis for live meeting state shared by several nodes, e.g. redis://127.0.0.1:6379; unset keeps it in this process.",
        default: "(unset: in process)",
        range: None,
    },
    Key {
        name: "live_grace_secs",
        doc: "How long a participant whose connection dropped keeps their seat, hand and place on the list, in seconds.",
        default: "60",
        range: Some((5, 3600)),
    },
    Key {
        name: "live_max_participants",
        doc: "Most participants in one live meeting, lobby included.",
        default: "1000",
        range: Some((2, 10000)),
    },
    Key {
        name: "live_max_seats_per_user",
        doc: "Seats one user may hold in one live meeting at once (several devices, a window reopened).",
        default: "3",
        range: Some((1, 20)),
    },
    Key {
        name: "node_url",
        doc: "This node's own URL, when several nodes share Redis: browsers open media connections to the node carrying a meeting's media.",
        default: "(public_url)",
        range: None,
    },
    Key {
        name: "media_bind",
        doc: "Address the SFU's UDP sockets bind to (an interface address, not 0.0.0.0).",
        default: "127.0.0.1",
        range: None,
    },
    Key {
        name: "media_ports",
        doc: "UDP ports for media, LOW-HIGH (one per connected participant), e.g. 40000-40999.",
        default: "(any free port)",
        range: None,
    },
    Key {
        name: "media_public_ip",
        doc: "The address browsers reach the SFU at when this node is behind a 1:1 NAT.",
        default: "(unset: the bound address)",
        range: None,
    },
    Key {
        name: "media_peer_addresses",
        doc: "The addresses browsers' ICE candidates may name for the SFU to send to: public, private (also RFC 1918 and the like) or loopback (also 127.0.0.1). A candidate naming another kind is refused.",
        default: "(loopback when media_bind is; private when media_bind is private and media_public_ip unset; else public)",
        range: None,
    },
    Key {
        name: "media_workers",
        doc: "Threads the SFU runs on. Each carries whole meetings: one meeting's media uses one core at most.",
        default: "(the number of cores)",
        range: Some((1, 256)),
    },
    Key {
        name: "stun_urls",
        doc: "STUN servers handed to browsers, separated by ','.",
        default: "(none)",
        range: None,
    },
    Key {
        name: "turn_urls",
        doc: "TURN servers handed to browsers, separated by ',', e.g. turn:turn.example.org:3478?transport=udp.",
        default: "(none)",
        range: None,
    },
    Key {
        name: "turn_secret",
        doc: "The TURN server's shared secret (coturn's static-auth-secret); prefer turn_secret_file.",
        default: "(required with turn_urls)",
        range: None,
    },
    Key {
        name: "turn_ttl_secs",
        doc: "How long TURN credentials handed to a browser can open a relay, in seconds; a seat in the media room gets fresh ones at half that.",
        default: "300",
        range: Some((10, 3600)),
    },
    Key {
        name: "browser_dir",
        doc: "Folder of the browser part (boot.js, plenary.js, plenary_bg.wasm) that infra/wasm.sh builds; the meeting room needs it.",
        default: "(unset: pages without the meeting room)",
        range: None,
    },
    Key {
        name: "pdf_fonts",
        doc: "Font files (TrueType outlines) drawn in published PDFs for scripts DejaVu Sans lacks, such as Chinese, separated by ':'.",
        default: "(the first of Droid Sans Fallback, WenQuanYi Micro Hei installed)",
        range: None,
    },
    Key {
        name: "pdf_text_memory_mb",
        doc: "Memory the process that reads a PDF's text for search may use, in MiB; a file that needs more is indexed by symbol and title only.",
        default: "1024",
        range: Some((64, 65536)),
    },
    Key {
        name: "pdf_text_seconds",
        doc: "CPU seconds that process may use (it is stopped after twice as long in wall time).",
        default: "60",
        range: Some((1, 3600)),
    },
    Key {
        name: "pdf_text_program",
        doc: "The plenary binary the PDF reader runs as (it is run with the argument __pdf-text).",
        default: "(this program)",
        range: None,
    },
    Key {
        name: "log",
        doc: "Log filter in `tracing` syntax, e.g. `info` or `plenary_server=debug`.",
        default: "info",
        range: None,
    },
];
