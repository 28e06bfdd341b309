"""Fixtures of the API tests."""

import pytest

from tests.api.people_support import blind_world


@pytest.fixture
def world(app):
    """The access matrix's world, its authors named as nobody else is."""
    return blind_world()
