"""Charts as plain SVG drawn on the server: no JavaScript, a <title> and <desc> for screen
readers, and every figure also in a table beside the chart (see the dashboard template).

Every text that goes into the SVG is escaped; numbers are formatted for the reader's language.
"""

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup, escape

BAR = "#1d4f91"
TARGET = "#b35900"
LIKERT_COLOURS = ("#b2182b", "#ef8a62", "#9e9e9e", "#67a9cf", "#2166ac")
LIKERT_TEXT = ("#ffffff", "#000000", "#000000", "#000000", "#ffffff")


def number(value: float, digits: int = 1) -> str:
    return format_decimal(round(value, digits), format="#,##0." + "0" * digits if digits else "#,##0")


@dataclass(frozen=True)
class Chart:
    """An SVG chart: inline on the dashboard, a vector image in the PDF summary (xhtml2pdf draws it
    with svglib as lines and text, not as pixels)."""

    svg: Markup
    width: int
    height: int

    def __html__(self) -> str:
        return self.svg

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(str(self.svg).encode()).decode()

    def size(self, max_width: float) -> tuple[float, float]:
        """Width and height scaled down to fit ``max_width`` (never up: the text would grow)."""
        scale = min(1.0, max_width / self.width)
        return round(self.width * scale, 1), round(self.height * scale, 1)


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> Chart:
    svg = Markup(  # noqa: S704 (SVG built from escaped parts)
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" font-family="sans-serif" font-size="12">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )
    return Chart(svg, width, height)


def _text(
    x: float,
    y: float,
    content: str,
    anchor: str = "middle",
    fill: str = "#000000",
    size: int | None = None,
    weight: str | None = None,
) -> str:
    extra = (f' font-size="{size}"' if size else "") + (f' font-weight="{weight}"' if weight else "")
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{extra}>{escape(content)}</text>'


def column_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float],
    target: float | None = None,
    target_label: str = "",
    value_format: Callable | None = None,
) -> Chart:
    """Vertical bars, one per label, with the value above each bar and an optional target line."""
    value_format = value_format or (lambda v: number(v, 0))
    width, height, left, right, top, bottom = max(320, 44 * len(labels) + 60), 220, 40, 20, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([*values, target or 0, 1])
    slot = plot_w / max(len(labels), 1)
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#555555"/>']
    for index, (label, value) in enumerate(zip(labels, values)):
        bar_h = plot_h * value / top_value
        x = left + index * slot + slot * 0.15
        y = top + plot_h - bar_h
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_h:.1f}" fill="{BAR}">'
            f"<title>{escape(label)}: {escape(value_format(value))}</title></rect>"
        )
        body.append(_text(x + slot * 0.35, y - 4, value_format(value)))
        body.append(_text(x + slot * 0.35, top + plot_h + 16, label))
    if target:
        y = top + plot_h - plot_h * target / top_value
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{TARGET}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(_text(left + 2, y - 4, target_label, anchor="start", fill=TARGET))
    return _svg(chart_id, width, height, title, desc, body)


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    low: float,
    high: float,
    target: float | None = None,
    target_label: str = "",
) -> Chart:
    """Points joined by a line (a gap where a value is missing), with an optional dashed target line."""
    width, height, left, right, top, bottom = max(320, 44 * len(labels) + 60), 220, 40, 20, 20, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / max(len(labels), 1)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * (value - low) / (high - low)

    body = []
    for tick in range(int(low), int(high) + 1):
        body.append(
            f'<line x1="{left}" y1="{y_of(tick):.1f}" x2="{width - right}" y2="{y_of(tick):.1f}" stroke="#dddddd"/>'
        )
        body.append(_text(left - 6, y_of(tick) + 4, str(tick), anchor="end"))
    if target is not None:
        body.append(
            f'<line x1="{left}" y1="{y_of(target):.1f}" x2="{width - right}" y2="{y_of(target):.1f}" '
            f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(_text(width - right, y_of(target) - 4, target_label, anchor="end", fill=TARGET))
    segment: list[str] = []
    for index, (label, value) in enumerate(zip(labels, values)):
        x = left + index * slot + slot / 2
        body.append(_text(x, top + plot_h + 16, label))
        if value is None:
            if len(segment) > 1:
                body.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BAR}" stroke-width="2"/>')
            segment = []
            continue
        segment.append(f"{x:.1f},{y_of(value):.1f}")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y_of(value):.1f}" r="4" fill="{BAR}">'
            f"<title>{escape(label)}: {escape(number(value))}</title></circle>"
        )
    if len(segment) > 1:
        body.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BAR}" stroke-width="2"/>')
    return _svg(chart_id, width, height, title, desc, body)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stacked_bars(
    chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, Sequence[float]]], answers: Sequence[str]
) -> Chart:
    """One bar per Likert statement, split into the share of each of the five answers, with a legend."""
    width, bar_w, left = 640, 600, 20
    row_h = 52
    height = 40 + row_h * len(rows)
    body = []
    x = left
    for index, answer in enumerate(answers):  # legend
        body.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{LIKERT_COLOURS[index]}"/>')
        body.append(_text(x + 16, 18, answer, anchor="start", size=11))
        x += 20 + 7 * len(answer)
    for row, (label, percentages) in enumerate(rows):
        y = 40 + row * row_h
        body.append(_text(left, y + 10, _short(label), anchor="start"))
        x = left
        for index, share in enumerate(percentages):
            w = bar_w * share / 100
            if w <= 0:
                continue
            body.append(
                f'<rect x="{x:.1f}" y="{y + 16}" width="{w:.1f}" height="24" fill="{LIKERT_COLOURS[index]}">'
                f"<title>{escape(answers[index])}: {escape(number(share, 0))}%</title></rect>"
            )
            if share >= 7:
                body.append(_text(x + w / 2, y + 32, f"{number(share, 0)}%", fill=LIKERT_TEXT[index], size=11))
            x += w
    return _svg(chart_id, width, height, title, desc, body)


def horizontal_bars(chart_id: str, title: str, desc: str, items: Sequence[tuple[str, int, float]]) -> Chart:
    """One bar per answer: its label above, the bar for its share of respondents, count and share beside it."""
    width, bar_w, left, row_h = 640, 480, 20, 40
    height = 12 + row_h * len(items)
    body = []
    for row, (label, count, share) in enumerate(items):
        y = 8 + row * row_h
        body.append(_text(left, y + 10, _short(label), anchor="start"))
        w = bar_w * share / 100
        body.append(
            f'<rect x="{left}" y="{y + 15}" width="{w:.1f}" height="16" fill="{BAR}">'
            f"<title>{escape(label)}: {count} ({escape(number(share, 0))}%)</title></rect>"
        )
        body.append(_text(left + w + 6, y + 28, f"{count} ({number(share, 0)}%)", anchor="start"))
    return _svg(chart_id, width, height, title, desc, body)


def report_charts(report) -> dict:
    """The dashboard's charts for one module report; each has its numbers in a table beside it."""
    from flask_babel import format_date

    months = [format_date(point.month, "MMM yy") for point in report.trend]
    charts = {
        "grades": column_chart(
            "grafiek-cijfers",
            _("Hoe vaak elk cijfer is gegeven"),
            _("Staafdiagram: aantal deelnemers per cijfer van 1 tot en met 10. De cijfers staan ook in de tabel."),
            [str(g) for g in range(1, 11)],
            report.grades.distribution,
        ),
        "likert": stacked_bars(
            "grafiek-stellingen",
            _("Antwoorden op de stellingen"),
            _("Per stelling een balk, verdeeld over de vijf antwoorden, van helemaal oneens tot helemaal eens."),
            [(s.label, s.percentages) for s in report.likert],
            report.likert[0].answers if report.likert else (),
        ),
        "choices": [
            horizontal_bars(
                f"grafiek-{c.field_id}",
                c.label,
                _("Per antwoord een balk: hoeveel deelnemers dit kozen."),
                list(zip(c.answers, c.counts, c.percentages)),
            )
            for c in report.choices
        ],
        "trend_grade": line_chart(
            "grafiek-trend-cijfer",
            _("Gemiddeld cijfer per maand"),
            _("Lijn: gemiddeld cijfer per maand. Stippellijn: het doel."),
            months,
            [p.mean_grade for p in report.trend],
            1,
            10,
            report.grade_target.target,
            _("doel %(target)s", target=number(report.grade_target.target)),
        ),
        "trend_completions": column_chart(
            "grafiek-trend-afgerond",
            _("Afgerond per maand"),
            _("Staafdiagram: aantal deelnemers dat de module afrondde per maand. Stippellijn: het doel per maand."),
            months,
            [p.completions for p in report.trend],
            report.annual_target / 12,
            _("doel %(target)s per maand", target=number(report.annual_target / 12)),
        ),
    }
    return charts
