"""The access matrix, cell by cell: every rule's answer for every role, pinned in
tests/access/pinned.json.

For each rule and role it records the status (or "login" for the login redirect) and, for an
allowed POST, which tables it wrote. It also holds, for every cell: an allowed role is let in
(no 401/403/404/405, no 5xx, no login page) and a refused one is refused (403/404, the login
page for the public, 401 for a session on /api/v1); a refused request changes no table and
writes exactly one security event naming the account and the route (none for the login
page); a refused role gets the same answer for an existing object id as for one that does not
exist (walking ids tells nothing). One pass does all of it: each cell's world is built once.
After a deliberate change, re-record with REVIEWHUB_PIN_ACCESS=1 pytest
tests/test_access_pinned.py and review the diff of pinned.json.
"""

import json
import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.security.models import SecurityEvent
from tests.access.rules import all_rules
from tests.access.state import changed_tables, fingerprint
from tests.access.world import ROLES, build_world

# The matrix checks rules of permissions.py, which read the same on both databases: CI runs it
# on SQLite only (scripts/test: -m "not matrix" on PostgreSQL).
pytestmark = pytest.mark.matrix

RULES = all_rules()
PINNED_FILE = Path(__file__).parent / "access" / "pinned.json"
RECORD = os.environ.get("REVIEWHUB_PIN_ACCESS") == "1"
MISSING_OFFSET = 1_000_000


def rule_key(access_rule) -> str:
    prepared = access_rule.prepare.__name__ if access_rule.prepare else "-"
    return f"{access_rule.id} {access_rule.path} {prepared}"


def _load() -> dict:
    return json.loads(PINNED_FILE.read_text()) if PINNED_FILE.exists() else {}


def _save(pins: dict) -> None:
    """One rule per line, sorted, so parallel branches merge without conflicts."""
    lines = [f"  {json.dumps(key)}: {json.dumps(pins[key], sort_keys=True)}" for key in sorted(pins)]
    PINNED_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n")


DENIED = {403, 404}
NOT_ALLOWED_EITHER_WAY = {401, 403, 404, 405}


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and "/account/login" in response.headers.get("Location", "")


def _check_class(role, access_rule, path, response) -> None:
    """The cell's kind of answer, as the rule says: let in, or refused."""
    code = response.status_code
    if role in access_rule.allowed:
        assert code not in NOT_ALLOWED_EITHER_WAY and code < 500 and not _is_login_redirect(response), (
            f"{role} should be let in to {access_rule.method} {path}, got {code}")
    else:
        # /api/v1 takes bearer tokens only: a session there is no credential at all (401).
        api_refusal = code == 401 and path.startswith("/api/")
        assert code in DENIED or api_refusal or (role == "public" and _is_login_redirect(response)), (
            f"{role} should be refused {access_rule.method} {path}, got {code}")


def _last_event_id() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(SecurityEvent.id), 0)))


def _check_security_event(role, user, access_rule, path, response, before: int) -> None:
    """A refusal of an object writes exactly one security event; the login page writes none."""
    db.session.expire_all()
    written = list(db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.id > before)))
    if response.status_code in (403, 404):
        assert len(written) == 1, f"{role} {access_rule.method} {path}: {len(written)} security events"
        assert written[0].status == response.status_code
        assert written[0].route == access_rule.endpoint
        assert written[0].user_id == (user.id if user is not None else None)
    else:  # the login page for the public, or the API's 401 to a session: not a refusal of an object
        assert written == [], f"{role} {access_rule.method} {path} ({response.status_code})"


def _outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/account/login" in location:
        return "login"
    return str(response.status_code)


def _missing_path(access_rule, values: dict) -> str | None:
    """The rule's path with every integer id replaced by one that does not exist."""
    names = set(re.findall(r"{(\w+)}", access_rule.path))
    ids = {name for name in names if isinstance(values.get(name), int)}
    if not ids:
        return None
    return access_rule.path.format(**{**values, **{n: values[n] + MISSING_OFFSET for n in ids}})


def _may_know_it_exists(world, role: str) -> bool:
    """A role that may read the world's submission knows it exists: a 403 there leaks nothing."""
    from reviewhub.permissions import can_view_submission

    user = world.users.get(role)
    return user is not None and can_view_submission(user, world.submission)


def test_rule_keys_are_unique():
    keys = [rule_key(r) for r in RULES]
    assert len(keys) == len(set(keys))


def test_every_rule_is_pinned():
    if RECORD:
        pytest.skip("recording")
    pins = _load()
    missing = sorted(set(map(rule_key, RULES)) - pins.keys())
    stale = sorted(pins.keys() - set(map(rule_key, RULES)))
    assert not missing, f"rules without pinned answers (record with REVIEWHUB_PIN_ACCESS=1): {missing}"
    assert not stale, f"pinned answers of rules that no longer exist: {stale}"


@pytest.mark.parametrize("access_rule", RULES, ids=rule_key)
def test_cells_pinned(app, login_as, access_rule):
    world = build_world()
    if access_rule.prepare:
        world.extra.update(access_rule.prepare(world) or {})
    values = world.values()
    path = access_rule.path.format(**values)
    missing = _missing_path(access_rule, values)
    codes, writes = {}, {}
    state = fingerprint()
    for role in sorted(ROLES, key=lambda r: r in access_rule.allowed):
        user = world.users.get(role)
        client = login_as(user)
        before = _last_event_id()
        response = client.open(path, method=access_rule.method, data=dict(access_rule.data))
        _check_class(role, access_rule, path, response)
        if role not in access_rule.allowed:
            _check_security_event(role, user, access_rule, path, response, before)
        codes[role] = _outcome(response)
        after = fingerprint()
        touched = changed_tables(state, after)
        state = after
        if role not in access_rule.allowed:
            assert not touched, f"refused {role} changed {touched} through {access_rule.method} {path}"
            if missing and not _may_know_it_exists(world, role):
                other = _outcome(client.open(missing, method=access_rule.method, data=dict(access_rule.data)))
                assert other == codes[role], (
                    f"{role}: {access_rule.method} {path} answers {codes[role]} but {missing} "
                    f"answers {other}: walking ids tells what exists"
                )
                assert not changed_tables(state, fingerprint())
        elif access_rule.method == "POST":
            writes[role] = touched
    observed = {"codes": codes, "writes": writes} if writes else {"codes": codes}
    key = rule_key(access_rule)
    if RECORD:
        pins = _load()
        pins[key] = observed
        _save(pins)
        return
    assert observed == _load().get(key), f"{key} answers differ from tests/access/pinned.json"
