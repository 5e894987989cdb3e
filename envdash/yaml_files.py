"""Reading YAML safely, remembering the line of every record and field."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from envdash.problems import Problem

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
