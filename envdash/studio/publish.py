"""Publishing a draft: its text, sources.yaml entry, curated file and change-log entry, all or nothing.

The files are first written into a staging copy of the project (every other input file linked in)
and the database is built from it by the store's own child build: a problem anywhere, in the draft
or in how it meets the rest of the curation, stops the publish before anything of the project is
touched, and leaves the draft as it was. Only then are the files written (each atomically; an error
part-way puts back the ones already written), the staged database swapped in under the build lock,
and the draft removed. The dashboard sees the new database on its next run.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import duckdb
import yaml

from envdash.core.problems import CurationFailed, Problem
from envdash.store.build import build_lock, input_files
from envdash.store.child_build import ChildBuildFailed, build_in_child
from envdash.studio.checks import DraftCheck, check_draft
from envdash.studio.drafts import CONFIRMED, DRAFTS, NEW, Draft, discard_draft, draft_path
from envdash.studio.files import curated_text, source_entry_text, source_fields, stored_text
from envdash.studio.yaml_text import change_log_entry

SOURCES = "data/sources.yaml"
CHANGELOG = "data/changelog.yaml"
CHANGELOG_HEADER = """\
# Every publish from the studio (python -m envdash studio): when, by whom (the name the curator
# entered), which report, and how many of its records (figures and directives) were added, changed
# and removed. Written by the studio; the Sources page shows each report's entries.
changes:
"""
SOURCES_HEADER = "sources:\n"


@dataclass(frozen=True)
class Blocker:
    """Why a draft cannot be published yet, for the studio to word: a code and its numbers or names."""
    code: str        # problems | to_check | no_records | no_text | no_curator | exists | unchanged
    count: int = 0
    detail: str = ""


@dataclass(frozen=True)
class ChangeCount:
    added: int
    changed: int
    removed: int


@dataclass
class PublishResult:
    published: bool
    blockers: list[Blocker] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # from validating the whole project with the draft in it
    files: list[str] = field(default_factory=list)
    change: ChangeCount | None = None
    database_swapped: bool = False
    seconds: float = 0.0


def change_count(draft: Draft) -> ChangeCount:
    """Records the publish adds, changes and removes, against the report as last published."""
    current = {record.key: record.fields for section in ("figures", "directives") for record in draft.records(section)}
    if draft.mode == NEW:
        return ChangeCount(len(current), 0, 0)
    added = sum(key not in draft.published for key in current)
    changed = sum(key in draft.published and draft.published[key] != fields for key, fields in current.items())
    removed = sum(key not in current for key in draft.published)
    return ChangeCount(added, changed, removed)


def blockers(root: Path, draft: Draft, curator: str, check: DraftCheck | None = None) -> list[Blocker]:
    """What stops the draft from being published, in the order the curator meets it (`check`: the
    draft's check, when the caller has it already)."""
    found = []
    if not draft.text.strip():
        found.append(Blocker("no_text"))
    check = check or check_draft(root, draft)
    if check.problem_count:
        found.append(Blocker("problems", check.problem_count))
    if not (draft.figures or draft.directives):
        found.append(Blocker("no_records"))
    unconfirmed = sum(record.status != CONFIRMED for section in ("figures", "directives")
                      for record in draft.records(section))
    if unconfirmed:
        found.append(Blocker("to_check", unconfirmed))
    if not curator.strip():
        found.append(Blocker("no_curator"))
    if draft.mode == NEW:
        for relative in (draft.text_path, f"data/curated/{draft.report_id}.yaml"):
            if (root / relative).exists():
                found.append(Blocker("exists", detail=relative))
    elif change_count(draft) == ChangeCount(0, 0, 0) and source_fields(draft) == draft.published_source:
        found.append(Blocker("unchanged"))
    return found


def _last_scalar(node: yaml.Node) -> yaml.Node:
    """The node's last scalar: where its text really ends (a collection's own end mark runs on over
    the comments and blank lines after it, up to the next entry)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def replace_entry(sources_text: str, report_id: str, entry_text: str) -> str:
    """sources.yaml with the entry of `report_id` replaced by `entry_text` (comments elsewhere kept)."""
    root = yaml.compose(sources_text, Loader=yaml.SafeLoader)
    items = next(value.value for key, value in root.value if key.value == "sources")
    for item in items:
        ids = [value.value for key, value in item.value if key.value == "id"]
        if ids == [report_id]:
            lines = sources_text.splitlines(keepends=True)
            first = item.start_mark.line
            last = _last_scalar(item).end_mark.line
            return "".join(lines[:first]) + entry_text + "".join(lines[last + 1:])
    raise KeyError(f"{report_id!r} is not in {SOURCES}")


def _items_column(text: str, section: str) -> int | None:
    """The column the first key of the `section` list's items stands at in `text` ("  - id:" → 4)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    items = next((value.value for key, value in root.value if key.value == section
                  and isinstance(value, yaml.SequenceNode)), [])
    return items[0].start_mark.column if items else None


def in_file_style(existing: str, section: str, entry: str) -> str:
    """`entry` (written with its keys at column 4) indented as the file's own entries are."""
    column = _items_column(existing, section)
    if column is None or column == ENTRY_COLUMN:
        return entry
    shift = column - ENTRY_COLUMN
    return "".join(" " * shift + line if shift > 0 else line[-shift:] if line.strip() else line
                   for line in entry.splitlines(keepends=True))


ENTRY_COLUMN = 4


def _appended(existing: str | None, header: str, entry: str, section: str) -> str:
    if existing is None or not existing.strip():
        return header + entry
    return existing + ("" if existing.endswith("\n") else "\n") + in_file_style(existing, section, entry)


def _read(root: Path, relative: str) -> str | None:
    path = root / relative
    return path.read_text(encoding="utf-8") if path.is_file() else None


def planned_files(root: Path, draft: Draft, curator: str, at: dt.datetime) -> dict[str, bytes]:
    """Every file the publish writes, relative to the project, with its new content."""
    files = {}
    if draft.mode == NEW:
        files[draft.text_path] = stored_text(draft)
        files[SOURCES] = _appended(_read(root, SOURCES), SOURCES_HEADER, source_entry_text(draft),
                                   "sources").encode("utf-8")
    elif source_fields(draft) != draft.published_source:
        existing = _read(root, SOURCES)
        entry = in_file_style(existing, "sources", source_entry_text(draft))
        files[SOURCES] = replace_entry(existing, draft.report_id, entry).encode("utf-8")
    files[f"data/curated/{draft.report_id}.yaml"] = curated_text(draft).encode("utf-8")
    count = change_count(draft)
    entry = change_log_entry({"at": at, "curator": curator.strip(), "source": draft.report_id,
                              "added": count.added, "changed": count.changed, "removed": count.removed})
    files[CHANGELOG] = _appended(_read(root, CHANGELOG), CHANGELOG_HEADER, entry, "changes").encode("utf-8")
    return files


@contextmanager
def staged_project(root: Path, files: dict[str, bytes]) -> Iterator[Path]:
    """A temporary project: every input file of `root` linked in, `files` written over them."""
    with tempfile.TemporaryDirectory(prefix="envdash-publish-") as folder:
        staging = Path(folder)
        for path in input_files(root):
            relative = path.relative_to(root)
            if str(relative) in files:
                continue
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).symlink_to(path.resolve())
        for relative, content in files.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(content)
        yield staging


def _atomic_write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_all(root: Path, files: dict[str, bytes]) -> None:
    """Write every file, or (on an error part-way) put back those already written and raise."""
    previous = {relative: (root / relative).read_bytes() if (root / relative).is_file() else None
                for relative in files}
    written = []
    try:
        for relative, content in files.items():
            _atomic_write(root / relative, content)
            written.append(relative)
    except BaseException:
        for relative in reversed(written):
            if previous[relative] is None:
                (root / relative).unlink(missing_ok=True)
            else:
                _atomic_write(root / relative, previous[relative])
        raise


@contextmanager
def publish_lock(root: Path):
    """One publish at a time per project: each reads sources.yaml and the change log, then appends."""
    folder = root / DRAFTS
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".publish.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holds_report(database: Path, report_id: str) -> bool:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("SELECT count(*) FROM sources WHERE source_id = ?", [report_id]).fetchone()[0] == 1


def publish(root: Path, db_path: Path, draft: Draft, curator: str, at: dt.datetime | None = None,
            progress=None) -> PublishResult:
    """Validate the project with the draft in it, build, then write the files and swap the database in.

    Nothing is written, and the draft is kept, unless every step before the writing succeeds."""
    started = time.perf_counter()
    at = at or dt.datetime.now().astimezone().replace(microsecond=0)
    with publish_lock(root):
        found = blockers(root, draft, curator)
        if found:
            return PublishResult(False, blockers=found)
        files = planned_files(root, draft, curator, at)
        staged_db = db_path.with_name(f".{db_path.name}.publish-{os.getpid()}")
        try:
            with staged_project(root, files) as staging:
                try:
                    build_in_child(staging, staged_db, progress)
                except CurationFailed as error:
                    return PublishResult(False, problems=error.problems)
                except ChildBuildFailed as error:
                    return PublishResult(False, problems=[Problem("data", 0, "build", "process", str(error))])
            if not _holds_report(staged_db, draft.report_id):
                return PublishResult(False, problems=[Problem(SOURCES, 0, "sources", "id",
                                                              f"{draft.report_id!r} did not reach the database")])
            write_all(root, files)
            swapped = True
            try:
                with build_lock(db_path):
                    os.replace(staged_db, db_path)
            except OSError:
                swapped = False   # the files are in; the dashboard's freshness check rebuilds on its next run
        finally:
            staged_db.unlink(missing_ok=True)
            Path(f"{staged_db}.wal").unlink(missing_ok=True)
        if draft_path(root, draft.report_id).exists():
            discard_draft(root, draft.report_id)
        return PublishResult(True, files=list(files), change=change_count(draft), database_swapped=swapped,
                             seconds=time.perf_counter() - started)
