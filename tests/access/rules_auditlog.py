"""Access rules of the audit log viewer: organizers (rows about a conflicted organizer's
submissions are left out for them: tests/auditlog)."""

from tests.access.rules import rule
from tests.access.world import ORGANIZERS

RULES = [
    rule("auditlog.index", "GET", "/{slug}/manage/audit/", ORGANIZERS),
    rule("auditlog.export", "GET", "/{slug}/manage/audit/log.csv", ORGANIZERS),
]
