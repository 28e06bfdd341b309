"""Small server-side SVG charts (pure: numbers in, SVG text out; no scripts, no CDN)."""

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int


def histogram_bins(values: Sequence[float], bins: int = 12) -> list[Bin]:
    """Equal-width bins over [min, max]; one bin when every value is the same."""
    if not values:
        return []
    low, high = min(values), max(values)
    if high - low < 1e-12:
        return [Bin(low, high, len(values))]
    width = (high - low) / bins
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / width), bins - 1)] += 1
    return [Bin(low + i * width, low + (i + 1) * width, c) for i, c in enumerate(counts)]


def histogram_svg(values: Sequence[float], *, title: str, bins: int = 12,
                  width: int = 560, height: int = 200) -> Markup:
    """A bar chart of the distribution, with a <title> and <desc> for screen readers."""
    data = histogram_bins(values, bins)
    if not data:
        return Markup("")
    pad_left, pad_bottom, top = 36, 34, 10
    plot_w, plot_h = width - pad_left - 8, height - pad_bottom - top
    peak = max(b.count for b in data) or 1
    bar_w = plot_w / len(data)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-labelledby="hist-t hist-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="hist-t">{escape(title)}</title>',
        f'<desc id="hist-d">{escape(_describe(data))}</desc>',
        f'<text x="4" y="{top + 10}">{peak}</text><text x="4" y="{top + plot_h}">0</text>',
    ]
    for i, b in enumerate(data):
        h = plot_h * b.count / peak
        x, y = pad_left + i * bar_w, top + plot_h - h
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{max(bar_w - 2, 1):.1f}" '
                     f'height="{h:.1f}"><title>{b.low:.2f}–{b.high:.2f}: {b.count}</title></rect>')
    axis_y = top + plot_h + 14
    parts.append(f'<text x="{pad_left}" y="{axis_y}">{data[0].low:.2f}</text>')
    parts.append(f'<text x="{width - 8}" y="{axis_y}" text-anchor="end">{data[-1].high:.2f}</text>')
    parts.append(f'<text x="{pad_left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle">'
                 f'{escape(title)}</text></svg>')
    return Markup("".join(parts))


def _describe(data: list[Bin]) -> str:
    return "; ".join(f"{b.low:.2f} to {b.high:.2f}: {b.count}" for b in data)
