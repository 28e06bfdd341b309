"""Access rules of the bulk actions on the organizers' submissions list (a conflicted organizer
may use them, but never on their conflicted submission: tests/submissions/test_bulk.py)."""

from tests.access.rules import rule
from tests.access.world import ORGANIZERS

BASE = "/{slug}/manage/submissions/bulk"
RULES = [
    rule("submissions.bulk_zip", "POST", BASE + "/zip", ORGANIZERS, data={"sid": "{sid}"}),
    rule("submissions.bulk_extend", "POST", BASE + "/extend", ORGANIZERS, data={"until": "2031-01-01T12:00"}),
    rule("submissions.bulk_decide", "POST", BASE + "/decide", ORGANIZERS, data={"outcome": "1"}),
]
