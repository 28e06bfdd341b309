"""The search language, parsed into a tree by pure functions (no database, no Flask).

    query   := any ("OR" any)*            OR binds loosest
    any     := unary+                     terms side by side must all hold
    unary   := "-" unary | "(" query ")" | term
    term    := word | "quoted words" | #tag | field:value | field:<op>number | qa:key[<op>value]

Fields: ti: ab: au: re: type: topic: status: decision: score: reviews: late: conflict: num: qa:
for submissions; the reviewers list reads the same grammar with its own fields (REVIEWER_FIELDS).
qa: names a custom question by its key (reviewhub.questions): qa:attend (answered),
qa:attend=yes, qa:years>=5, qa:ai="image generator", qa:"non-archival"=yes.
Errors say where the query is wrong (the column, counted from 1)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TEXT_FIELDS = ("ti", "ab", "au", "re", "type", "topic", "decision", "conflict", "num")
NUMBER_FIELDS = ("score", "reviews")
CHOICE_FIELDS = {"status": ("draft", "submitted", "withdrawn"), "late": ("yes", "no")}
ALIASES = {"title": "ti", "abstract": "ab", "author": "au", "authors": "au", "reviewer": "re",
           "dec": "decision", "topics": "topic"}
OPERATORS = (">=", "<=", "!=", ">", "<", "=")
NUMBERS = re.compile(r"\d{1,9}(-\d{1,9})?(,\d{1,9}(-\d{1,9})?)*")


@dataclass(frozen=True)
class Fields:
    """The fields one list's search knows: text ones match by containment, number ones take
    an operator, choice ones one of a few values (a unique prefix is enough)."""

    text: tuple[str, ...]
    number: tuple[str, ...]
    choice: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return self.text + self.number + tuple(self.choice)


SUBMISSION_FIELDS = Fields(TEXT_FIELDS, NUMBER_FIELDS, CHOICE_FIELDS, ALIASES)
# The reviewers list: status: is the invitation's state (a reviewer on the committee has
# accepted), load: the assigned count, late: a review owed past the review deadline.
REVIEWER_FIELDS = Fields(
    text=("name", "email", "aff", "topic"), number=("load",),
    choice={"status": ("pending", "accepted", "declined", "revoked"), "late": ("yes", "no")},
    aliases={"affiliation": "aff", "topics": "topic", "mail": "email"})
REVIEWER_HELP = (
    "Words search reviewers' names, affiliations and emails; \"quoted words\" match as a phrase; "
    "name: email: aff: topic: (their declared topics) take text; status:pending|accepted|declined|revoked "
    "(the invitation; reviewers on the committee have accepted); load:>=3 (assigned submissions); "
    "late:yes|no (a review owed past the review deadline); #tag; -term for not; OR between alternatives; "
    "( ) to group."
)
HELP = (
    "Words search titles and abstracts (and authors' names, for those who may see them); "
    '"quoted words" match as a phrase; ti: ab: au: re: type: topic: decision: conflict: take text; '
    "status:draft|submitted|withdrawn; late:yes|no; score:>=4 (mean overall score); "
    "reviews:<3 (submitted reviews); num:3,7,10-12 (submission numbers); #tag; -term for not; OR between alternatives; ( ) to group. "
    "qa:key searches the answers to your questions (the key is on the Questions page): qa:attend "
    "(answered), -qa:attend (not answered), qa:attend=yes, qa:years>=5 (numbers and dates take "
    '= != > < >= <=), qa:ai="image" (words in a text answer; a choice matches the whole option).'
)
QUESTION_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-"


class SearchError(ValueError):
    """A query that cannot be read: `position` is the 1-based column where it goes wrong."""

    def __init__(self, message: str, position: int):
        super().__init__(f"{message} (at column {position})")
        self.message = message
        self.position = position


@dataclass(frozen=True)
class Words:
    text: str  # one word, or a quoted phrase


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    op: str = "="  # for number fields; text fields match by containment


@dataclass(frozen=True)
class Answer:
    """qa:key (answered) or qa:key<op>value: an answer to the event's question `key`."""

    key: str
    op: str = ""  # "" when only asking whether it is answered
    value: str = ""
    position: int = 1  # where the key starts, for the SQL side's messages


@dataclass(frozen=True)
class Tag:
    name: str


@dataclass(frozen=True)
class Not:
    node: object


@dataclass(frozen=True)
class And:
    nodes: tuple


@dataclass(frozen=True)
class Or:
    nodes: tuple


@dataclass(frozen=True)
class _Token:
    kind: str  # word, quoted, lparen, rparen, minus, or
    text: str
    position: int


def tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(query):
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "()":
            tokens.append(_Token("lparen" if char == "(" else "rparen", char, index + 1))
            index += 1
        elif char == "-" and _starts_term(query, index, tokens):
            tokens.append(_Token("minus", char, index + 1))
            index += 1
        elif char == '"':
            end = query.find('"', index + 1)
            if end < 0:
                raise SearchError("A quotation mark is not closed", index + 1)
            tokens.append(_Token("quoted", query[index + 1:end], index + 1))
            index = end + 1
        else:
            start = index
            while index < len(query) and not query[index].isspace() and query[index] not in '()':
                if query[index] == '"':  # field:"quoted value"
                    end = query.find('"', index + 1)
                    if end < 0:
                        raise SearchError("A quotation mark is not closed", index + 1)
                    index = end + 1
                else:
                    index += 1
            text = query[start:index]
            tokens.append(_Token("or" if text == "OR" else "word", text, start + 1))
    return tokens


def _starts_term(query: str, index: int, tokens: list[_Token]) -> bool:
    """A minus at the start of a term negates it; inside a word ("state-of-the-art") it is text."""
    if index == 0 or query[index - 1].isspace():
        return True
    return query[index - 1] in "(-" and bool(tokens) and tokens[-1].kind in ("lparen", "minus")


class _Parser:
    def __init__(self, query: str, fields: Fields):
        self.query = query
        self.fields = fields
        self.tokens = tokenize(query)
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def end_position(self) -> int:
        return len(self.query) + 1

    def parse(self):
        if not self.tokens:
            return None
        node = self.alternatives()
        if (token := self.peek()) is not None:  # only a stray ")" stops alternatives early
            raise SearchError("This closing parenthesis has no opening one", token.position)
        return node

    def alternatives(self):
        nodes = [self.all_of()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in ("or", "rparen"):
                raise SearchError("OR needs a term after it", token.position)
            nodes.append(self.all_of())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def all_of(self):
        nodes = []
        while (token := self.peek()) is not None and token.kind not in ("or", "rparen"):
            nodes.append(self.unary())
        if not nodes:
            token = self.peek()
            raise SearchError("OR needs a term before it" if token else "Nothing to search for",
                              token.position if token else self.end_position())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self):
        token = self.take()
        if token.kind == "minus":
            if self.peek() is None or self.peek().kind in ("or", "rparen"):
                raise SearchError("A minus needs a term after it", token.position)
            return Not(self.unary())
        if token.kind == "lparen":
            if self.peek() is not None and self.peek().kind == "rparen":
                raise SearchError("These parentheses are empty", token.position)
            node = self.alternatives()
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise SearchError("This parenthesis is not closed", token.position)
            self.take()
            return node
        if token.kind == "quoted":
            if not token.text.strip():
                raise SearchError("The quotation marks hold nothing", token.position)
            return Words(token.text.strip())
        return term(token.text, token.position, self.fields)


def term(text: str, position: int, fields: Fields = SUBMISSION_FIELDS):
    """One word, #tag or field:value."""
    if text.startswith("#"):
        name = text[1:]
        if not name:
            raise SearchError("A # needs a tag name after it", position)
        return Tag(name.lower())
    name, colon, value = text.partition(":")
    if not colon or not name.isalpha() or value.startswith("//"):  # "http://..." names no field
        return Words(text)
    field = fields.aliases.get(name.lower(), name.lower())
    value_at = position + len(name) + 1
    value = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    if field == "qa" and fields is SUBMISSION_FIELDS:
        return _answer_field(text[len(name) + 1:], value_at)
    if field in fields.number:
        return _number_field(field, value, value_at)
    if field in fields.choice:
        choices = fields.choice[field]
        matches = [c for c in choices if c.startswith(value.lower())] if value else []
        if len(matches) != 1:
            raise SearchError(f"{field}: takes one of {', '.join(choices)}", value_at)
        return Field(field, matches[0])
    if field in fields.text:
        if not value.strip():
            raise SearchError(f"{field}: needs a value after the colon", value_at)
        if field == "num" and not NUMBERS.fullmatch(value.strip()):
            raise SearchError("num: takes submission numbers and ranges, e.g. num:3,7,10-12", value_at)
        return Field(field, value.strip())
    known = ", ".join(fields.names) + (", qa" if fields is SUBMISSION_FIELDS else "")
    raise SearchError(f"Unknown field “{name}:” (fields: {known})", position)


def _answer_field(rest: str, position: int) -> Answer:
    """qa:key, qa:"key", qa:key<op>value (the value may be quoted)."""
    if rest.startswith('"'):
        end = rest.find('"', 1)
        key, tail = rest[1:end], rest[end + 1:]
    else:
        cut = next((i for i, c in enumerate(rest) if c in "=!<>"), len(rest))
        key, tail = rest[:cut], rest[cut:]
    key = key.strip().lower()
    if not key:
        raise SearchError('qa: needs a question key, e.g. qa:attend=yes', position)
    if not key[0].isalpha() or any(c not in QUESTION_KEY_CHARS for c in key):
        raise SearchError(f"“{key}” is not a question key (letters, digits, - and _)", position)
    if not tail:
        return Answer(key, position=position)
    op = next((o for o in OPERATORS if tail.startswith(o)), None)
    value_at = position + len(rest) - len(tail)
    if op is None:
        raise SearchError(f"qa:{key} takes =, !=, <, >, <= or >= and a value", value_at)
    value = tail[len(op):]
    value = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    if not value.strip():
        raise SearchError(f"qa:{key}{op} needs a value after it", value_at + len(op))
    return Answer(key, op, value.strip(), position)


def _number_field(field: str, value: str, position: int) -> Field:
    op = next((o for o in OPERATORS if value.startswith(o)), "=")
    number = value[len(op):] if value.startswith(op) else value
    try:
        parsed = float(number)
    except ValueError:
        raise SearchError(f"{field}: needs a number, e.g. {field}:>=3", position) from None
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise SearchError(f"{field}: needs a finite number", position)
    return Field(field, number, op)


def parse(query: str, fields: Fields = SUBMISSION_FIELDS):
    """The query's tree, or None for an empty query; SearchError says where it is wrong."""
    if len(query) > 1000:
        raise SearchError("The query is too long (1,000 characters at most)", 1001)
    return _Parser(query, fields).parse()


def number_ranges(value: str) -> list[tuple[int, int]]:
    """num:'s value ("3,7,10-12", already checked) as inclusive (low, high) ranges."""
    ranges = []
    for part in value.split(","):
        low, _, high = part.partition("-")
        ranges.append((min(int(low), int(high or low)), max(int(low), int(high or low))))
    return ranges


def numbers_query(numbers) -> str:
    """The num: term finding exactly these submission numbers, runs written as ranges."""
    ordered, parts = sorted(set(numbers)), []
    for number in ordered:
        if parts and parts[-1][1] == number - 1:
            parts[-1][1] = number
        else:
            parts.append([number, number])
    return "num:" + ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in parts)
