"""Tools: the handouts a module carries (a card, a template), Markdown files in its ``tools/`` folder.

``module.yaml`` declares each one with its file, a title and an attribution; Leerpad
renders it to a PDF (``learn.tools``). A step offers a tool by linking to it as
``[the card](tools/<name>.pdf)``, the same relative address in the web player and in a
SCORM package. Every problem is reported with its file and line, like the rest of a module.
"""

import re
from pathlib import Path

from marshmallow import fields

from .errors import ContentError
from .fields import IDENTIFIER, StrictSchema
from .markdown import markdown_tokens, render_markdown
from .model import Module, Step, Tool
from .readability import prose
from .source import line_of

TOOL_LINK = re.compile(r'href="tools/([^"]*)"')
TOOL_ADDRESS = re.compile(r"^([a-z0-9][a-z0-9_-]{0,63})\.pdf$")


def _not_blank(text: str) -> bool:
    return bool(text.strip())


class ToolSchema(StrictSchema):
    file = fields.String(required=True)
    title = fields.String(required=True, validate=_not_blank)
    summary = fields.String(load_default="")  # one line on the download card: what the tool is for
    attribution = fields.String(required=True, validate=_not_blank)  # printed on every page of the PDF


def load_tools(folder: Path, meta, declared: list[dict], errors: list[ContentError]) -> tuple[Tool, ...]:
    """The declared tools whose files exist and read well; the problems of the others go into ``errors``."""
    meta_file = folder / "module.yaml"
    tools, seen = [], set()
    for index, entry in enumerate(declared):
        line = line_of(meta, ("tools", index, "file"))
        name = Path(entry["file"])
        tool_id = name.stem
        if name.parts[:1] != ("tools",) or len(name.parts) != 2 or name.suffix != ".md":
            errors.append(ContentError(meta_file, line, f"tool '{entry['file']}': put it in tools/ as a .md file"))
            continue
        if not IDENTIFIER.match(tool_id):
            errors.append(
                ContentError(meta_file, line, f"tool '{entry['file']}': name the file with a-z, 0-9, '-' or '_'")
            )
            continue
        if tool_id in seen:
            errors.append(ContentError(meta_file, line, f"tool '{entry['file']}' is declared twice"))
            continue
        seen.add(tool_id)
        file = folder / name
        if not file.is_file():
            errors.append(ContentError(meta_file, line, f"tool file '{entry['file']}' not found"))
            continue
        text = _read_tool(file, errors)
        if text is None:
            continue
        tools.append(
            Tool(
                id=tool_id,
                title=entry["title"].strip(),
                summary=entry["summary"].strip(),
                attribution=entry["attribution"].strip(),
                body=render_markdown(text),
                file=file,
            )
        )
    return tuple(tools)


def _read_tool(file: Path, errors: list[ContentError]) -> str | None:
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        errors.append(ContentError(file, line, "not UTF-8 text: save the file as UTF-8"))
        return None
    if not text.strip():
        errors.append(ContentError(file, 1, "the tool is empty"))
        return None
    problems = list(_markdown_problems(file, text))
    errors.extend(problems)
    return None if problems else text


def _markdown_problems(file: Path, text: str):
    """A tool prints as one document under its title from module.yaml, and holds text only."""
    for token in markdown_tokens(text):
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open" and token.tag == "h1":
            yield ContentError(file, line, "start headings at '##': the title comes from module.yaml")
        for child in token.children or ():
            if child.type == "image":
                yield ContentError(
                    file, line, f"image '{child.attrs.get('src', '?')}': a tool is text only (pictures go in a step)"
                )


def linked_tools(step: Step) -> list[str]:
    """The addresses under ``tools/`` that the step's prose links to, in order, each once."""
    found = []
    for text in prose(step):
        for address in TOOL_LINK.findall(str(text)):
            if address not in found:
                found.append(address)
    return found


def tools_in(module: Module, step: Step) -> tuple[Tool, ...]:
    """The tools a step offers: those its text links to."""
    tools = (module.tool(match.group(1)) for address in linked_tools(step) if (match := TOOL_ADDRESS.match(address)))
    return tuple(tool for tool in tools if tool is not None)


def check_tool_links(steps, declared: list[dict], errors: list[ContentError]) -> None:
    """A link to a tool the module does not declare would be a dead link for the learner."""
    known = {f"{Path(entry['file']).stem}.pdf" for entry in declared}
    for step in steps:
        for address in linked_tools(step):
            if address in known:
                continue
            hint = ", ".join(f"tools/{name}" for name in sorted(known)) or "none declared in module.yaml"
            errors.append(
                ContentError(
                    step.file,
                    _line_mentioning(step.file, f"tools/{address}"),
                    f"link to 'tools/{address}': no such tool (known: {hint})",
                )
            )


def _line_mentioning(file: Path, fragment: str) -> int | None:
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    return None
