"""Checks that a served page carries no script: no inline script, no handlers, no script URLs."""

from html.parser import HTMLParser

PAYLOADS = (
    "<script>alert('xss-1')</script>\n\n"
    "[click](javascript:alert('xss-2')) [case](JaVaScRiPt:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
    "<img src=x onerror=alert('xss-4')> ![pic](javascript:alert(5))\n\n"
    '<a href="javascript:alert(6)" onclick="alert(7)">raw link</a> <svg onload=alert(8)></svg>\n\n'
    "<iframe src=//evil.example></iframe> <style>body{display:none}</style>"
)
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            src = values.get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"script tag src={src!r}")
            self._in_script = True
        if tag in ("iframe", "object", "embed", "style"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name == "style":
                self.problems.append(f"<{tag} style=...>")
            text = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name in URL_ATTRIBUTES and text.startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script content")


def script_problems(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
