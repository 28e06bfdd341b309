"""reviewhub.words: the one helper for plurals, articles, lists and key labels (pure)."""

import pytest

from reviewhub import words


@pytest.mark.parametrize("count, noun, expected", [
    (0, "decision", "0 decisions"), (1, "decision", "1 decision"), (2, "decision", "2 decisions"),
    (1, "bid", "1 bid"), (3, "match", "3 matches"), (2, "reply", "2 replies"), (2, "day", "2 days"),
    (2, "person", "2 people"), (1, "matching submission", "1 matching submission"),
])
def test_plural(count, noun, expected):
    assert words.plural(count, noun) == expected


def test_plural_without_the_number_and_with_an_explicit_form():
    assert words.plural(1, "use", "uses", number=False) == "use"
    assert words.plural(3, "use", "uses", number=False) == "uses"


@pytest.mark.parametrize("phrase, expected", [
    ("image (PNG, JPEG, WebP)", "an image (PNG, JPEG, WebP)"), ("PDF", "a PDF"),
    ("audio file", "an audio file"), ("video", "a video"), ("ZIP archive", "a ZIP archive"),
    ("SVG", "an SVG"), ("MP3", "an MP3"),
])
def test_with_article(phrase, expected):
    assert words.with_article(phrase) == expected


def test_any_of_and_all_of():
    assert words.any_of(["image", "audio", "video"]) == "image, audio or video"
    assert words.any_of(["image", "audio"]) == "image or audio"
    assert words.all_of(["a PDF", "a ZIP archive"]) == "a PDF and a ZIP archive"
    assert words.any_of(["PDF"]) == "PDF"


@pytest.mark.parametrize("key, expected", [
    ("invited_talk", "Invited talk"), ("contributed_talk", "Contributed talk"), ("paper", "Paper"),
    ("creative", "Creative work"), ("submitted", "Submitted"), ("camera_ready", "Camera-ready version"),
    ("keynote", "Keynote speaker"), ("some_new_key", "Some new key"), (None, ""),
])
def test_label(key, expected):
    assert words.label(key) == expected


def test_in_sentence_keeps_acronyms():
    assert words.in_sentence("Paper (PDF)") == "paper (PDF)"
    assert words.in_sentence("PDF (e.g. a score)") == "PDF (e.g. a score)"


def test_a_key_read_by_its_field():
    assert words.label("none", "ai_use") == "No AI tools were used"
    assert words.label("none", "presentation_format") == "No presentation"
