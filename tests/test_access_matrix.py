"""Every route has an access rule, and every rule a route. Each rule's cells (every role: who
gets in and who does not, the security event of each refusal, the exact answer) are checked
in one pass by tests/test_access_pinned.py."""

from tests.access.rules import all_rules

RULES = all_rules()


def _routes(app):
    for url_rule in app.url_map.iter_rules():
        if url_rule.endpoint == "static":
            continue
        for method in sorted(url_rule.methods - {"HEAD", "OPTIONS"}):
            yield url_rule.endpoint, method


def test_every_route_has_a_rule(app):
    covered = {(r.endpoint, r.method) for r in RULES}
    missing = sorted(set(_routes(app)) - covered)
    assert not missing, f"routes without an access-matrix rule: {missing}"


def test_rules_name_existing_routes(app):
    routes = set(_routes(app))
    stale = sorted({(r.endpoint, r.method) for r in RULES} - routes)
    assert not stale, f"rules for routes that do not exist: {stale}"
