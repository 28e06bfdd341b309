"""The API's access matrix: every /api/v1 route, every role, every token scope (all events
read-write, all events read-only, this event, another event), plus the request without a token.

Each cell must answer as its rule says (tests/access/api_matrix.py: a token never does more
than its owner could in the browser, nor more than its scope), and its exact status is pinned
in tests/access/pinned_api.json with, for an allowed write, the tables it wrote. A refused
cell changes no table, and answers an id that does not exist as it answers the real one; a
read changes nothing at all. After a deliberate change re-record with
REVIEWHUB_PIN_ACCESS=1 pytest tests/test_access_api.py -k "<endpoints>" and review the diff.
"""

import json
import os
import re
from pathlib import Path

import pytest

from tests.access.api_matrix import SCOPES, all_api_rules, make_tokens
from tests.access.state import IGNORED_TABLES, changed_tables, fingerprint
from tests.access.world import ROLES, build_world

# The matrix checks rules of permissions.py, which read the same on both databases: CI runs it
# on SQLite only (scripts/test: -m "not matrix" on PostgreSQL).
pytestmark = pytest.mark.matrix

RULES = all_api_rules()
PINNED_FILE = Path(__file__).parent / "access" / "pinned_api.json"
RECORD = os.environ.get("REVIEWHUB_PIN_ACCESS") == "1"
MISSING_OFFSET = 1_000_000
ALLOWED_NEVER = {401, 403, 404, 405}
REFUSED = {401, 403, 404}
# Every API request marks its token used (last_used_at); that is not a change of the data.
QUIET_TABLES = IGNORED_TABLES | {"api_tokens"}


def rule_key(rule) -> str:
    return f"{rule.id} {rule.path} {rule.prepare.__name__ if rule.prepare else '-'}"


def _api_routes(app):
    for url_rule in app.url_map.iter_rules():
        if url_rule.rule.startswith("/api/"):
            for method in sorted(url_rule.methods - {"HEAD", "OPTIONS"}):
                yield url_rule.endpoint, method


def test_every_api_route_has_a_token_rule(app):
    covered = {(r.endpoint, r.method) for r in RULES}
    missing = sorted(set(_api_routes(app)) - covered)
    assert not missing, f"API routes without an API_RULES entry (tests/access/rules_*.py): {missing}"
    stale = sorted(covered - set(_api_routes(app)))
    assert not stale, f"API rules of routes that do not exist: {stale}"


def test_api_rule_keys_are_unique():
    keys = [rule_key(r) for r in RULES]
    assert len(keys) == len(set(keys))


def test_every_api_rule_is_pinned():
    if RECORD:
        pytest.skip("recording")
    pins = _load()
    assert not sorted(set(map(rule_key, RULES)) - pins.keys()), "record with REVIEWHUB_PIN_ACCESS=1"
    assert not sorted(pins.keys() - set(map(rule_key, RULES))), "pins of API rules that no longer exist"


def _load() -> dict:
    return json.loads(PINNED_FILE.read_text()) if PINNED_FILE.exists() else {}


def _save(pins: dict) -> None:
    """One rule per line, sorted, so parallel branches merge without conflicts."""
    lines = [f"  {json.dumps(key)}: {json.dumps(pins[key], sort_keys=True)}" for key in sorted(pins)]
    PINNED_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n")


def _missing_path(rule, values: dict) -> str | None:
    ids = {n for n in re.findall(r"{(\w+)}", rule.path) if isinstance(values.get(n), int)}
    return rule.path.format(**{**values, **{n: values[n] + MISSING_OFFSET for n in ids}}) if ids else None


def _cells(rule):
    """(role, scope) in the order they are tried: refused ones first (an allowed write may
    change what later requests see); scope None is the request without a token."""
    cells = [("public", None)] + [(role, scope) for role in ROLES if role != "public" for scope in SCOPES]
    return sorted(cells, key=lambda cell: rule.allows(*cell))


@pytest.mark.parametrize("rule", RULES, ids=rule_key)
def test_api_cells(app, rule):
    # Each rule's ~80 refusals would pass the security log's alert threshold (an alert mail is
    # an outbox row); that the refusals are logged is tests/security_log's to show.
    app.config["SECURITY_ALERT_THRESHOLD"] = 10_000
    world = build_world()
    if rule.prepare:
        world.extra.update(rule.prepare(world) or {})
    values = world.values()
    tokens = make_tokens(world)
    path, body, missing = rule.path.format(**values), rule.body(values), _missing_path(rule, values)
    client = app.test_client()
    codes, writes = {}, {}
    start = fingerprint()
    cells = _cells(rule)
    refused = [cell for cell in cells if not rule.allows(*cell)]
    for role, scope in refused:  # first: nothing of theirs may change the data
        headers = tokens.headers.get((role, scope), {})
        code = client.open(path, method=rule.method, json=body, headers=headers).status_code
        name = f"{role}/{scope or 'no_token'}"
        codes[name] = str(code)
        assert code in REFUSED, f"{name} should be refused {rule.method} {path}, got {code}"
        if missing:
            other = client.open(missing, method=rule.method, json=body, headers=headers).status_code
            assert other == code, f"{name}: {path} answers {code} but {missing} answers {other}: walking ids tells"
    state = fingerprint()
    changed = [t for t in changed_tables(start, state) if t not in QUIET_TABLES]
    assert not changed, f"refused requests to {rule.method} {path} changed {changed}"
    for role, scope in cells[len(refused):]:
        response = client.open(path, method=rule.method, json=body, headers=tokens.headers.get((role, scope), {}))
        code, name = response.status_code, f"{role}/{scope or 'no_token'}"
        codes[name] = str(code)
        assert code not in ALLOWED_NEVER and code < 500, f"{name} should be let in to {rule.id}, got {code}"
        if rule.method != "GET":
            after = fingerprint()
            writes[name] = [t for t in changed_tables(state, after) if t not in QUIET_TABLES]
            state = after
    if rule.method == "GET":
        changed = [t for t in changed_tables(start, fingerprint()) if t not in QUIET_TABLES]
        assert not changed, f"reading {path} changed {changed}"
    observed = {"codes": codes, "writes": writes} if writes else {"codes": codes}
    key = rule_key(rule)
    if RECORD:
        pins = _load()
        pins[key] = observed
        _save(pins)
        return
    assert observed == _load().get(key), f"{key} answers differ from tests/access/pinned_api.json"
