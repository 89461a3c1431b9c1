//! What crosses between the nodes carrying one meeting's media, as one node
//! sees it: which tracks of the others it forwards here (and from which
//! node), and which nodes want each track published here. Everything is
//! soft state: a node says again every half second what it has and what it
//! wants, and what it stops saying for [`Routing::forget_ms`] is forgotten,
//! so a node that dies leaves nothing behind. The driver sends the messages
//! and carries out the [`Change`]s; time is an argument.

use crate::sfu::{MonoMillis, Source, TrackKey};
use plenary_protocol::signal::ParticipantId;
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

/// What the driver must do after a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Forward a track of the node at `from` here, as a remote seat's.
    Publish { track: TrackKey, from: SocketAddr },
    /// Stop forwarding a relayed track (its node stopped saying it has it).
    Unpublish { track: TrackKey },
    /// A track published here now crosses to these nodes.
    Relay {
        track: TrackKey,
        to: Vec<SocketAddr>,
    },
    /// A node began to want a camera: its subscribers need a key frame.
    Keyframe { track: TrackKey },
}

/// One node's view of the relay for one meeting.
#[derive(Debug, Clone)]
pub struct Routing {
    forget_ms: u64,
    /// Tracks published on other nodes and forwarded here: from where, and
    /// when that node last said it has them.
    remote: BTreeMap<TrackKey, (SocketAddr, MonoMillis)>,
    /// Tracks published here.
    local: BTreeSet<TrackKey>,
    /// For each track published here, the nodes that want it and when each
    /// last said so.
    wants: BTreeMap<TrackKey, BTreeMap<SocketAddr, MonoMillis>>,
}

impl Routing {
    pub fn new(forget_ms: u64) -> Routing {
        Routing {
            forget_ms,
            remote: BTreeMap::new(),
            local: BTreeSet::new(),
            wants: BTreeMap::new(),
        }
    }

    /// Where a relayed track comes from (`None`: published here, or unknown).
    pub fn origin(&self, track: TrackKey) -> Option<SocketAddr> {
        self.remote.get(&track).map(|(from, _)| *from)
    }

    /// The tracks published here, for `Have`.
    pub fn have(&self) -> Vec<TrackKey> {
        self.local.iter().copied().collect()
    }

    /// The tracks relayed here from `node`.
    pub fn relayed_from(&self, node: SocketAddr) -> Vec<TrackKey> {
        self.remote
            .iter()
            .filter(|(_, (from, _))| *from == node)
            .map(|(t, _)| *t)
            .collect()
    }

    /// A track is now published by a seat on this node; were it relayed
    /// before (the seat moved here), that ends.
    pub fn published_here(&mut self, track: TrackKey) -> Vec<Change> {
        self.local.insert(track);
        match self.remote.remove(&track) {
            Some(_) => vec![Change::Unpublish { track }],
            None => Vec::new(),
        }
    }

    /// A track published here ended: it crosses to nobody.
    pub fn unpublished_here(&mut self, track: TrackKey) {
        self.local.remove(&track);
        self.wants.remove(&track);
    }

    /// The node at `from` says it has `tracks` (all of them). `seated_here`
    /// tells whether a participant is seated on this node, whose own
    /// connection is then the truth.
    pub fn heard_have(
        &mut self,
        from: SocketAddr,
        tracks: &[TrackKey],
        seated_here: impl Fn(ParticipantId) -> bool,
        now: MonoMillis,
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        for track in tracks {
            if track.source == Source::Interpretation
                || self.local.contains(track)
                || seated_here(track.owner)
            {
                continue;
            }
            match self.remote.get_mut(track) {
                Some((origin, seen)) if *origin == from => *seen = now,
                Some(entry) => {
                    // Its publisher moved to another node.
                    *entry = (from, now);
                    changes.push(Change::Unpublish { track: *track });
                    changes.push(Change::Publish {
                        track: *track,
                        from,
                    });
                }
                None => {
                    self.remote.insert(*track, (from, now));
                    changes.push(Change::Publish {
                        track: *track,
                        from,
                    });
                }
            }
        }
        let withdrawn: Vec<TrackKey> = self
            .remote
            .iter()
            .filter(|(t, (origin, _))| *origin == from && !tracks.contains(t))
            .map(|(t, _)| *t)
            .collect();
        for track in withdrawn {
            self.remote.remove(&track);
            changes.push(Change::Unpublish { track });
        }
        changes
    }

    /// The node at `from` says it wants `tracks` of this node (all of them).
    pub fn heard_want(
        &mut self,
        from: SocketAddr,
        tracks: &[TrackKey],
        now: MonoMillis,
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        for track in self.local.iter().copied() {
            let nodes = self.wants.entry(track).or_default();
            let wanted = tracks.contains(&track);
            let changed = match wanted {
                true => nodes.insert(from, now).is_none(),
                false => nodes.remove(&from).is_some(),
            };
            if changed {
                changes.push(Change::Relay {
                    track,
                    to: nodes.keys().copied().collect(),
                });
                if wanted && !track.source.is_audio() {
                    changes.push(Change::Keyframe { track });
                }
            }
        }
        changes
    }

    /// Forgets what was not said again within `forget_ms` of `now`.
    pub fn expire(&mut self, now: MonoMillis) -> Vec<Change> {
        let forget = self.forget_ms;
        let mut changes = Vec::new();
        let gone: Vec<TrackKey> = self
            .remote
            .iter()
            .filter(|(_, (_, seen))| now.since(*seen) >= forget)
            .map(|(t, _)| *t)
            .collect();
        for track in gone {
            self.remote.remove(&track);
            changes.push(Change::Unpublish { track });
        }
        for (track, nodes) in self.wants.iter_mut() {
            let before = nodes.len();
            nodes.retain(|_, at| now.since(*at) < forget);
            if nodes.len() != before {
                changes.push(Change::Relay {
                    track: *track,
                    to: nodes.keys().copied().collect(),
                });
            }
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    fn track(owner: u64, source: Source) -> TrackKey {
        TrackKey {
            owner: ParticipantId(owner),
            source,
        }
    }

    const T0: MonoMillis = MonoMillis(0);
    const FORGET: u64 = 2_000;

    #[test]
    fn another_node_s_tracks_are_forwarded_while_it_says_it_has_them() {
        let mut r = Routing::new(FORGET);
        let (a, cam, mic) = (
            node(1),
            track(1, Source::Camera),
            track(1, Source::Microphone),
        );
        let changes = r.heard_have(a, &[cam, mic], |_| false, T0);
        assert_eq!(
            changes,
            vec![
                Change::Publish {
                    track: cam,
                    from: a
                },
                Change::Publish {
                    track: mic,
                    from: a
                }
            ]
        );
        assert_eq!(r.origin(cam), Some(a));
        // Said again: nothing new. Said without the camera: it goes.
        assert!(r
            .heard_have(a, &[cam, mic], |_| false, MonoMillis(500))
            .is_empty());
        assert_eq!(
            r.heard_have(a, &[mic], |_| false, MonoMillis(1_000)),
            vec![Change::Unpublish { track: cam }]
        );
        // Not said again for two seconds: forgotten.
        assert!(r.expire(MonoMillis(2_999)).is_empty());
        assert_eq!(
            r.expire(MonoMillis(3_000)),
            vec![Change::Unpublish { track: mic }]
        );
        assert_eq!(r.origin(mic), None);
    }

    #[test]
    fn a_seat_here_is_never_taken_from_another_node_and_a_move_changes_origin() {
        let mut r = Routing::new(FORGET);
        let (a, b) = (node(1), node(2));
        let cam = track(1, Source::Camera);
        // Seated here: its own connection is the truth.
        assert!(r
            .heard_have(a, &[cam], |p| p == ParticipantId(1), T0)
            .is_empty());
        // Published here: the same.
        let mine = track(2, Source::Camera);
        assert!(r.published_here(mine).is_empty());
        assert!(r.heard_have(a, &[mine], |_| false, T0).is_empty());
        // A channel track is never published anywhere.
        let channel = track(3, Source::Interpretation);
        assert!(r.heard_have(a, &[channel], |_| false, T0).is_empty());
        // The seat moves from a to b: taken down and up again from b.
        r.heard_have(a, &[cam], |_| false, T0);
        assert_eq!(
            r.heard_have(b, &[cam], |_| false, MonoMillis(100)),
            vec![
                Change::Unpublish { track: cam },
                Change::Publish {
                    track: cam,
                    from: b
                }
            ]
        );
        // a's next `Have` (without it now) takes nothing of b's down.
        assert!(r.heard_have(a, &[], |_| false, MonoMillis(200)).is_empty());
        assert_eq!(r.origin(cam), Some(b));
        // It moves here at last: the relayed one gives way.
        assert_eq!(
            r.published_here(cam),
            vec![Change::Unpublish { track: cam }]
        );
    }

    #[test]
    fn a_track_crosses_to_the_nodes_that_want_it_until_they_stop_saying_so() {
        let mut r = Routing::new(FORGET);
        let (b, c) = (node(2), node(3));
        let (cam, mic) = (track(1, Source::Camera), track(1, Source::Microphone));
        r.published_here(cam);
        r.published_here(mic);
        assert_eq!(r.have(), vec![mic, cam]);
        // b wants both: each crosses to b, and the camera starts at a key frame.
        assert_eq!(
            r.heard_want(b, &[cam, mic], T0),
            vec![
                Change::Relay {
                    track: mic,
                    to: vec![b]
                },
                Change::Relay {
                    track: cam,
                    to: vec![b]
                },
                Change::Keyframe { track: cam },
            ]
        );
        // c wants the microphone only.
        assert_eq!(
            r.heard_want(c, &[mic], T0),
            vec![Change::Relay {
                track: mic,
                to: vec![b, c]
            }]
        );
        // Said again: nothing changes. A track not published here is ignored.
        let other = track(9, Source::Camera);
        assert!(r
            .heard_want(b, &[cam, mic, other], MonoMillis(500))
            .is_empty());
        // b no longer wants the camera.
        assert_eq!(
            r.heard_want(b, &[mic], MonoMillis(1_000)),
            vec![Change::Relay {
                track: cam,
                to: vec![]
            }]
        );
        // c falls silent: after two seconds the microphone crosses to b only.
        assert_eq!(
            r.expire(MonoMillis(2_100)),
            vec![Change::Relay {
                track: mic,
                to: vec![b]
            }]
        );
        // The track ends here: wanted by nobody any more.
        r.unpublished_here(mic);
        assert!(r.heard_want(b, &[mic], MonoMillis(2_200)).is_empty());
        assert_eq!(r.have(), vec![cam]);
    }
}
