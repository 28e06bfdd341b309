"""The search language's parser: pure, no database."""

import pytest

from reviewhub.search.language import And, Field, Not, Or, SearchError, Tag, Words, parse


@pytest.mark.parametrize("query, tree", [
    ("", None),
    ("   ", None),
    ("diffusion", Words("diffusion")),
    ("diffusion music", And((Words("diffusion"), Words("music")))),
    ('"latent diffusion"', Words("latent diffusion")),
    ("state-of-the-art", Words("state-of-the-art")),
    ("-music", Not(Words("music"))),
    ("--music", Not(Not(Words("music")))),
    ("music OR art", Or((Words("music"), Words("art")))),
    ("a b OR c", Or((And((Words("a"), Words("b"))), Words("c")))),
    ("a (b OR c)", And((Words("a"), Or((Words("b"), Words("c")))))),
    ("-(b OR c)", Not(Or((Words("b"), Words("c"))))),
    ("#Oral", Tag("oral")),
    ("ti:diffusion", Field("ti", "diffusion")),
    ("title:diffusion", Field("ti", "diffusion")),
    ('au:"Ada Lovelace"', Field("au", "Ada Lovelace")),
    ("type:paper", Field("type", "paper")),
    ("topic:music", Field("topic", "music")),
    ("status:sub", Field("status", "submitted")),
    ("STATUS:Withdrawn", Field("status", "withdrawn")),
    ("late:yes", Field("late", "yes")),
    ("score:>=4", Field("score", "4", ">=")),
    ("score:3.5", Field("score", "3.5", "=")),
    ("reviews:<3", Field("reviews", "3", "<")),
    ("reviews:!=2", Field("reviews", "2", "!=")),
    ("decision:accept", Field("decision", "accept")),
    ("re:rita conflict:olga", And((Field("re", "rita"), Field("conflict", "olga")))),
    ("http://example.org", Words("http://example.org")),
    ("-status:withdrawn score:>3", And((Not(Field("status", "withdrawn")), Field("score", "3", ">")))),
])
def test_queries_parse_to_their_trees(query, tree):
    assert parse(query) == tree


@pytest.mark.parametrize("query, message, position", [
    ("score:high", "score: needs a number", 7),
    ("music reviews:>=x", "reviews: needs a number", 15),
    ("score:nan", "finite", 7),
    ("colour:red", "Unknown field “colour:”", 1),
    ("a status:open", "status: takes one of draft, submitted, withdrawn", 10),
    ("late:maybe", "late: takes one of yes, no", 6),
    ("au:", "au: needs a value", 4),
    ('"open quote', "quotation mark is not closed", 1),
    ('ti:"open', "quotation mark is not closed", 4),
    ("(music", "parenthesis is not closed", 1),
    ("music)", "closing parenthesis has no opening", 6),
    ("()", "parentheses are empty", 1),
    ("music OR", "OR needs a term after it", 7),
    ("OR music", "OR needs a term before it", 1),
    ("a -", "minus needs a term after it", 3),
    ("#", "needs a tag name", 1),
    ('""', "quotation marks hold nothing", 1),
])
def test_errors_say_what_is_wrong_and_where(query, message, position):
    with pytest.raises(SearchError) as raised:
        parse(query)
    assert message in raised.value.message
    assert raised.value.position == position


def test_a_very_long_query_is_refused():
    with pytest.raises(SearchError, match="too long"):
        parse("a " * 600)
