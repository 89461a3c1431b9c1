# Plenary's interface in this language. One message per key; every key
# exists in all six languages (a test checks). Plurals follow the
# language's CLDR categories.


## Public pages: the Journal, meetings and documents

page-journal = Journal
page-no-meetings = No meetings on this day.
page-time = Time
page-meeting = Meeting
page-status = Status
page-agenda = Agenda
page-languages = Languages
page-skip-to-content = Skip to content
page-times-in = Times in
page-documents = Documents
page-other-documents = Other documents
page-no-documents = No documents yet.
page-issued = Issued
page-awaiting-translation = Awaiting translation
page-withdrawn = This document was withdrawn.
page-distribution = Distribution

## A meeting's status

status-scheduled = Scheduled
status-in-progress = In progress
status-suspended = Suspended
status-adjourned = Adjourned
status-cancelled = Cancelled

## Working pages: scheduling, documents, minutes, administration

work-schedule = Schedule
work-administration = Administration
work-audit-log = Audit log
work-library = Documents
work-minutes = Minutes
work-new-meeting = New meeting
work-edit-meeting = Edit the meeting
work-upcoming = Upcoming meetings
work-title = Title
work-body = Body
work-room = Room
work-no-room = No room (virtual)
work-start = Start
work-end = End
work-time-zone = Time zone
work-access = Access
work-public = Public
work-closed = Closed
work-invited = Invited delegations
work-agenda = Agenda
work-agenda-hint = One item per line; it may start with its number and a colon: 17 (a): Macroeconomic policy questions
work-create = Create
work-save = Save
work-edit = Edit
work-sending = Sending…
work-done = Done.
work-room-taken = The room is taken by another meeting:
work-interpreters = Interpreters
work-interprets-into = Interprets into
meeting-recordings = Recordings
meeting-download = Download
meeting-video = Video
meeting-interpretation = Interpretation
work-new-body = New body
work-name = Name
work-symbol-prefix = Symbol prefix
work-new-room = New room
work-capacity = Capacity
work-no-chair = No chair
work-set-chair = Set the chair
work-users = Users
work-delegations = Delegations
work-new-user = New user
work-new-delegation = New delegation
work-role = Role
work-delegation = Delegation
work-no-delegation = No delegation
work-code = Code
work-kind = Kind
work-member-state = Member State
work-observer = Observer
work-disable = Disable
work-enable = Enable
work-disabled = Disabled
work-password-hint = At least 12 characters
work-your-account = Your account
work-current-password = Current password
work-new-password = New password
work-change-password = Change the password
work-password-changed = Your password was changed. Your other sessions were signed out.
work-password-advice = At least 12 characters, and not one that guessers try first (a common password, your name or email). A few unrelated words make a good one.
work-two-factor = Two-factor sign-in
work-one-time-code = One-time code
work-enter-code = Enter the six-digit code your authenticator app shows, or one of your recovery codes.
work-two-factor-intro = Scan this QR code with an authenticator app (or type the secret below into it), then enter the six-digit code it shows.
work-secret = Secret
work-turn-on = Turn on
work-two-factor-is-on = Two-factor sign-in is on: after your password, you enter a code from your authenticator app.
work-two-factor-is-off = Two-factor sign-in is off.
work-recovery-codes-intro = Two-factor sign-in is on. Keep these recovery codes somewhere safe: each one signs you in once without your phone. They are shown only now.
work-turn-off = Turn off
work-two-factor-needed = Your role signs in with two factors: set them up to continue.
work-wrong-code = That code is not right. Enter the code your app shows now, or an unused recovery code.
work-go-on = Continue
work-two-factor-kept = Your role signs in with two factors; it stays on.
work-lineage = Related documents
work-lineage-revision-of = Revision of
work-lineage-addendum-to = Addendum to
work-lineage-corrigendum-to = Corrigendum to
work-lineage-revision = Revision
work-lineage-addendum = Addendum
work-lineage-corrigendum = Corrigendum
work-search = Search
work-search-words = Words or symbol
work-language = Language
work-any-language = Any language
work-distribution = Distribution
work-any-distribution = Any distribution
work-from = From
work-until = Until
work-found = documents
work-nothing-found = No documents found.
work-new-document = New document
work-symbol = Symbol
work-meeting = Meeting
work-no-meeting = No meeting
work-agenda-item = Agenda item
work-restricted-to = Restricted to
work-add-version = Add a language version
work-file = File
work-upload = Upload
work-uploaded = Uploaded.
work-upload-progress = Upload progress
work-start-minutes = Start the minutes
work-from-record = Draft from the meeting’s record
work-edit-minutes = Edit the minutes
work-write = Write
work-preview = Preview
work-saved-at = Saved, revision
work-saving-now = Saving…
work-unsaved = Unsaved changes
work-save-revision = Save a revision
work-submit-for-review = Submit for review
work-return-to-draft = Return to draft
work-publish = Publish
work-history = History
work-revision = Revision
work-autosave = autosave
work-restore = Restore this text
work-newer-revision = Someone saved a newer revision. Your text is kept below; merge it, then save.
work-not-published = The minutes are not published yet.
work-state = State
work-check-devices = Choose camera and microphone
work-join-with-devices = Join with these
work-cancel = Cancel
work-show = Show
work-my-meetings = My meetings only
work-previous-day = Previous day
work-next-day = Next day
work-calendar-file = Calendar (.ics)
work-feed = My calendar feed
work-feed-hint = An address for your calendar program that lists your meetings. Keep it private, like a password.
work-get-feed = Get the address
work-documents-feed = My documents feed
work-documents-feed-hint = An address for your feed reader that lists the newly issued documents you may read. Keep it private, like a password.
work-date = Date

## Roles

role-admin = Administrator
role-conference-manager = Conference manager
role-secretariat = Secretariat
role-delegate = Delegate
role-interpreter = Interpreter

## A document's distribution

distribution-general = General
distribution-limited = Limited
distribution-restricted = Restricted

## Where minutes stand

minutes-state-draft = Draft
minutes-state-in-review = In review
minutes-state-published = Published

## The meeting room and the sign-in page

room-room = Meeting room
room-connecting = Connecting…
room-connected = Connected
room-reconnecting = Connection lost; reconnecting…
room-ended = You are no longer in the meeting
room-participants = Participants
room-speakers = List of speakers
room-chat = Chat
room-send = Send
room-message = Message
room-raise-hand = Raise hand
room-lower-hand = Lower hand
room-inscribe = Inscribe
room-withdraw = Withdraw
room-point-of-order = Point of order
room-right-of-reply = Right of reply
room-has-floor = Has the floor
room-no-floor = Nobody has the floor
room-time-left = Time left
room-give-floor = Give the floor
room-next-speaker = Next speaker
room-end-floor = End the turn
room-mute = Mute
room-unmute = Unmute
room-remove = Remove
room-admit = Admit
room-refuse = Refuse
room-open = Open the meeting
room-suspend = Suspend
room-resume = Resume
room-adjourn = Adjourn
room-chair = Chair
room-join-media = Join with camera and microphone
room-leave-media = Stop audio and video
room-camera = Camera
room-microphone = Microphone
room-screen = Share screen
room-you = (you)
room-in-lobby = in the lobby
room-muted-by-chair = muted by the chair
room-hand-raised = hand raised
room-away = disconnected
room-device-check = Device check
room-video = Video
room-no-java-script = The meeting room needs JavaScript.
room-sign-in = Sign in
room-sign-out = Sign out
room-email = Email
room-password = Password
room-bad-credentials = Wrong email or password.
room-too-many-attempts = Too many attempts; try again later.
room-join = Join the meeting
room-speaking-time = Speaking time
room-account = Account

## Counts and dates

found-count =
    { $count ->
        [one] { $count } document
       *[other] { $count } documents
    }
date = { $day } { $month ->
         [1] January
         [2] February
         [3] March
         [4] April
         [5] May
         [6] June
         [7] July
         [8] August
         [9] September
         [10] October
         [11] November
        *[12] December
    } { $year }

## Problems the hub answers with (the title; the code stays as it is)
problem-invalid-json = Malformed request body
problem-unsupported-media-type = Expected application/json
problem-payload-too-large = Request body too large
problem-validation-failed = Invalid values
problem-unauthenticated = Sign in required
problem-invalid-credentials = Wrong email or password
problem-forbidden = Not allowed for your role
problem-csrf-failed = Cross-site request refused
problem-not-found = Not found
problem-method-not-allowed = Method not allowed
problem-room-conflict = The room is taken at that time
problem-interpreter-conflict = An interpreter is booked in another meeting at that time
problem-already-exists = Already exists
problem-invalid-state = Not possible in the current state
problem-stale-revision = Edited from an older revision
problem-rate-limited = Too many attempts
problem-upload-incomplete = The upload broke off
problem-range-not-satisfiable = Range beyond the end
problem-unavailable = A service is unavailable
problem-upgrade-required = Websocket upgrade required
problem-request-timeout = Request took too long
problem-internal = Internal error
problem-unreachable = The hub could not be reached

## The room: the chair's desk, the lists of speakers, private messages, shortcuts
room-desk = Chair's desk
room-item = Agenda item
room-take-up = Take up
room-no-item = No agenda item under discussion
room-lock = Lock the meeting
room-unlock = Unlock the meeting
room-mute-all = Mute all
room-go-informal = Hold informal consultations
room-go-formal = Resume the formal meeting
room-formal-note = Formal meeting: a microphone is heard only with the floor.
room-stop-share = Stop the share
room-close-list = Close the list
room-reopen-list = Reopen the list
room-list-closed = The list is closed.
room-order-by-level = Order: by level, then by time of inscription
room-order-by-chair = Order: as the chair set it
room-insert = Insert
room-delegation = Delegation
room-level = Level
room-place = Place
room-move-up = Move up
room-move-down = Move down
room-strike = Strike
room-level-head-of-state = Head of State or Government
room-level-minister = Minister
room-level-head-of-delegation = Head of delegation
room-level-other = Other speaker
room-replies-rule = Rights of reply per delegation and item
room-floor-time = Time for this speaker
room-list-time = Time on this list
room-to = To
room-to-everyone = Everyone
room-to-presiding = The chair and the secretariat
room-private = private
room-reply-privately = Reply privately
room-shortcuts = Keyboard shortcuts
room-close = Close
room-controls = Controls
room-secretary = Secretary of the meeting
room-no-speakers = Nobody is on the list.
room-statement = Statement
room-panel = Side panel
room-devices-failed = The camera or microphone could not be opened.
room-min = min
room-documents = Documents
room-no-documents = No document is issued for this item.
room-share-stopped = The chair stopped your screen share.
room-seconds-left = { $seconds ->
    [one] { $seconds } second left
   *[other] { $seconds } seconds left
}
room-floor-to = { $name } has the floor

## Why the room refused a request (one per code on the websocket)
room-error-bad-message = The hub could not read that request.
room-error-too-large = That message is too large.
room-error-rate-limited = Too many actions at once; slow down.
room-error-not-chair = Only the chair or the secretary of the meeting may do this.
room-error-no-such-participant = That participant is not in the meeting.
room-error-in-lobby = You are waiting in the lobby until the chair admits you.
room-error-not-in-progress = The meeting is not in progress.
room-error-adjourned = The meeting is adjourned.
room-error-meeting-full = The meeting is full.
room-error-too-many-seats = You already hold as many seats as allowed; close another window.
room-error-invalid-transition = The meeting cannot do that in its present state.
room-error-already-inscribed = Your delegation is already on the list.
room-error-list-empty = Nobody is on the list of speakers.
room-error-list-closed = The list of speakers is closed.
room-error-reply-limit = Your delegation has used its rights of reply under this item.
room-error-replies-after-list = Rights of reply are heard once the list of speakers is exhausted.
room-error-speaker-absent = Nobody of that delegation is in the meeting.
room-error-private-to-presiding = Delegates write to everyone or to the chair and the secretariat.
room-error-bad-chat = A message needs text, without control characters, and not too long.
room-error-bad-value = That value is out of range.
room-error-unavailable = The meeting's live state is unavailable; try again.
room-error-removed = The chair removed you from the meeting.
room-error-replaced = This seat was taken up in another window.
room-error-reseat = Your role in the meeting changed; joining again.
room-error-idle-timeout = Nothing was heard from this page for too long.
room-error-shutting-down = The hub is restarting; reconnecting.
room-error-not-in-media = Join with camera and microphone first.
room-error-media-full = The meeting's video has no room for more connections.
room-error-bad-sdp = The browser's media offer could not be used.
room-error-glare = The connection is renegotiating; try again.
room-error-media-timeout = The media connection stopped answering.
room-error-voting-in-progress = A vote is under way: this waits for its close. Only points of order on the conduct of the vote are heard.
room-error-no-vote = No vote of this number is open.
room-error-not-entitled = Only a delegate of a member state entitled to vote in this meeting votes, for their delegation.
room-error-already-voted = Your delegation has cast its ballot; a secret ballot cannot be changed.
room-error-not-your-turn = This is a roll-call: your delegation votes when it is called.
room-error-bad-ballot = This choice does not exist in this vote, or the ballot names more candidates than there are seats.
room-error-not-booked = You are not booked to interpret in this meeting.
room-error-no-booth = This meeting is not interpreted into that language.
room-error-not-at-booth = Only an interpreter at the booth does this (on air, for a handover).
room-error-on-air-taken = Your booth partner is on air: ask for a handover.
room-error-no-handover = No handover was asked of you.
room-error-relay-loop = A booth cannot take relay from itself or from a booth that takes relay from it.
room-error-interpreting = Interpreters take no part in the debate: hands and the list of speakers are the delegations'.
room-error-viewing = You are watching: a viewer does not speak or act in the meeting.

vote-title = Vote { $number }
vote-voting-panel = Vote
vote-kind = How
vote-kind-without_vote = Adoption without a vote
vote-kind-non_recorded = Non-recorded vote
vote-kind-recorded = Recorded vote
vote-kind-roll_call = Roll-call vote
vote-kind-secret = Secret ballot
vote-majority = Majority
vote-majority-simple = Simple majority of those present and voting
vote-majority-two_thirds = Two-thirds majority of those present and voting
vote-majority-at_least = A stated number of votes in favour
vote-at-least = At least { $votes } votes in favour
vote-quorum = A majority of the members must be present
vote-proposal = Proposal
vote-document = Document
vote-item = Agenda item
vote-is-open = Voting is open.
vote-closed-at = Closed at { $time }
vote-yes = Yes
vote-no = No
vote-abstain = Abstain
vote-in-favour = In favour
vote-against = Against
vote-abstaining = Abstaining
vote-members = Members
vote-present = Present
vote-voting = Present and voting
vote-required = Required majority
vote-ballots = Ballot papers
vote-blank = Blank ballots
vote-candidate = Candidate
vote-votes = Votes
vote-elected = Elected
vote-further = Further ballot among: { $names }
vote-lot = Drawn by lot to vote first: { $name }
vote-voted = { $count } of { $members } delegations have voted.
vote-outcome = Outcome
vote-outcome-adopted_without_vote = Adopted without a vote
vote-outcome-adopted = Adopted
vote-outcome-rejected = Rejected
vote-outcome-no_quorum = Not decided: no quorum
vote-outcome-elected = Every seat filled
vote-outcome-further_ballot = Seats remain: a further ballot
vote-your-vote = Your delegation voted: { $choice }.
vote-your-ballot = Your delegation has cast its ballot.
vote-cast = Cast the ballot
vote-ballot-hint = Name up to { $seats } candidates; naming none casts a blank ballot.
vote-calling = Called now: { $name }
vote-calling-again = Called again, absent at the first call: { $name }
vote-wait-call = Your delegation votes when it is called.
vote-call-next = Call the next delegation
vote-close = Close the vote and announce the result
vote-prepare = Put a question to the vote
vote-candidates = Candidates, one a line
vote-seats = Seats
vote-open = Open the vote
vote-page = The result's page
vote-none = none
vote-list = Votes taken

# Interpretation in the room
room-channel = Listen to
room-floor-channel = Floor (original)
room-floor-language = Language spoken on the floor
room-not-said = Not said
room-booth = Booth
room-on-air = On air
room-off-air = Off air
room-hand-over-to = Hand over to
room-take-over = Take over
room-handover-asked = Your partner asks you to take over.
room-hear = You hear
room-floor-in-your-language = The floor speaks your booth’s language: your channel carries the floor.
room-console = Interpreter’s console
room-watch = Watch and listen
room-viewing = You are watching: you see the floor and hear the channel you choose.
work-sponsors = Sponsors
work-main-sponsors = Main sponsors
work-co-sponsors = Co-sponsors
work-no-sponsors-yet = None yet
work-sponsors-open = The list is open: a delegate who signs for their delegation may add it or withdraw it.
work-sponsors-closed = The list is closed.
work-join-co-sponsors = Join the co-sponsors
work-leave-co-sponsors = Withdraw from the co-sponsors
work-name-main-sponsor = Name a main sponsor
work-close-sponsors = Close the list
work-sponsors-feed = Feed of changes
sponsor-act-main = named main sponsor
sponsor-act-add = joined the co-sponsors
sponsor-act-withdraw = withdrew from the co-sponsors
sponsor-act-close = list closed
work-signs-for-delegation = Signs for the delegation
work-let-sign = Let sign for the delegation
work-stop-signing = Stop signing for the delegation
work-observers-may-sponsor = Observers may sponsor its drafts
meeting-statements = Statements
meeting-check-against-delivery = Check against delivery: each text as handed in before it was delivered.
meeting-statements-to-come = Statements to come (for the secretariat and the interpreters)
meeting-hand-in-statement = Hand in your statement
meeting-hand-in-hint = Only the secretariat and the interpreters read it until your delegation takes the floor; then everyone who may read the meeting does.
