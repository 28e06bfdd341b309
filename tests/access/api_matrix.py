"""The token side of the access matrix: /api/v1 takes bearer tokens only, so each API route is
tried by every role through a token of every scope.

A rules_*.py module adds its API routes to `API_RULES` (next to its session `RULES`, where an
API route answers every session 401); tests/test_access_api.py collects them all, fails for an
API route without one, and pins every cell in tests/access/pinned_api.json.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.access.world import ROLES

# all_rw: every event of the owner, read-write; all_read: read-only; event_rw: scoped to the
# world's event; other_event_rw: scoped to the world's other event (where most have no role).
SCOPES = ("all_rw", "all_read", "event_rw", "other_event_rw")


@dataclass(frozen=True)
class ApiRule:
    """Who may use `method path` with an all-events read-write token of their own.

    The other scopes follow from it: a read-only token writes nothing, and a token scoped to
    an event reaches nothing of another one (`event`: whose the path is, "event" for the
    world's, "other_event" for its other one, None for a route of no one event). `public` routes need no token at all. `json` is the body, or a function of the
    world's values giving it; `prepare` may add objects first (it returns extra values)."""

    endpoint: str
    method: str
    path: str
    allowed: frozenset
    json: dict | Callable | None = None
    prepare: Callable | None = None
    event: str | None = "event"
    public: bool = False
    note: str = ""

    def __post_init__(self):
        unknown = set(self.allowed) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles {unknown} in API rule for {self.endpoint}")

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}"

    def body(self, values: dict):
        return self.json(values) if callable(self.json) else self.json

    def allows(self, role: str, scope: str | None) -> bool:
        """The expected answer of a cell: `scope` None is the anonymous request (no token)."""
        if self.public:
            return True
        if scope is None or role not in self.allowed:
            return False
        if scope == "all_read" and self.method not in ("GET", "HEAD"):
            return False
        if scope == "event_rw" and self.event == "other_event":
            return False
        return not (scope == "other_event_rw" and self.event == "event")


def api_rule(endpoint, method, path, allowed, **kw) -> ApiRule:
    return ApiRule(endpoint, method, path, frozenset(allowed), **kw)


def all_api_rules() -> list[ApiRule]:
    """The API_RULES list of every tests/access/rules_*.py module that has one."""
    import tests.access as package

    collected = []
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name.startswith("rules_"):
            module = importlib.import_module(f"tests.access.{module_info.name}")
            collected.extend(getattr(module, "API_RULES", []))
    return collected


@dataclass
class Cells:
    """The tokens of one rule's run: {(role, scope): headers}."""

    headers: dict = field(default_factory=dict)


def make_tokens(world) -> Cells:
    """A token of every scope for every role with an account."""
    from datetime import date, timedelta

    from reviewhub.api import tokens
    from reviewhub.extensions import db

    cells = Cells()
    expiry = date.today() + timedelta(days=30)
    events = {"all_rw": None, "all_read": None, "event_rw": world.event, "other_event_rw": world.other_event}
    for role, user in world.users.items():
        for scope in SCOPES:
            made = tokens.create_token(user, name=f"matrix {scope}", expires_on=expiry, event=events[scope],
                                       can_write=scope != "all_read")
            cells.headers[(role, scope)] = {"Authorization": f"Bearer {made.secret}"}
    db.session.commit()
    return cells
