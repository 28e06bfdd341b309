"""Access rules of the security log (issue 17)."""

from tests.access.rules import rule
from tests.access.world import NOBODY

RULES = [
    rule("security.list", "GET", "/admin/security/", NOBODY,
         note="site admins only, and the world has none: tests/security_log lets an admin in"),
]
