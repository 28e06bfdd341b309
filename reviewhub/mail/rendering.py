"""Mail templates rendered in Jinja's sandbox; user text can never add headers or markup."""

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from reviewhub.words import plural

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "templates" / "mail"

_sandbox = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


class TemplateProblem(ValueError):
    """A template that does not parse or names a placeholder that does not exist."""


def header_safe(text: str) -> str:
    """One line of text for a header: CR/LF and other controls become spaces."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text or "").strip()


def builtin_source(key: str) -> tuple[str, str]:
    """The shipped (subject, body) of a template key such as 'accounts/confirm'."""
    base = TEMPLATE_ROOT / key
    subject = (base.parent / f"{base.name}.subject.txt").read_text(encoding="utf-8").strip()
    body = (base.parent / f"{base.name}.txt").read_text(encoding="utf-8")
    return subject, body


def check_source(source: str, allowed: set[str]) -> None:
    """Raise TemplateProblem when the source has a syntax error or an unknown placeholder."""
    try:
        names = meta.find_undeclared_variables(_sandbox.parse(source))
    except TemplateSyntaxError as error:
        raise TemplateProblem(f"Syntax error on line {error.lineno}: {error.message}") from error
    unknown = sorted(names - allowed)
    if unknown:
        raise TemplateProblem(plural(len(unknown), "Unknown placeholder", number=False) + ": " + ", ".join(unknown))


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    """Compiled once per source: a release renders the same template thousands of times."""
    return _sandbox.from_string(source)


def render_source(source: str, context: dict) -> str:
    try:
        return _compiled(source).render(**context)
    except (UndefinedError, TemplateSyntaxError, SecurityError) as error:
        raise TemplateProblem(str(error)) from error


def placeholders_in(source: str) -> set[str]:
    """The names a (valid) template source uses."""
    return set(meta.find_undeclared_variables(_sandbox.parse(source)))


def builtin_keys() -> list[str]:
    """Every shipped template key ('accounts/reset', 'decisions/accept', ...)."""
    return sorted(
        str(path.relative_to(TEMPLATE_ROOT)).removesuffix(".subject.txt")
        for path in TEMPLATE_ROOT.glob("*/*.subject.txt")
    )


# A URL in a mail's text ends at white space or a character that cannot end a link in prose.
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}"


def _linked(paragraph: str, link_base: str | None) -> str:
    """The paragraph escaped, with each URL of our own site made a link (any other URL, which
    a template's user text may carry, stays text: a mail from us never links elsewhere)."""
    out, last = [], 0
    base = (link_base or "").rstrip("/")
    for match in _URL.finditer(paragraph):
        url = match.group(0).rstrip(_TRAILING)
        end = match.start() + len(url)
        out.append(str(escape(paragraph[last:match.start()])))
        ours = base and (url == base or url[len(base):len(base) + 1] in ("/", "?", "#")) and url.startswith(base)
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>' if ours else str(escape(url)))
        last = end
    out.append(str(escape(paragraph[last:])))
    return "".join(out)


def render_message(subject_source: str, body_source: str, context: dict,
                   link_base: str | None = None) -> tuple[str, str, str]:
    """(subject, text body, HTML body); the HTML is the escaped text, so it carries no markup
    but links to our own site (URLs starting with `link_base`, the site's base URL)."""
    subject = header_safe(render_source(subject_source, context))[:300]
    text = render_source(body_source, context)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    html = "".join(f"<p>{_linked(p, link_base)}</p>".replace("\n", "<br>\n") for p in paragraphs)
    return subject, text, f"<!doctype html><html><body>{html}</body></html>"
