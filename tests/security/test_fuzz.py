"""Random and malformed form posts to every POST route, as the organizer and as an author: never a 500.

Routes come from app.url_map (a route without an access rule fails the matrix, so every one has
a path here); field names from the form page when there is one, plus the rule's data and names
that handlers might trust (role, status, user_id...). Values: unicode, huge strings, NUL bytes,
numbers out of range, dates that do not exist, lists where one value is expected.
"""

import io
import re
from itertools import groupby

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.access.rules import all_rules
from tests.access.world import build_world

POST_RULES = [r for r in all_rules() if r.method == "POST"]
GROUPS = [list(g) for _, g in groupby(sorted(POST_RULES, key=lambda r: getattr(r.prepare, "__name__", "")),
                                       key=lambda r: getattr(r.prepare, "__name__", ""))]
TRUSTED_NAMES = ["role", "status", "user_id", "decision", "submission_id", "event_id", "is_admin", "version",
                 "id", "outcome", "csrf_token", "next", "action", "file", "file-main"]
SPECIAL = ["", " ", "\x00", "a\x00b", "x" * 100_000, "💥" * 2_000, "-1", "0", "99999999999999999999999",
           "1e309", "NaN", "2024-13-45T25:61", "2024-02-30", "9999-12-31T23:59", "<script>alert(1)</script>",
           "../../etc/passwd", "\r\nBcc: x@evil.example", "'; DROP TABLE users; --", "\ud7ff\ufffd\U0010ffff",
           "=1+1", "true", "[]", "{}", "None"]
VALUES = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=40), st.integers().map(str))
NAME_PATTERN = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


def _field_names(client, path: str, data: dict) -> list[str]:
    page = client.get(path)
    names = NAME_PATTERN.findall(page.get_data(as_text=True)) if page.status_code == 200 else []
    return sorted(set(names) | set(data) | set(TRUSTED_NAMES))


def _role_for(access_rule) -> str:
    for role in ("organizer", "author"):
        if role in access_rule.allowed:
            return role
    return sorted(access_rule.allowed)[0] if access_rule.allowed else "author"


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: getattr(g[0].prepare, "__name__", "unprepared"))
def test_malformed_posts_never_crash(app, login_as, group):
    world = build_world()
    if group[0].prepare:
        world.extra.update(group[0].prepare(world) or {})
    values = world.values()
    targets = []
    for access_rule in group:
        path = access_rule.path.format(**values)
        for role in {_role_for(access_rule), "author"}:
            client = login_as(world.users.get(role))
            targets.append((access_rule, path, client, _field_names(client, path, access_rule.data)))

    for target in targets:
        _fuzz(*target)


EXAMPLES_PER_ROUTE_AND_ROLE = 5


def _fuzz(access_rule, path, client, names):
    @settings(max_examples=EXAMPLES_PER_ROUTE_AND_ROLE, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def post_junk(data):
        chosen = data.draw(st.lists(st.sampled_from(names), max_size=len(names) + 3))  # missing, duplicated
        form = [(name, data.draw(VALUES)) for name in chosen]
        if data.draw(st.booleans()):
            form.append(("file-main", (io.BytesIO(data.draw(st.binary(max_size=64))), data.draw(VALUES)[:50] or "f")))
        response = client.post(path, data=MultiDict(form), content_type="multipart/form-data")
        assert response.status_code < 500, (access_rule.id, path, response.status_code)

    post_junk()
