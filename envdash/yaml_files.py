"""Reading YAML safely, remembering the line of every record and field."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from envdash.problems import Problem

# The C loader when PyYAML was built with libyaml: several times faster on large curations.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LineIndex:
    """Lines of records in a YAML document: lines[(section, index)] and field lines."""
    records: dict[tuple[str, int], int] = field(default_factory=dict)
    fields: dict[tuple[str, int, str], int] = field(default_factory=dict)

    def record_line(self, section: str, index: int) -> int:
        return self.records.get((section, index), 1)

    def field_line(self, section: str, index: int, name: str) -> int:
        return self.fields.get((section, index, name), self.record_line(section, index))


@dataclass
class YamlDocument:
    path: Path
    label: str            # path as shown in messages (relative to the project)
    data: object
    lines: LineIndex
    text: str = ""


def _find_shared_node(node, seen: set[int]) -> yaml.Node | None:
    """A node reached twice is an alias; refusing them stops 'billion laughs' bombs at once."""
    if id(node) in seen:
        return node
    seen.add(id(node))
    children = []
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    for child in children:
        shared = _find_shared_node(child, seen)
        if shared is not None:
            return shared
    return None


def _index_lines(root: yaml.Node) -> LineIndex:
    index = LineIndex()
    if not isinstance(root, yaml.MappingNode):
        return index
    for key_node, value_node in root.value:
        if not isinstance(value_node, yaml.SequenceNode):
            continue
        section = key_node.value
        for position, item in enumerate(value_node.value):
            index.records[(section, position)] = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                for field_key, _ in item.value:
                    index.fields[(section, position, str(field_key.value))] = field_key.start_mark.line + 1
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
        root = loader.get_single_node()
        if root is None:
            return None, problem(1, "the file holds no YAML document")
        shared = _find_shared_node(root, set())
        if shared is not None:
            return None, problem(shared.start_mark.line + 1,
                                 "YAML anchors and aliases (&name, *name) are not allowed; write the values out")
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
