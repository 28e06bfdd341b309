"""The world of the submissions, reviews, comments and decisions resource tests."""

import pytest

from tests.api.subs.helpers import build_world


@pytest.fixture
def world(app):
    return build_world()
