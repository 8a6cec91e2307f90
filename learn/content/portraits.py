"""Persona portraits: small SVG drawings in a module's ``images/`` folder, checked before any learner sees one.

An SVG is a document, not a picture: it can carry scripts, event handlers, embedded HTML
and references to other sites. A portrait may hold shapes, paths, gradients, text and
styles, nothing that runs or fetches; it needs a ``viewBox`` so it scales cleanly from a
96 px card on a phone to a large screen, and it stays small.
"""

import re
from pathlib import Path

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
MAX_BYTES = 100_000
# Elements that run code, embed other documents or animate attributes (an animation can set an href).
FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object", "animate", "set", "animateMotion", "handler"}
# url(#gradient) points inside the file; url(https://…) or url(data…) would fetch or embed something else.
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def portrait_problems(file: Path) -> list[tuple[int | None, str]]:
    """(line in the SVG, problem) for every reason this file cannot be shown as a portrait; empty when fine."""
    if file.suffix.lower() != ".svg":
        return [(None, "a portrait must be an SVG drawing (.svg)")]
    data = file.read_bytes()
    if len(data) > MAX_BYTES:
        return [(None, f"the portrait is {len(data) // 1000} kB; keep it under {MAX_BYTES // 1000} kB")]
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        return [(error.lineno, f"not a valid SVG file: {error.msg}")]
    problems = [
        (node.sourceline, "a processing instruction (<?…?>) is not allowed in a portrait")
        for node in root.itersiblings(preceding=True)
        if isinstance(node, etree._ProcessingInstruction)
    ]
    if root.tag != f"{{{SVG}}}svg":
        problems.append((root.sourceline, 'the file must start with <svg xmlns="http://www.w3.org/2000/svg">'))
    elif not root.get("viewBox"):
        problems.append((root.sourceline, "the <svg> needs a viewBox so the portrait scales to any size"))
    for element in root.iter(etree.Element):
        name = etree.QName(element).localname
        if name in FORBIDDEN:
            problems.append((element.sourceline, f"<{name}> is not allowed in a portrait"))
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                problems.append((element.sourceline, f"the attribute {local}= is not allowed in a portrait"))
            elif local == "href" and not value.startswith("#"):
                problems.append((element.sourceline, f"the portrait refers to {value!r}; draw it in the file itself"))
            elif OUTSIDE_URL.search(value):
                problems.append((element.sourceline, "the portrait loads something from outside the file (url(…))"))
        if name == "style" and OUTSIDE_URL.search(element.text or ""):
            problems.append((element.sourceline, "the portrait's style loads something from outside the file"))
    return problems
