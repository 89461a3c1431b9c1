## Why a value was refused: the message beside the field (the rule's name stays as it is)
-symbol-example = A/57/L.12, A/C.2/57/SR.12 or A/57/L.12/Rev.1
invalid-empty = must not be empty
invalid-too-long = must be at most { $max } characters (got { $got })
invalid-control-characters = must not contain control characters (newlines, tabs, NUL)
invalid-control-characters-in-text = must not contain control characters other than newlines and tabs
invalid-email = must be an email address such as name@example.org (ASCII, at most 254 characters)
invalid-password-too-short = must be at least { $min } characters (got { $got })
invalid-password-too-long = must be at most { $max } characters
invalid-code = must be 1 to 32 characters of A-Z, 0-9, '-', '.', '/' (e.g. FRA)
invalid-too-many = at most { $max } entries (got { $got })
invalid-unknown-body = no body has this id
invalid-unknown-room = no room has this id
invalid-unknown-delegation = no delegation has this id
invalid-unknown-meeting = no meeting has this id
invalid-unknown-user = no active user has this id
invalid-date = must be a date YYYY-MM-DD between the years 2000 and 2100
invalid-date-shape = expected a date, YYYY-MM-DD
invalid-time-zone = must be an IANA time zone name such as Europe/Zurich or America/New_York
invalid-wall-clock = must be a wall-clock time YYYY-MM-DDTHH:MM[:SS], e.g. 2026-11-30T10:00
invalid-years = must be in the years 2000 to 2100
invalid-skipped-time = { $time } does not exist in { $zone } (the clocks skip it); choose another time
invalid-repeated-time = { $time } happens twice in { $zone } (the clocks fall back); choose another time
invalid-ends-before-starts = must be after the start
invalid-meeting-too-long = a meeting lasts at most { $hours } hours
invalid-capacity = must be from 1 to { $max } seats
invalid-range-end = must be after the start and at most ten years later
invalid-before-from = is before the start
invalid-delegate-without-delegation = a delegate must belong to a delegation
invalid-not-a-delegate = only delegates belong to a delegation
invalid-own-account = an administrator cannot disable their own account
invalid-symbol-length = must be 1 to { $max } characters; expected a symbol such as { -symbol-example }
invalid-symbol-parts = must have 2 to { $max } parts separated by '/'; expected a symbol such as { -symbol-example }
invalid-symbol-series = must start with the series in capitals (A, S, E, ST, ...); expected a symbol such as { -symbol-example }
invalid-symbol-part = the part “{ $part }” is not valid; expected a symbol such as { -symbol-example }
invalid-symbol-with-lineage = give the symbol without /Rev, /Add or /Corr; corrigenda get /Corr.N when published
invalid-idempotency-key = required header: 1 to 200 visible ASCII characters, new for each publish and the same when retrying it
invalid-idempotency-key-used = this key already published revision { $revision }; use a new key for a new publish
invalid-protocol = this hub speaks protocol { $version }; reload the page
invalid-language = expected one of ar, zh, en, fr, ru, es
invalid-distribution = expected general, limited or restricted
invalid-limit = expected 1 to { $max }
invalid-offset = at most { $max }; narrow the search instead
invalid-filename = must not contain '/', '\' or '"'
invalid-empty-file = the file is empty
invalid-digest = the bytes received have SHA-256 { $sha256 }, not the one declared
invalid-body-of-meeting = differs from the body of the meeting
invalid-agenda-needs-meeting = an agenda item needs a meeting
invalid-restricted-only = only a restricted document names delegations
invalid-reply-limits = at most { $max } rights of reply, each of { $min } to { $most } seconds
invalid-not-secretariat = the secretary of a meeting must be a member of the secretariat
invalid-unreadable = could not be read: { $reason }

## Why a request cannot be done as things stand (a problem's detail)
refusal-body-name-taken = A body with this name exists.
refusal-room-name-taken = A room with this name exists.
refusal-email-taken = A user with this email exists.
refusal-delegation-code-taken = A delegation with this code exists.
refusal-symbol-taken = A document with this symbol exists.
refusal-minutes-exist = This meeting has minutes, or their symbol is taken.
refusal-published-meanwhile = They were published meanwhile.
refusal-meeting-closed = The meeting is “{ $status }”; it can no longer be changed.
refusal-cancelled-meanwhile = The meeting was cancelled meanwhile.
refusal-only-scheduled-cancels = The meeting is “{ $status }”; only a scheduled meeting can be cancelled.
refusal-not-joinable = The meeting is “{ $status }”; it cannot be joined.
refusal-not-in-review = The minutes are “{ $state }”; send them to review first.
refusal-not-newest = Revision { $revision } is not the newest; revision { $head } is.
refusal-changed-while-publishing = The minutes changed while they were being published; reload and try again.
refusal-base-unknown = The revision this was edited from is unknown.
refusal-nothing-written = Nothing has been written yet.
refusal-moved-meanwhile = The minutes are no longer “{ $state }”; reload them.
refusal-withdrawn = The document is withdrawn.
refusal-csrf-token = The form's security token is missing or out of date; reload the page.
refusal-csrf-origin = The request did not come from this hub's pages.
refusal-csrf-header = The X-CSRF-Token header is missing or wrong.
refusal-retry-in =
    { $seconds ->
        [one] Try again in { $seconds } second.
       *[other] Try again in { $seconds } seconds.
    }

## The skeleton of the minutes, drafted from the record, in the minutes' language
minutes-attendance = Attendance
minutes-agenda = Agenda
minutes-proceedings = Proceedings
minutes-decisions = Decisions
minutes-chair = Chair: { $names }
minutes-secretary = Secretary of the meeting: { $names }
minutes-present = Delegations present ({ $count }): { $names }.
minutes-none-present = No delegation was recorded as present.
minutes-nothing = Nothing was recorded.
minutes-item = Agenda item { $number }: { $title }
minutes-called-to-order = The meeting was called to order.
minutes-resumed = The meeting was resumed.
minutes-suspended = The meeting was suspended.
minutes-adjourned = The meeting was adjourned.
minutes-point-of-order = , on a point of order
minutes-right-of-reply = , in exercise of the right of reply
minutes-over = { $duration } over the time limit
minutes-no-limit = no limit
minutes-by-chair = The Chair
minutes-by-secretary = The Secretary of the meeting, on behalf of the Chair,
minutes-speaking-limit = { $by } set the speaking time to { $limit }.
minutes-removed = { $by } removed { $who } from the meeting.
minutes-locked = { $by } locked the meeting.
minutes-unlocked = { $by } unlocked the meeting.
minutes-inserted = { $by } inserted { $who } in the list of speakers.
minutes-struck = { $by } struck { $who } from the list of speakers.
minutes-list-closed = { $by } closed the list of speakers.
minutes-list-reopened = { $by } reopened the list of speakers.
minutes-vote = (recorded vote: { $yes } in favour, { $no } against, { $abstaining } abstaining)
minutes-vote-taken = A vote was taken on { $title }.
minutes-vote-taken-recorded = A recorded vote was taken on { $title }.
minutes-vote-taken-secret = A vote was taken by secret ballot on { $title }.
minutes-vote-taken-roll-call = A vote was taken by roll-call on { $title }. { $lot }, having been drawn by lot by the Chair, was called upon to vote first.
minutes-vote-in-favour = In favour: { $names }.
minutes-vote-against = Against: { $names }.
minutes-vote-abstaining = Abstaining: { $names }.
minutes-vote-none = none
minutes-vote-ballots = Number of ballot papers: { $ballots }. Abstentions: { $blank }. Number of members voting: { $voting }. Required majority: { $required }.
minutes-vote-obtained = Number of votes obtained: { $counts }.
minutes-vote-elected = Having obtained the required majority, { $names } { $count ->
    [one] was
   *[other] were
} elected.
minutes-vote-further = { $seats ->
    [one] One seat remains
   *[other] { $seats } seats remain
} to be filled; a further ballot will be held among { $names }.
minutes-vote-without = { $title } was adopted without a vote.
minutes-vote-adopted = { $title } was adopted by { $yes } votes to { $no }, with { $abstaining } abstentions.
minutes-vote-rejected = { $title } was rejected by { $yes } votes to { $no }, with { $abstaining } abstentions.
minutes-vote-no-quorum = { $title } was not decided: { $present } members were present, and the quorum is { $quorum }.
minutes-unended = { $who } had the floor from { $time }; the end was not recorded.
minutes-participant = participant { $number }
minutes-h = h
minutes-min = min
minutes-s = s

## The meeting record's page (staff and the chair)
record-title = Meeting record
record-time = Time
record-act = What
record-who = Who
record-by = By
record-detail = Details
record-empty = Nothing was recorded.
record-to-everyone = to everyone
record-to-presiding = to the chair and the secretariat
record-to-one = privately to { $name }
record-lines = { $count } on the list
record-kind-joined = joined
record-kind-left = left
record-kind-disconnected = connection lost
record-kind-reconnected = back
record-kind-admitted = admitted
record-kind-refused = refused
record-kind-readmitted = readmitted
record-kind-removed = removed
record-kind-access_ended = access ended
record-kind-reseated = role changed
record-kind-access_changed = access changed
record-kind-hands_changed = hands
record-kind-speakers_changed = list of speakers
record-kind-floor_given = floor given
record-kind-floor_ended = turn ended
record-kind-time_warning = time nearly up
record-kind-time_expired = time up
record-kind-status_changed = status
record-kind-lock_changed = lock
record-kind-speaking_limit_changed = speaking time
record-kind-item_taken_up = item taken up
record-kind-decision_recorded = decision
record-kind-mute_requested = muted
record-kind-mute_lifted = unmuted
record-kind-chat = message
record-kind-floor_limit_changed = time of this turn
record-kind-share_stopped = share stopped
