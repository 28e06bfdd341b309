"""The access matrix's second pass: every cell's exact answer is pinned in tests/access/pinned.json.

For each rule and role it records the status (or "login" for the login redirect) and, for an
allowed POST, which tables it wrote. It also holds, for every cell: a refused request changes no
table; a refused role gets the same answer for an existing object id as for one that does not
exist (walking ids tells nothing). After a deliberate change, re-record with
REVIEWHUB_PIN_ACCESS=1 pytest tests/test_access_pinned.py and review the diff of pinned.json.
"""

import json
import os
import re
from pathlib import Path

import pytest

from tests.access.rules import all_rules
from tests.access.state import changed_tables, fingerprint
from tests.access.world import ROLES, build_world

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
        client = login_as(world.users.get(role))
        response = client.open(path, method=access_rule.method, data=dict(access_rule.data))
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
