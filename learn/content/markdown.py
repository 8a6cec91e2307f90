"""Markdown for module prose: CommonMark with tables, rendered and then sanitized.

Authors are trusted to write text, not HTML: whatever the Markdown produces goes
through bleach with a short list of tags, so a ``<script>`` in a module file can
never reach a learner's browser.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import bleach
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = [
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "img",
    "abbr",
]
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "img": ["src", "alt", "title"], "abbr": ["title"], "th": ["scope"]}
ALLOWED_PROTOCOLS = ["https", "http", "mailto"]

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
# The same Markdown read as CommonMark would with HTML on: only to find the HTML an author typed.
_with_html = MarkdownIt("commonmark", {"html": True}).enable("table")
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_OTHER_SITE = re.compile(r"^(https?:)?//", re.IGNORECASE)


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    html = _markdown.render(text or "")
    clean = bleach.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True
    )
    return Markup(clean.strip())  # noqa: S704 (bleach output)


HEADING = re.compile(r"<h2>(.*?)</h2>", re.S)


def with_sections(html: Markup, prefix: str) -> tuple[Markup, tuple[tuple[str, str], ...]]:
    """Give each ``##`` heading of a sanitized body an id, and list them (id, title) for an in-step
    contents list: a long step on a phone gets a way to jump to its parts."""
    sections, seen = [], set()

    def anchor(match):
        title = bleach.clean(match.group(1), tags=[], strip=True).strip()
        ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-") or "deel"
        identifier, number = f"{prefix}--{slug}", 2
        while identifier in seen:
            identifier, number = f"{prefix}--{slug}-{number}", number + 1
        seen.add(identifier)
        sections.append((identifier, title))
        return f'<h2 id="{identifier}">{match.group(1)}</h2>'

    return Markup(HEADING.sub(anchor, str(html))), tuple(sections)  # noqa: S704 (bleach output, ids from a slug)


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup, for readability checks and summaries."""
    return bleach.clean(_markdown.render(text or ""), tags=[], strip=True)


def markdown_tokens(text: str):
    """The parsed blocks of a Markdown text (markdown-it tokens, each with its source lines in ``map``)."""
    return _markdown.parse(text or "")


@dataclass(frozen=True)
class Finding:
    """A problem in an author's Markdown, on ``line`` (0 is the text's first line)."""

    line: int
    message: str
    warning: bool = False


def check_markdown(text: str) -> list[Finding]:
    """What an author should fix in a Markdown text before learners see it.

    Images need alt text (screen readers) and must come from the module itself: an image on
    another site tells that site who opened the module, and SCORM packages have no CSP to stop
    it. Raw HTML is shown as text (Leerpad renders Markdown only): a warning, so the author knows.
    """
    findings = []
    for token in _with_html.parse(text or ""):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            findings.append(_raw_html(line, token.content))
        for child in token.children or ():
            if child.type == "html_inline" and not child.content.startswith("</"):  # one warning per element
                findings.append(_raw_html(line, child.content))
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                if not child.content.strip():
                    findings.append(Finding(line, f"image '{src}' has no alt text: write ![description](…)"))
                if _OTHER_SITE.match(src):
                    findings.append(
                        Finding(
                            line,
                            f"image '{src}' comes from outside the module: put it in the module's images/ folder "
                            "(an outside image tells another site who opens the module)",
                        )
                    )
    return findings


def _raw_html(line: int, html: str) -> Finding:
    tag = _TAG.search(html)
    shown = f"<{tag.group(1)}>" if tag else html.strip()[:30]
    return Finding(
        line, f"raw HTML '{shown}' is shown as text, not as formatting: use Markdown (**bold**, *italic*)", True
    )
