"""Work in progress: one draft file per report under data/drafts/, saved after every change.

A draft holds what the curator has typed so far, exactly as typed (a value that is not a number yet
stays text, so nothing is lost and validation can say what is wrong): the report's details, its
text, and its figures and directives, each drafted by `suggest`, added by hand or, when a
published report is revised, read from its curated file. Publishing turns it into data files
(publish.py) and removes it.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from envdash.curation.yaml_files import read_yaml

DRAFTS = Path("data") / "drafts"
REPORT_ID = re.compile(r"[a-z][a-z0-9_]*")
FORMAT = 1
TO_CHECK, CONFIRMED = "to_check", "confirmed"
DRAFTED, ADDED, PUBLISHED = "drafted", "added", "published"
NEW, REVISE = "new", "revise"


class DraftError(ValueError):
    """A draft that cannot be read, made or saved; the message says which and why."""


class DraftConflict(DraftError):
    """The draft file changed since this window read it (another window saved it)."""


@dataclass
class DraftRecord:
    """A figure or directive as the curator has it now."""
    key: str                       # stable within the draft: r1, r2, …
    fields: dict                   # the record as it will be written in data/curated/<id>.yaml
    status: str = TO_CHECK         # to_check | confirmed
    origin: str = ADDED            # drafted (by suggest) | added (by hand) | published (revising)
    candidates: list[str] = field(default_factory=list)   # metrics suggest found close, when none matched plainly


@dataclass
class Draft:
    report_id: str
    mode: str = NEW                # new | revise (a published report reopened)
    source: dict = field(default_factory=dict)     # the sources.yaml entry as typed (id and path come from report_id)
    text: str = ""
    text_path: str = ""            # where the text is stored: data/sources/<id>.txt for a new report
    figures: list[DraftRecord] = field(default_factory=list)
    directives: list[DraftRecord] = field(default_factory=list)
    published: dict = field(default_factory=dict)  # revising: key → record as published, to count changes
    published_source: dict = field(default_factory=dict)  # revising: the sources.yaml entry as published
    drafted: bool = False          # suggest has drafted the figures of the text
    curator: str = ""
    next_key: int = 1
    revision: int = 0              # raised by every save; a save from a stale window is refused
    created: str = ""
    updated: str = ""

    def records(self, section: str) -> list[DraftRecord]:
        return self.figures if section == "figures" else self.directives

    def record(self, key: str) -> tuple[str, DraftRecord] | None:
        for section in ("figures", "directives"):
            for record in self.records(section):
                if record.key == key:
                    return section, record
        return None

    def new_key(self) -> str:
        key = f"r{self.next_key}"
        self.next_key += 1
        return key

    def add(self, section: str, fields: dict, origin: str = ADDED, candidates=(), at: int | None = None) -> DraftRecord:
        record = DraftRecord(self.new_key(), dict(fields), TO_CHECK, origin, list(candidates))
        records = self.records(section)
        records.insert(len(records) if at is None else at, record)
        return record

    def remove(self, key: str) -> None:
        for section in ("figures", "directives"):
            self.records(section)[:] = [record for record in self.records(section) if record.key != key]

    @property
    def to_check(self) -> int:
        return sum(record.status != CONFIRMED for record in [*self.figures, *self.directives])


def check_report_id(report_id: str) -> str:
    """The id as given, or DraftError saying what a report id may hold (it names files)."""
    if not isinstance(report_id, str) or not REPORT_ID.fullmatch(report_id):
        raise DraftError(f"report id {report_id!r} must be lower-case letters, digits and _, starting with a "
                         f"letter (e.g. suzhou_2024_review)")
    return report_id


def draft_path(root: Path, report_id: str) -> Path:
    return root / DRAFTS / f"{check_report_id(report_id)}.yaml"


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def new_draft(report_id: str, place: str) -> Draft:
    now = _now()
    return Draft(check_report_id(report_id), NEW, {"place": place, "published_certainty": "exact",
                                                     "script": "simplified"},
                 text_path=f"data/sources/{report_id}.txt", created=now, updated=now)


def _as_data(draft: Draft) -> dict:
    data = asdict(draft)
    # the revision second, where a save looks for it without reading the whole file
    return {"format": FORMAT, "revision": data.pop("revision"), **data}


def _from_data(data: dict, label: str) -> Draft:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DraftError(f"{label}: not a studio draft (format {FORMAT})")
    try:
        records = {section: [DraftRecord(**record) for record in data.get(section) or []]
                   for section in ("figures", "directives")}
        fields = {key: value for key, value in data.items() if key not in ("format", "figures", "directives")}
        return Draft(**fields, **records)
    except TypeError as error:
        raise DraftError(f"{label}: the draft file is damaged ({error})") from None


def save_draft(root: Path, draft: Draft) -> None:
    """Write the draft atomically; refused (DraftConflict) if another window saved it meanwhile."""
    path = draft_path(root, draft.report_id)
    if path.exists():
        on_disk = _read_revision(path)
        if on_disk is not None and on_disk != draft.revision:
            raise DraftConflict(f"{path.relative_to(root)} was saved from another window (revision {on_disk}, "
                                f"this window has {draft.revision}); reopen the draft to see it")
    draft.revision += 1
    draft.updated = _now()
    text = yaml.safe_dump(_as_data(draft), allow_unicode=True, sort_keys=False, width=10_000)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        draft.revision -= 1
        Path(temporary).unlink(missing_ok=True)
        raise


def _read_revision(path: Path) -> int | None:
    with open(path, encoding="utf-8") as handle:
        for _, line in zip(range(2), handle):
            if line.startswith("revision:"):
                try:
                    return int(line.split(":", 1)[1])
                except ValueError:
                    return None
    return None


def load_draft(root: Path, report_id: str) -> Draft:
    path = draft_path(root, report_id)
    label = str(path.relative_to(root))
    if not path.is_file():
        raise DraftError(f"{label}: no such draft")
    document, problems = read_yaml(path, label)
    if document is None:
        raise DraftError(str(problems[0]))
    return _from_data(document.data, label)


def draft_exists(root: Path, report_id: str) -> bool:
    return REPORT_ID.fullmatch(report_id or "") is not None and draft_path(root, report_id).is_file()


@dataclass(frozen=True)
class DraftSummary:
    report_id: str
    mode: str
    title: str
    place: str
    records: int
    to_check: int
    updated: str


def list_drafts(root: Path) -> list[DraftSummary]:
    """Every draft in progress, the latest saved first; an unreadable file is left out."""
    summaries = []
    for path in sorted((root / DRAFTS).glob("*.yaml")):
        if not REPORT_ID.fullmatch(path.stem):
            continue
        try:
            draft = load_draft(root, path.stem)
        except DraftError:
            continue
        summaries.append(DraftSummary(draft.report_id, draft.mode, str(draft.source.get("title_zh") or ""),
                                      str(draft.source.get("place") or ""), len(draft.figures) + len(draft.directives),
                                      draft.to_check, draft.updated))
    return sorted(summaries, key=lambda summary: summary.updated, reverse=True)


def discard_draft(root: Path, report_id: str) -> None:
    draft_path(root, report_id).unlink(missing_ok=True)
