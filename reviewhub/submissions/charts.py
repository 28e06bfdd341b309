"""Server-side SVG bar charts (pure: labelled counts in, SVG markup out; no script, no CDN)."""

from collections.abc import Sequence

from markupsafe import Markup, escape


def bar_chart(rows: Sequence[tuple[str, int]], *, title: str, chart_id: str, width: int = 640,
              bar_height: int = 20, label_width: int = 260) -> Markup:
    """Horizontal bars, one per (label, count), with a <title>/<desc> for screen readers."""
    if not rows:
        return Markup("")
    peak = max(count for _label, count in rows) or 1
    plot = width - label_width - 40
    height = len(rows) * (bar_height + 6) + 8
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape("; ".join(f"{label}: {count}" for label, count in rows))}</desc>',
    ]
    for i, (label, count) in enumerate(rows):
        y = 4 + i * (bar_height + 6)
        w = plot * count / peak
        short = label if len(label) <= 42 else label[:40] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.0f}" text-anchor="end">{escape(short)}</text>')
        parts.append(f'<rect class="bar" x="{label_width}" y="{y}" width="{max(w, 1):.1f}" height="{bar_height}">'
                     f'<title>{escape(label)}: {count}</title></rect>')
        parts.append(f'<text x="{label_width + w + 4:.1f}" y="{y + bar_height * 0.7:.0f}">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
