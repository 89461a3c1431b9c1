"""A conference manager's day through the client openapi-python-client
generated from the hub's OpenAPI document (importable as `client`): sign in,
schedule a meeting, be refused one that ends before it starts, and find the
meeting in the Journal.

Usage: journal.py BASE_URL EMAIL PASSWORD
"""

import sys

from client import Client
from client.api.scheduling import get_journal, post_body, post_meeting
from client.api.sessions import create_session
from client.models import (
    Body,
    CreateBody,
    CreateMeeting,
    Journal,
    LoginRequest,
    Meeting,
    Problem,
    SessionInfo,
)

base, email, password = sys.argv[1:4]
api = Client(base_url=base, raise_on_unexpected_status=True, headers={"origin": base})
session = create_session.sync(client=api, body=LoginRequest(email=email, password=password))
assert isinstance(session, SessionInfo), session
# The session's cookie stays in this client's jar; writes carry its CSRF token.
api.get_httpx_client().headers["x-csrf-token"] = session.csrf_token

body = post_body.sync(client=api, body=CreateBody(name="Sixth Committee", symbol_prefix="A/C.6"))
assert isinstance(body, Body), body
meeting = post_meeting.sync(
    client=api,
    body=CreateMeeting(
        title="Responsibility of States for internationally wrongful acts",
        body_id=body.id,
        starts_local="2031-03-02T10:00",
        ends_local="2031-03-02T13:00",
        time_zone="America/New_York",
    ),
)
assert isinstance(meeting, Meeting), meeting

refused = post_meeting.sync_detailed(
    client=api,
    body=CreateMeeting(
        title="Backwards",
        body_id=body.id,
        starts_local="2031-03-02T13:00",
        ends_local="2031-03-02T10:00",
        time_zone="America/New_York",
    ),
)
assert refused.status_code == 422, refused
assert isinstance(refused.parsed, Problem), refused.parsed
assert refused.parsed.code == "validation_failed", refused.parsed

journal = get_journal.sync(client=api, date="2031-03-02", time_zone="America/New_York")
assert isinstance(journal, Journal), journal
found = [m for m in journal.meetings if m.id == meeting.id]
assert len(found) == 1 and found[0].title == meeting.title, journal
print(f"journal {journal.date}: {found[0].title}, {found[0].starts_local} {journal.time_zone}")
