"""Every refusal of the access matrix writes exactly one security event, naming the refused
account and the route (tests/access/state.py leaves the table out of "a refusal changes nothing")."""

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.security.models import SecurityEvent
from tests.access.rules import all_rules
from tests.access.world import ROLES, build_world

RULES = [r for r in all_rules() if set(ROLES) - r.allowed]


def _last_id() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(SecurityEvent.id), 0)))


@pytest.mark.parametrize("access_rule", RULES, ids=lambda r: f"{r.id} {r.path}")
def test_each_refusal_writes_exactly_one_security_event(app, login_as, access_rule):
    world = build_world()
    if access_rule.prepare:
        world.extra.update(access_rule.prepare(world) or {})
    path = access_rule.path.format(**world.values())
    for role in sorted(set(ROLES) - access_rule.allowed):
        before = _last_id()
        user = world.users.get(role)
        response = login_as(user).open(path, method=access_rule.method, data=dict(access_rule.data))
        db.session.expire_all()
        written = list(db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.id > before)))
        if response.status_code in (403, 404):
            assert len(written) == 1, f"{role} {access_rule.method} {path}: {len(written)} events"
            assert written[0].status == response.status_code
            assert written[0].route == access_rule.endpoint
            assert written[0].user_id == (user.id if user is not None else None)
        else:  # the login page for the public: not a refusal of an object
            assert written == [], f"{role} {access_rule.method} {path} ({response.status_code})"
