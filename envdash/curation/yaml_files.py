"""Reading YAML safely, remembering the line of every record and field."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from envdash.core.problems import Problem

# The C loader when PyYAML was built with libyaml: several times faster on large curations.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Deeper than any curated file needs; refusing more keeps the parser's recursion bounded.
MAX_DEPTH = 50


@dataclass
class LineIndex:
    """Lines of a YAML document: top-level keys, records of top-level lists, and their fields.

    Fields of nested mappings are indexed by dotted path ("change.value").
    """
    top: dict[str, int] = field(default_factory=dict)
    records: dict[tuple[str, int], int] = field(default_factory=dict)
    fields: dict[tuple[str, int, str], int] = field(default_factory=dict)

    def top_line(self, key: str) -> int:
        return self.top.get(key, 1)

    def record_line(self, section: str, index: int) -> int:
        return self.records.get((section, index), self.top_line(section))

    def field_line(self, section: str, index: int, name: str) -> int:
        """Line of a field; a nested path falls back to its nearest indexed parent."""
        path = name
        while path:
            if (section, index, path) in self.fields:
                return self.fields[(section, index, path)]
            path = path.rpartition(".")[0]
        return self.record_line(section, index)


@dataclass
class YamlDocument:
    path: Path
    label: str            # path as shown in messages (relative to the project)
    data: object
    lines: LineIndex
    text: str = ""


def _structure_problem(text: str) -> tuple[int, str] | None:
    """Aliases (billion-laughs bombs) and runaway nesting, found from the event stream alone."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return event.start_mark.line + 1, "YAML anchors and aliases (&name, *name) are not allowed; write the values out"
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1, f"the YAML is nested more than {MAX_DEPTH} levels deep"
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _duplicate_key(root: yaml.Node) -> tuple[int, str] | None:
    """The first key written twice in one mapping (YAML would silently keep the last)."""
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        return key.start_mark.line + 1, key.value
                    seen.add(key.value)
                pending.append(value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return None


def _index_fields(index: LineIndex, section: str, position: int, mapping: yaml.MappingNode, prefix: str) -> None:
    for field_key, field_value in mapping.value:
        path = f"{prefix}{field_key.value}"
        index.fields[(section, position, path)] = field_key.start_mark.line + 1
        if isinstance(field_value, yaml.MappingNode):
            _index_fields(index, section, position, field_value, f"{path}.")


def _index_lines(root: yaml.Node) -> LineIndex:
    index = LineIndex()
    if not isinstance(root, yaml.MappingNode):
        return index
    for key_node, value_node in root.value:
        index.top[str(key_node.value)] = key_node.start_mark.line + 1
        if not isinstance(value_node, yaml.SequenceNode):
            continue
        section = key_node.value
        for position, item in enumerate(value_node.value):
            index.records[(section, position)] = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                _index_fields(index, section, position, item, "")
    return index


# --- the fast reader: one pass over the parser's events ---------------------------------------
# Curated files are plain mappings, lists and untagged scalars. For those, building the data and
# the line index straight from the event stream gives exactly what composing nodes and then
# constructing them gives, at a third of the cost. Anything else (tags, anchors, merge keys,
# repeated or complex keys, several documents, deep nesting, errors) is left to the full reader
# below, so every problem is still found and worded by the same code.

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset({_STR_TAG, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                         "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"})


class _Unusual(Exception):
    """Something the fast reader leaves to the full one."""


class _Frame:
    """An open mapping or list, and what its entries mean for the line index."""
    __slots__ = ("container", "is_mapping", "key", "raw_keys", "role", "section", "position", "prefix")

    def __init__(self, container, role: str, section=None, position: int = 0, prefix: str = ""):
        self.container, self.is_mapping = container, isinstance(container, dict)
        self.key, self.raw_keys = None, set() if self.is_mapping else None
        # role: "root" (top-level mapping), "section" (a top-level list), "fields" (a record or a
        # mapping inside one), "other" (not indexed)
        self.role, self.section, self.position, self.prefix = role, section, position, prefix


# Plain scalars already read: keys and values such as `kind`, `actual` or `243` repeat in every
# record, and reading one runs a regular expression and a constructor. What they stand for (text,
# numbers, booleans, null, dates) cannot be changed, so one object can serve every occurrence.
_plain_values: dict[str, object] = {}


def _scalar(loader, event):
    if event.anchor is not None or event.tag is not None:
        raise _Unusual
    if not event.implicit[0]:
        return event.value   # quoted or block text without a tag: always a string
    value = _plain_values.get(event.value, _plain_values)
    if value is not _plain_values:
        return value
    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR_TAG:
        value = event.value
    elif tag in _PLAIN_TAGS:
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        value = loader.yaml_constructors[tag](loader, node)
    else:
        raise _Unusual
    if len(_plain_values) < 50_000:
        _plain_values[event.value] = value
    return value


# Event classes bound once: the loop below runs for every event of every curated file.
_ScalarEvent, _MappingStartEvent, _SequenceStartEvent = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEndEvent, _SequenceEndEvent, _DocumentStartEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent
_FRAMING_EVENTS = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)


def _read_events(loader) -> tuple[object, LineIndex]:
    index = LineIndex()
    stack: list[_Frame] = []
    root, have_root, documents = None, False, 0
    next_event = loader.get_event
    while (event := next_event()) is not None:   # None once the stream has ended
        kind = type(event)
        if kind is _ScalarEvent:
            value, child = _scalar(loader, event), None
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                raise _Unusual
            value = {} if kind is _MappingStartEvent else []
            child = _Frame(value, "other")
        elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
            stack.pop()
            continue
        elif kind is _DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
            continue
        elif kind in _FRAMING_EVENTS:
            continue
        else:   # aliases
            raise _Unusual
        if not stack:
            root, have_root = value, True
            if child is not None and child.is_mapping:
                child.role = "root"
        else:
            frame = stack[-1]
            if not frame.is_mapping:
                frame.container.append(value)
                if frame.role == "section":
                    position = len(frame.container) - 1
                    index.records[(frame.section, position)] = event.start_mark.line + 1
                    if child is not None and child.is_mapping:
                        child.role, child.section, child.position = "fields", frame.section, position
            elif frame.key is None:
                if child is not None or event.value in frame.raw_keys:
                    raise _Unusual   # a complex key, or a key written twice: the full reader says which
                frame.raw_keys.add(event.value)
                frame.key = (value, event.value)
                if frame.role == "root":
                    index.top[event.value] = event.start_mark.line + 1
                elif frame.role == "fields":
                    index.fields[(frame.section, frame.position, frame.prefix + event.value)] = event.start_mark.line + 1
            else:
                key, raw = frame.key
                frame.container[key] = value
                frame.key = None
                if child is not None:
                    if frame.role == "root" and not child.is_mapping:
                        child.role, child.section = "section", raw
                    elif frame.role == "fields" and child.is_mapping:
                        child.role, child.section, child.position = "fields", frame.section, frame.position
                        child.prefix = f"{frame.prefix}{raw}."
        if child is not None:
            stack.append(child)
    if not have_root:
        raise _Unusual
    return root, index


def _fast_read(text: str) -> tuple[object, LineIndex] | None:
    """Data and line index of a plain document, or None to leave the document to the full reader."""
    loader = _SafeLoader(text)
    try:
        return _read_events(loader)
    except (_Unusual, yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def read_yaml(path: Path, label: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML file; on failure return the problems instead of raising."""
    def problem(line: int, message: str) -> list[Problem]:
        return [Problem(label, line, "file", "-", message)]

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, problem(line, f"the file is not UTF-8 (byte {error.start} cannot be read); save it as UTF-8")
    if not text.strip():
        return None, problem(1, "the file is empty")
    fast = _fast_read(text)
    if fast is not None:
        return YamlDocument(path, label, fast[0], fast[1], text), []
    loader = _SafeLoader(text)
    try:
        refused = _structure_problem(text)
        if refused is not None:
            return None, problem(*refused)
        root = loader.get_single_node()
        if root is None:
            return None, problem(1, "the file holds no YAML document")
        duplicate = _duplicate_key(root)
        if duplicate is not None:
            return None, problem(duplicate[0], f"the key {duplicate[1]!r} is written twice in one mapping; keep one")
        data = loader.construct_document(root)
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark
        return None, problem(mark.line + 1 if mark else 1,
                             f"YAML tag not allowed ({error.problem}); plain values only")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return None, problem(mark.line + 1 if mark else 1, f"malformed YAML: {reason}")
    finally:
        loader.dispose()
    return YamlDocument(path, label, data, _index_lines(root), text), []
