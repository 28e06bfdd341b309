"""The pure validators of custom questions, one per kind, with bad input (no app, no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewhub.questions import core
from reviewhub.questions.core import Spec, UploadFacts, check

CHOICES = Spec("single", ("yes", "no", "not sure"))
MANY = Spec("multiple", ("talk", "poster", "demo"))
YEARS = Spec("number", min_value=0, max_value=60)


def test_every_kind_has_one_validator():
    assert set(core.VALIDATORS) == set(core.KINDS)


@pytest.mark.parametrize("spec, raw, message", [
    (Spec("text"), "x" * 301, "At most 300 characters"),
    (Spec("text"), "two\nlines", "One line only"),
    (Spec("text"), "bell\x07", "control characters"),
    (Spec("text"), ["a", "list"], "Give text"),
    (Spec("long_text"), "x" * 5001, "At most 5,000 characters"),
    (YEARS, "many", "Give a number"),
    (YEARS, "nan", "Give a number"),
    (YEARS, "inf", "Give a number"),
    (YEARS, "-1", "At least 0"),
    (YEARS, "61", "At most 60"),
    (YEARS, "1" * 40, "Give a number"),
    (CHOICES, "maybe", "Choose one of the options listed"),
    (CHOICES, ["yes", "no"], "Choose one of the options"),
    (MANY, ["talk", "dance"], "only among the options"),
    (MANY, [1, 2], "Choose among the options"),
    (Spec("checkbox"), "perhaps", "Tick the box or leave it empty"),
    (Spec("date"), "07/12/2026", "YYYY-MM-DD"),
    (Spec("date"), "2026-02-30", "does not exist"),
    (Spec("date"), "1066-10-14", "between 1900 and 2200"),
    (Spec("file"), UploadFacts("paper.pdf", 0, "pdf"), "the file is empty"),
    (Spec("file"), UploadFacts("big.pdf", 11 * 1024 * 1024, "pdf"), "larger than 10 MB"),
    (Spec("file"), UploadFacts("x.pdf", 100, "image"), "not a PDF"),
    (Spec("file"), UploadFacts("page.pdf", 100, None), "not a PDF"),
    (Spec("file"), "not-a-file", "Choose a file"),
])
def test_bad_input_gets_a_message(spec, raw, message):
    checked = check(spec, raw, required=False)
    assert checked.value is None and message in checked.error


@pytest.mark.parametrize("spec, raw, value", [
    (Spec("text"), "  In person  ", "In person"),
    (Spec("long_text"), "line one\nline two", "line one\nline two"),
    (YEARS, "12", 12),
    (YEARS, "2.5", 2.5),
    (CHOICES, "not sure", "not sure"),
    (MANY, ["demo", "talk"], ["talk", "demo"]),  # the organizer's order
    (Spec("checkbox"), "y", True),
    (Spec("checkbox"), "", False),
    (Spec("date"), "2026-12-07", "2026-12-07"),
])
def test_good_input_becomes_the_clean_value(spec, raw, value):
    assert check(spec, raw, required=False) == core.Checked(value)


@pytest.mark.parametrize("spec, raw", [(Spec("text"), "  "), (YEARS, ""), (CHOICES, ""), (MANY, []),
                                       (Spec("date"), ""), (Spec("file"), None)])
def test_empty_is_no_answer_unless_required(spec, raw):
    assert check(spec, raw, required=False) == core.Checked(None)
    assert check(spec, raw, required=True).error == "This question needs an answer."


def test_a_required_checkbox_must_be_ticked():
    assert check(Spec("checkbox"), "", required=True).error == "Tick this box."


@given(st.text(max_size=400))
def test_text_never_raises_and_never_keeps_what_it_refuses(raw):
    checked = check(Spec("text"), raw, required=False)
    assert checked.error is None or checked.value is None
    if checked.value is not None:
        assert checked.value == raw.strip() and len(checked.value) <= 300 and "\n" not in checked.value


@given(st.text(max_size=40))
def test_numbers_are_finite_and_in_range_or_refused(raw):
    checked = check(YEARS, raw, required=False)
    if checked.error is None and checked.value is not None:
        assert 0 <= checked.value <= 60


@given(st.one_of(st.text(max_size=20), st.lists(st.text(max_size=10), max_size=5), st.none(), st.integers()))
def test_choices_only_ever_return_options(raw):
    for spec in (CHOICES, MANY):
        checked = check(spec, raw, required=False)
        values = checked.value if isinstance(checked.value, list) else [checked.value]
        assert checked.error is not None or all(v is None or v in spec.options for v in values)


@given(st.text(max_size=20))
def test_dates_are_iso_or_refused(raw):
    checked = check(Spec("date"), raw, required=False)
    if checked.value is not None:
        assert len(checked.value) == 10 and checked.value[4] == "-"


@pytest.mark.parametrize("text, problem", [("only one", "at least two"), ("a\nA", "Each option once"),
                                           ("a\n" + "b" * 201, "200 characters")])
def test_bad_option_lists_are_refused(text, problem):
    assert problem in core.parse_options(text)[1]


def test_keys_are_made_from_labels_and_kept_unique():
    assert core.key_from_label("Will one author attend in person?", set()) == "will-one-author"
    assert core.key_from_label("Will one author attend?", {"will-one-author"}) == "will-one-author-2"
    assert core.key_from_label("2024 plans", set()) == "q2024-plans"


def test_answers_read_and_search_as_people_expect():
    assert core.display("checkbox", True) == "yes" and core.search_text("checkbox", False) == "no"
    assert core.display("multiple", ["talk", "demo"]) == "talk, demo"
    assert core.search_text("multiple", ["Talk", "Demo"]) == "\ntalk\ndemo\n"
    assert core.search_number("number", 5) == 5.0 and core.display("number", 5.0) == "5"
