"""Markdown for module prose: CommonMark with tables, rendered and then sanitized.

Authors are trusted to write text, not HTML: whatever the Markdown produces goes
through bleach with a short list of tags, so a ``<script>`` in a module file can
never reach a learner's browser.
"""

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


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    html = _markdown.render(text or "")
    clean = bleach.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True
    )
    return Markup(clean.strip())


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup, for readability checks and summaries."""
    return bleach.clean(_markdown.render(text or ""), tags=[], strip=True)


def images_without_alt(text: str) -> list[str]:
    """Sources of Markdown images that have no alt text (screen readers need one)."""
    missing = []
    for token in _markdown.parse(text or ""):
        for child in token.children or ():
            if child.type == "image" and not child.content.strip():
                missing.append(child.attrs.get("src", "?"))
    return missing
