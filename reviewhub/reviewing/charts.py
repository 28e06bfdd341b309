"""Small server-side SVG charts (pure: strings in, escaped SVG out; no script, no styles)."""

from __future__ import annotations

from markupsafe import Markup, escape


def bar_chart(bars: list[tuple[str, float]], *, title: str, width: int = 480, bar_height: int = 22,
              max_value: float | None = None, unit: str = "") -> Markup:
    """Horizontal bars with their label and value; accessible through <title> and role=img."""
    top = max_value if max_value else max([v for _, v in bars] + [1])
    label_w, gap = 150, 4
    height = max(1, len(bars)) * (bar_height + gap) + 8
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    span = width - label_w - 60
    for i, (label, value) in enumerate(bars):
        y = 4 + i * (bar_height + gap)
        length = 0 if top <= 0 else max(0.0, min(1.0, value / top)) * span
        parts.append(
            f'<text x="0" y="{y + bar_height * 0.7:.1f}">{escape(str(label)[:24])}</text>'
            f'<rect class="bar" x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_height}"/>'
            f'<text x="{label_w + length + 4:.1f}" y="{y + bar_height * 0.7:.1f}">'
            f'{escape(_num(value))}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def progress_bar(done: int, total: int, *, title: str, width: int = 480) -> Markup:
    """One bar: the done part over the whole, with "done of total" written beside it."""
    share = done / total if total else 0.0
    span = width - 110
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {width} 30" width="{width}" height="30" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<rect class="track" x="0" y="4" width="{span}" height="22" fill="#e8ecf5"/>'
        f'<rect class="bar" x="0" y="4" width="{share * span:.1f}" height="22"/>'
        f'<text x="{span + 6}" y="20">{done} of {total} ({share:.0%})</text></svg>'
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
