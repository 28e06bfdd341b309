"""Every route, every role: who gets in and who does not. A route without a rule fails."""

import pytest

from tests.access.rules import all_rules
from tests.access.world import ROLES, build_world

RULES = all_rules()
DENIED = {403, 404}
NOT_ALLOWED_EITHER_WAY = {401, 403, 404, 405}


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


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and "/account/login" in response.headers.get("Location", "")


@pytest.mark.parametrize("access_rule", RULES, ids=lambda r: r.id)
def test_access(app, login_as, access_rule):
    world = build_world()
    if access_rule.prepare:
        world.extra.update(access_rule.prepare(world) or {})
    path = access_rule.path.format(**world.values())
    # Refused roles first: an allowed POST may change what later requests see.
    order = sorted(ROLES, key=lambda role: role in access_rule.allowed)
    for role in order:
        client = login_as(world.users.get(role))
        response = client.open(path, method=access_rule.method, data=dict(access_rule.data))
        code = response.status_code
        if role in access_rule.allowed:
            assert code not in NOT_ALLOWED_EITHER_WAY and code < 500 and not _is_login_redirect(response), (
                f"{role} should be let in to {access_rule.method} {path}, got {code}"
            )
        else:
            # /api/v1 takes bearer tokens only: a session there is no credential at all (401).
            api_refusal = code == 401 and path.startswith("/api/")
            assert code in DENIED or api_refusal or (role == "public" and _is_login_redirect(response)), (
                f"{role} should be refused {access_rule.method} {path}, got {code}"
            )
