"""Tag colours are classes in the style sheet (the content security policy allows no inline
style): every colour of tags.core has its rule."""

from pathlib import Path

from reviewhub.tags.core import COLOURS


def test_every_tag_colour_has_a_css_class():
    css = (Path(__file__).resolve().parents[2] / "reviewhub" / "static" / "style.css").read_text()
    for name, value in COLOURS.items():
        assert f".tag-{name} {{ background: {value}; }}" in css
