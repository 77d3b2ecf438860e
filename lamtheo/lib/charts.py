"""Charts with no domain knowledge: bars per unit and a trend per month, as inline SVG for pages and as PNG for
DOCX reports.

The SVG needs no JavaScript and no stylesheet: it scales to the width of its container (a phone or a printed
page), carries its own <title> and <desc> (the values in words, for screen readers), and draws bars with an outline
so they still read when printed in black and white. Every label is escaped. The PNG versions draw the same chart
with matplotlib's Agg backend (no display needed); DejaVu Sans has the Vietnamese glyphs.
"""

import hashlib
import io
from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lamtheo.lib import vn

BAR_FILL = "#a50e0e"
BAR_STROKE = "#5c0707"
LOW_FILL = "#d98c1f"  # a bar under the `bar` line
GRID = "#c9c9c9"
INK = "#1a1a1a"
MUTED = "#555555"
FONT = "DejaVu Sans, Segoe UI, Roboto, Noto Sans, Arial, sans-serif"

# SVG geometry, in viewBox units (the drawing scales to its container's width).
WIDTH = 560
MARGIN = 8
LABEL_SIZE = 15
VALUE_SIZE = 14
ROW_HEIGHT = 44  # a label line above each bar, then the bar
BAR_THICKNESS = 18
VALUE_ROOM = 78  # room right of the longest bar for its value
TREND_HEIGHT = 260
TREND_LABEL_ROOM = 34
TREND_VALUE_ROOM = 24
TREND_LEGEND_ROOM = 26  # above the plot: the target's dashed line and value
MAX_LABEL_CHARS = 60

Rows = Sequence[tuple[str, float | None]]


def format_value(value: float | None, unit: str = "%") -> str:
    """`98.14` -> `98,1%`, `90.0` -> `90%` (a whole percent as committees write it); `40539` -> `40.539` (with the
    unit when it is not a percent)."""
    if value is None:
        return "—"
    decimals = 0 if float(value).is_integer() else 1
    if unit == "%":
        return vn.number(value, decimals) + "%"
    text = vn.number(value, decimals)
    return f"{text} {unit}" if unit else text


def _scale_max(values: list[float], unit: str, bar: float | None) -> float:
    top = max([0.0, *values, *([bar] if bar is not None else [])])
    if unit == "%":
        return max(top, 100.0)
    return top or 1.0


def _ids(kind: str, title: str, rows: Rows) -> tuple[str, str]:
    """Element ids unique to this chart's content, so two charts on a page never share a <title> id."""
    digest = hashlib.blake2s(repr((kind, title, list(rows))).encode(), digest_size=5).hexdigest()
    return f"chart-{digest}-title", f"chart-{digest}-desc"


def _describe(rows: Rows, unit: str, fmt: Callable | None = None) -> str:
    fmt = fmt or (lambda value: format_value(value, unit))
    return "; ".join(f"{label}: {fmt(value)}" for label, value in rows)


def _clip(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _open_svg(
    kind: str, title: str, rows: Rows, unit: str, height: float, fmt: Callable | None = None
) -> list[str]:
    title_id, desc_id = _ids(kind, title, rows)
    description = _describe(rows, unit, fmt) if rows else _("Chưa có số liệu")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT}" fill="{INK}">',
        f'<title id="{title_id}">{escape(str(title))}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]


def _empty_svg(kind: str, title: str, unit: str) -> SafeString:
    parts = _open_svg(kind, title, [], unit, 60)
    parts.append(
        f'<text x="{MARGIN}" y="36" font-size="{LABEL_SIZE}" fill="{MUTED}">{escape(_("Chưa có số liệu"))}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def bars_svg(rows: Rows, *, title: str, unit: str = "%", bar: float | None = None) -> SafeString:
    """Horizontal bars, one per row (label, value): the label on its own line above its bar, so long unit names
    stay readable on a phone. `bar` draws a dashed line at that value (e.g. 80%); bars below it are coloured."""
    rows = [(str(label), None if value is None else float(value)) for label, value in rows]
    if not rows:
        return _empty_svg("bars", title, unit)
    values = [v for _label, v in rows if v is not None]
    top = _scale_max(values, unit, bar)
    plot_width = WIDTH - 2 * MARGIN - VALUE_ROOM
    bar_room = 22 if bar is not None else 0
    height = bar_room + ROW_HEIGHT * len(rows) + MARGIN
    parts = _open_svg("bars", title, rows, unit, height)
    for index, (label, value) in enumerate(rows):
        y = bar_room + index * ROW_HEIGHT
        parts.append(
            f'<text x="{MARGIN}" y="{y + LABEL_SIZE + 2}" font-size="{LABEL_SIZE}">{escape(_clip(label))}</text>'
        )
        bar_y = y + LABEL_SIZE + 7
        length = 0.0 if value is None else plot_width * max(value, 0.0) / top
        fill = LOW_FILL if bar is not None and value is not None and value < bar else BAR_FILL
        if length > 0:
            parts.append(
                f'<rect x="{MARGIN}" y="{bar_y}" width="{length:.1f}" height="{BAR_THICKNESS}" '
                f'fill="{fill}" stroke="{BAR_STROKE}" stroke-width="1"/>'
            )
        parts.append(
            f'<text x="{MARGIN + length + 6:.1f}" y="{bar_y + BAR_THICKNESS - 4}" font-size="{VALUE_SIZE}" '
            f'font-weight="bold">{escape(format_value(value, unit))}</text>'
        )
    if bar is not None:
        x = MARGIN + plot_width * bar / top
        parts.append(
            f'<line x1="{x:.1f}" y1="16" x2="{x:.1f}" y2="{height - MARGIN}" stroke="{INK}" '
            f'stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="13" font-size="{VALUE_SIZE - 1}" text-anchor="middle">'
            f"{escape(format_value(bar, unit))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def trend_svg(
    points: Rows,
    *,
    title: str,
    unit: str = "%",
    target: float | None = None,
    fmt: Callable[[float | None], str] | None = None,
) -> SafeString:
    """Columns, one per point (label, value or None for "no figure": an empty slot marked "—"). `target`, when
    given, is a dashed line at that value, named in a legend above the plot; `fmt` writes a value (by default
    format_value with `unit`)."""
    points = [(str(label), None if value is None else float(value)) for label, value in points]
    fmt = fmt or (lambda value: format_value(value, unit))
    if not points or all(value is None for _label, value in points):
        return _empty_svg("trend", title, unit)
    target = None if target is None else float(target)
    top = _scale_max([v for _label, v in points if v is not None], unit, target)
    legend = TREND_LEGEND_ROOM if target is not None else 0
    plot_top = TREND_VALUE_ROOM + legend
    plot_bottom = TREND_HEIGHT + legend - TREND_LABEL_ROOM
    plot_height = plot_bottom - plot_top
    slot = (WIDTH - 2 * MARGIN) / len(points)
    column = min(slot * 0.62, 56)
    # A character is about 0.6 em wide: shrink the texts until they fit their slot (down to a legible minimum).
    longest_value = max(len(fmt(value)) for _label, value in points)
    longest_label = max(len(_clip(label)) for label, _value in points)
    value_size = max(8.0, min(VALUE_SIZE, slot * 0.92 / (0.6 * longest_value)))
    label_size = max(8.0, min(LABEL_SIZE - 1, slot * 0.92 / (0.6 * longest_label)))
    parts = _open_svg("trend", title, points, unit, TREND_HEIGHT + legend, fmt)
    parts.append(
        f'<line x1="{MARGIN}" y1="{plot_bottom}" x2="{WIDTH - MARGIN}" y2="{plot_bottom}" stroke="{GRID}" '
        f'stroke-width="1.5"/>'
    )
    for index, (label, value) in enumerate(points):
        centre = MARGIN + slot * index + slot / 2
        if value is not None:
            length = plot_height * max(value, 0.0) / top
            parts.append(
                f'<rect x="{centre - column / 2:.1f}" y="{plot_bottom - length:.1f}" width="{column:.1f}" '
                f'height="{length:.1f}" fill="{BAR_FILL}" stroke="{BAR_STROKE}" stroke-width="1"/>'
            )
            value_y = plot_bottom - length - 5
        else:
            value_y = plot_bottom - 5
        parts.append(
            f'<text x="{centre:.1f}" y="{value_y:.1f}" font-size="{value_size:.1f}" text-anchor="middle" '
            f'font-weight="bold">{escape(fmt(value))}</text>'
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{plot_bottom + label_size + 6:.1f}" font-size="{label_size:.1f}" '
            f'text-anchor="middle">{escape(_clip(label))}</text>'
        )
    if target is not None:
        y = plot_bottom - plot_height * max(target, 0.0) / top
        label = _("Mục tiêu: %(value)s") % {"value": fmt(target)}
        dash = f'stroke="{INK}" stroke-width="2" stroke-dasharray="8 5"'
        parts.append(
            f'<line x1="{MARGIN}" y1="{y:.1f}" x2="{WIDTH - MARGIN}" y2="{y:.1f}" {dash}/>'
            f'<line x1="{MARGIN}" y1="{legend / 2:.1f}" x2="{MARGIN + 34}" y2="{legend / 2:.1f}" {dash}/>'
            f'<text x="{MARGIN + 42}" y="{legend / 2 + 5:.1f}" font-size="{LABEL_SIZE - 1}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


# PNG, for DOCX reports -------------------------------------------------------------------------------------------


def _figure(width_in: float, height_in: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=150)
    FigureCanvasAgg(figure)
    return figure


def _style(axes):
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=9)


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def _empty_png(title: str, width_in: float = 6.3, height_in: float = 1.2) -> bytes:
    figure = _figure(width_in, height_in)
    figure.text(0.02, 0.75, str(title), fontsize=11, fontweight="bold", family="DejaVu Sans")
    figure.text(0.02, 0.3, _("Chưa có số liệu"), fontsize=10, color=MUTED, family="DejaVu Sans")
    return _png(figure)


def bars_png(rows: Rows, *, title: str, unit: str = "%", bar: float | None = None) -> bytes:
    """The same chart as `bars_svg`, as PNG bytes (6,3 inches wide: the text width of an A4 Party document)."""
    rows = [(str(label), None if value is None else float(value)) for label, value in rows]
    if not rows:
        return _empty_png(title)
    values = [0.0 if v is None else v for _label, v in rows]
    top = _scale_max(values, unit, bar)
    figure = _figure(6.3, max(1.6, 0.38 * len(rows) + 0.9))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    colours = [LOW_FILL if bar is not None and v is not None and v < bar else BAR_FILL for _label, v in rows]
    axes.barh(positions, values, color=colours, edgecolor=BAR_STROKE, linewidth=0.6, height=0.62)
    axes.set_yticks(positions, [_clip(label) for label, _value in rows], family="DejaVu Sans")
    axes.invert_yaxis()
    axes.set_xlim(0, top * 1.16)
    axes.xaxis.set_visible(False)
    for position, (_label, value) in zip(positions, rows, strict=True):
        axes.text(
            (value or 0) + top * 0.01,
            position,
            format_value(value, unit),
            va="center",
            fontsize=8.5,
            fontweight="bold",
            family="DejaVu Sans",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
        )
    if bar is not None:
        axes.axvline(bar, color=INK, linestyle="--", linewidth=1)
        axes.text(bar, -0.75, format_value(bar, unit), ha="center", fontsize=8, family="DejaVu Sans")
    _style(axes)
    axes.set_title(str(title), fontsize=11, fontweight="bold", family="DejaVu Sans", loc="left", pad=14)
    return _png(figure)


def trend_png(points: Rows, *, title: str, unit: str = "%") -> bytes:
    """The same chart as `trend_svg`, as PNG bytes."""
    points = [(str(label), None if value is None else float(value)) for label, value in points]
    if not points or all(value is None for _label, value in points):
        return _empty_png(title)
    top = _scale_max([v for _label, v in points if v is not None], unit, None)
    figure = _figure(6.3, 2.8)
    axes = figure.add_subplot()
    positions = list(range(len(points)))
    heights = [0.0 if v is None else v for _label, v in points]
    axes.bar(positions, heights, color=BAR_FILL, edgecolor=BAR_STROKE, linewidth=0.6, width=0.62)
    labels = [_clip(label) for label, _value in points]
    crowded = len(points) * max(len(label) for label in labels) > 60
    axes.set_xticks(
        positions,
        labels,
        family="DejaVu Sans",
        fontsize=8,
        rotation=45 if crowded else 0,
        ha="right" if crowded else "center",
    )
    axes.set_ylim(0, top * 1.15)
    axes.yaxis.set_visible(False)
    size = 8.5 if len(points) <= 8 else 7
    for position, (_label, value) in zip(positions, points, strict=True):
        axes.text(
            position,
            (value or 0) + top * 0.015,
            format_value(value, unit),
            ha="center",
            fontsize=size,
            fontweight="bold",
            family="DejaVu Sans",
        )
    _style(axes)
    axes.set_title(str(title), fontsize=11, fontweight="bold", family="DejaVu Sans", loc="left")
    return _png(figure)
