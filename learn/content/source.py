"""Reading author-edited files: YAML that remembers line numbers, and Markdown with front matter.

Marshmallow reports errors by field path (``chapters.0.steps``); the containers
built here remember on which line each key and item stood, so an error can point
the author to the line to fix.
"""

from pathlib import Path

import yaml

from .errors import ContentError


class LineDict(dict):
    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when installed: 5x faster start-up
    line_offset = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1 + loader.line_offset
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay text: authors write 2027-12-31 and the schema parses it with a clear message.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, file: Path, line_offset: int = 0):
    """Parse YAML text; a syntax error becomes a ContentError with its line."""
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise ContentError(file, line, f"YAML syntax error: {problem}") from None
    finally:
        loader.dispose()


def read_text(file: Path) -> str:
    """A module file's text; bytes that are not UTF-8 become a ContentError naming the byte and its line."""
    data = file.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError(
            file,
            line,
            f"not valid UTF-8 at byte {error.start} (0x{data[error.start]:02x}): save the file as UTF-8 in your editor",
        ) from None


def read_yaml(file: Path):
    return parse_yaml(read_text(file), file)


def read_front_matter(file: Path) -> tuple[dict, str, int]:
    """Split a Markdown file into its YAML front matter, its body and the body's first line."""
    text = read_text(file)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(file, 1, "a step file must start with '---' and YAML front matter")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            meta = parse_yaml("".join(lines[1:index]), file, line_offset=1) or LineDict()
            if not isinstance(meta, dict):
                raise ContentError(file, 2, "the front matter must be a set of 'key: value' lines")
            return meta, "".join(lines[index + 1 :]), index + 2
    raise ContentError(file, 1, "the front matter is not closed with a second '---' line")


def line_of(data, path: tuple) -> int | None:
    """The line of the deepest element of ``path`` that the data still knows about."""
    line = getattr(data, "line", None)
    node = data
    for part in path:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        elif isinstance(node, LineDict) and part in getattr(node, "key_lines", {}):
            line = node.key_lines[part]
            break
        else:
            break
    return line


def read_source(file: Path):
    """A module file's YAML (a step's front matter) with its lines, or None when it cannot be read."""
    try:
        return read_front_matter(file)[0] if file.suffix == ".md" else read_yaml(file)
    except (ContentError, OSError):
        return None


def line_in(file: Path, path: tuple) -> int | None:
    """The line of ``path`` (keys and list indexes) in a module file, for a problem found after loading it."""
    return line_of(read_source(file), path)


def flatten_errors(messages, path: tuple = ()):
    """Turn marshmallow's nested error dict into (path, message) pairs."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from flatten_errors(value, (*path, key))
    elif isinstance(messages, list):
        for message in messages:
            if isinstance(message, (dict, list)):
                yield from flatten_errors(message, path)
            else:
                yield path, str(message)
    else:
        yield path, str(messages)
