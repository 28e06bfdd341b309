"""Names of one person written differently match; different people's do not."""

import pytest

from reviewhub.submissions.names import name_key, same_person


@pytest.mark.parametrize("left, right", [
    ("José Núñez", "jose nunez"),
    ("Núñez, José", "José Núñez"),
    ("J. Núñez", "José Núñez"),
    ("J.-M. Dupont", "Jean-Marc Dupont"),
    ("Jean Dupont", "Jean-Marc Dupont"),
    ("Ludwig van der Berg", "van der Berg, L."),
    ("Seán O'Neil", "Sean ONeil"),
    ("Martin Luther King Jr.", "M. L. King"),
    ("Łukasz Żółw", "Lukasz Zolw"),
])
def test_same_person(left, right):
    assert same_person(left, right) and same_person(right, left)


@pytest.mark.parametrize("left, right", [
    ("John Smith", "Jane Smith"),
    ("J. R. Smith", "John Q. Smith"),
    ("Smith", "John Smith"),
    ("Ada Lee", "Ada Leeds"),
    ("Anna de la Cruz", "Anna Cruz"),
    ("", "Ada Lee"),
])
def test_different_people(left, right):
    assert not same_person(left, right)


def test_the_key_keeps_particles_with_the_family_name():
    assert name_key("Anna de la Cruz").family == "de la cruz"
    assert name_key("de la Cruz, Anna").given == ("anna",)
    assert name_key("   ") is None
