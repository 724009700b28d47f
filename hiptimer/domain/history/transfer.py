"""Export the history as Strong-style CSV or full JSON, and import either back without duplicates.

JSON keeps everything, routine text included, and export → import → export gives the same bytes.
CSV is the file other apps import: Strong's columns, one row per set per side. Its Notes and
Workout Notes carry what Strong has no column for (side, set key, target, the session's identity),
so hiptimer can read it back; it has no routine text, and a set's clock times become the session's.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from hiptimer.domain.history.records import (
    CoachChoice,
    SessionArchive,
    SessionStatus,
    StoredSet,
    from_timestamp,
    to_timestamp,
)
from hiptimer.domain.history.store import HistoryStore, ImportCount
from hiptimer.domain.results import MOST_WEIGHT
from hiptimer.safe_text import visible

__all__ = [
    "JSON_FORMAT",
    "STRONG_COLUMNS",
    "ExportFormat",
    "ImportProblem",
    "export_history",
    "import_file",
    "parse_choices",
    "parse_export",
    "to_csv",
    "to_json",
]

STRONG_COLUMNS = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Weight Unit",
    "Reps",
    "RPE",
    "Distance",
    "Distance Unit",
    "Seconds",
    "Notes",
    "Workout Notes",
)
JSON_FORMAT = "hiptimer history"
_JSON_VERSION = 1
_WORKOUT_MARK = "hiptimer"
MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""The largest import file read: decades of daily sessions fit in a tenth of it."""
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""No session in an import starts before this, nor later than a day from now."""
_MOST_SET_SECONDS = 24 * 3600.0
_MOST_REPS = 100_000


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


class ImportProblem(ValueError):
    """An import file hiptimer cannot read; the message is one line a runner can act on."""


def export_history(store: HistoryStore, export_format: ExportFormat) -> str:
    """The whole history as text in the given format; JSON also carries the runner's choices."""
    archives = store.archive()
    if export_format is ExportFormat.JSON:
        return to_json(archives, store.choices())
    return to_csv(archives)


def import_file(store: HistoryStore, path: Path) -> ImportCount:
    """Add the sessions in a hiptimer export to the store, all in one transaction.

    Every session is checked first, as strictly as one the app records; one bad row refuses
    the whole file. A session that was still in progress comes in as abandoned, so it is never
    offered for resume.
    """
    from hiptimer.routines.files import FileRefused, read_limited

    shown = visible(str(path))
    try:
        text = read_limited(path, MAX_IMPORT_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        raise ImportProblem(f"{shown}: no such file") from None
    except UnicodeDecodeError:
        raise ImportProblem(f"{shown}: not UTF-8 text, so not a hiptimer export") from None
    except FileRefused as error:
        raise ImportProblem(f"{shown}: {error}; nothing was imported") from None
    try:
        archives = parse_export(text)
        choices = parse_choices(text)
    except ImportProblem as problem:
        raise ImportProblem(f"{shown}: {problem}; nothing was imported") from None
    count = store.restore(archives)
    store.restore_choices(choices)
    return count


def parse_export(text: str, *, now: datetime | None = None) -> list[SessionArchive]:
    """Read either of hiptimer's export formats, telling them apart by their first character.

    Every session is checked (see `check_archive`); strings come back with control characters
    made visible. `now` bounds the dates (default: the wall clock).
    """
    read: list[tuple[SessionArchive, str, list[str] | None]]
    if _is_json(text):
        read = [
            (archive, f"session {number}", None)
            for number, archive in enumerate(_from_json(text), 1)
        ]
    else:
        read = list(_from_csv(text))
    latest = (now or datetime.now(UTC)) + timedelta(days=1)
    routines: dict[str, Any] = {}
    return [check_archive(*item, latest=latest, routines=routines) for item in read]


def check_archive(
    archive: SessionArchive,
    where: str,
    places: list[str] | None = None,
    *,
    latest: datetime,
    routines: dict[str, Any],
) -> SessionArchive:
    """The session as it will be stored, or ImportProblem naming what is wrong in it.

    `places` names each set in a problem (CSV rows); by default "session 3, set 2".
    `routines` caches parsed routine texts: most sessions of a history share a few.
    """
    _in_window(archive.started_at, f'{where}: "started_at"', latest)
    if archive.ended_at is not None:
        _in_window(archive.ended_at, f'{where}: "ended_at"', latest)
        if archive.ended_at < archive.started_at:
            raise ImportProblem(f"{where} ends before it starts")
    if archive.active_seconds is not None and archive.active_seconds > 7 * 24 * 3600:
        raise ImportProblem(f'{where}: "active_seconds" is more than a week')
    routine = _routine(archive, where, routines)
    keys: set[tuple[int, int, int, int | None]] = set()
    for number, stored in enumerate(archive.sets, 1):
        place = places[number - 1] if places else f"{where}, set {number}"
        _check_set(stored, place, latest)
        key = (stored.block, stored.exercise_index, stored.set_index, stored.side)
        if key in keys:
            raise ImportProblem(f"{place} repeats set key {_key_text(key)}")
        keys.add(key)
        if routine is not None:
            _in_routine(routine, stored, place)
    if archive.status is not SessionStatus.IN_PROGRESS:
        return archive
    # Its sets are kept; the session is closed as the app closes one its runner let go.
    ended = max([archive.started_at, *(stored.ended_at for stored in archive.sets)])
    return replace(archive, status=SessionStatus.ABANDONED, ended_at=ended)


def _key_text(key: tuple[int, int, int, int | None]) -> str:
    return ".".join(str(part) for part in key if part is not None)


def _in_window(moment: datetime, where: str, latest: datetime) -> None:
    if not EARLIEST <= moment <= latest:
        raise ImportProblem(f"{where} is {to_timestamp(moment)}, outside {EARLIEST:%Y} to tomorrow")


def _check_set(stored: StoredSet, where: str, latest: datetime) -> None:
    if min(stored.block, stored.exercise_index, stored.set_index) < 0:
        raise ImportProblem(f"{where}: its key has a negative number")
    if not math.isfinite(stored.seconds) or not 0 <= stored.seconds <= _MOST_SET_SECONDS:
        raise ImportProblem(
            f'{where}: "seconds" should be 0 to 86400 seconds, not {_number(stored.seconds)}'
        )
    if stored.reps is not None and not 0 <= stored.reps <= _MOST_REPS:
        raise ImportProblem(f'{where}: "reps" should be 0 to {_MOST_REPS}, not {stored.reps}')
    _in_window(stored.started_at, f'{where}: "started_at"', latest)
    _in_window(stored.ended_at, f'{where}: "ended_at"', latest)
    if stored.ended_at < stored.started_at:
        raise ImportProblem(f"{where} ends before it starts")


def _routine(archive: SessionArchive, where: str, routines: dict[str, Any]) -> Any:
    """The routine the session ran, parsed from its text; None when the export has none (CSV)."""
    if not archive.routine_text:
        return None
    if archive.routine_text not in routines:
        from hiptimer.routines import RoutineFileError, parse_routine

        try:
            routines[archive.routine_text] = parse_routine(
                archive.routine_text, file=f'"routine_text" of {where}', keep=False
            )
        except RoutineFileError as error:
            raise ImportProblem(
                f"{where}: its routine text is not a routine ({error.problems[0]})"
            ) from None
    return routines[archive.routine_text]


def _in_routine(routine: Any, stored: StoredSet, where: str) -> None:
    from hiptimer.routines import BlockStyle

    key = _key_text((stored.block, stored.exercise_index, stored.set_index, stored.side))
    blocks = routine.blocks
    if stored.block >= len(blocks) or stored.exercise_index >= len(blocks[stored.block].exercise):
        raise ImportProblem(f"{where}: its routine has no exercise at key {key}")
    block = blocks[stored.block]
    exercise = block.exercise[stored.exercise_index]
    if block.style is BlockStyle.CIRCUIT:
        most = block.round_count.high
    else:
        most = exercise.sets.high if exercise.sets else 1
    if stored.set_index >= most:
        raise ImportProblem(f"{where}: its routine has no set at key {key} (at most {most})")
    if (stored.side is None) != (exercise.sides is None):
        which = "two sides" if exercise.sides is not None else "no sides"
        raise ImportProblem(f'{where}: key {key} does not fit "{exercise.name}", which has {which}')


def _is_json(text: str) -> bool:
    """A JSON document starts with an object or a list; neither export's CSV header does."""
    return text.lstrip()[:1] in ("{", "[")


def parse_choices(text: str) -> list[CoachChoice]:
    """The runner's ladder choices in a JSON export; none in a CSV or an older JSON export."""
    if not _is_json(text):
        return []
    document = json.loads(text)
    items = document.get("choices", []) if isinstance(document, dict) else []
    if not isinstance(items, list):
        raise ImportProblem('"choices" should be a list')
    return [_choice_from_json(item, f"choice {number}") for number, item in enumerate(items, 1)]


_CHOICES = ("accept", "decline", "back", "jump")


def _choice_from_json(item: object, where: str) -> CoachChoice:
    read = _Fields(item, where)
    choice = read.value("choice", str, "text")
    if choice not in _CHOICES:
        raise ImportProblem(f'{where}: "choice" should be one of {", ".join(_CHOICES)}')
    rung = read.optional("rung", int, "a whole number or null")
    if rung is not None and not 0 <= rung <= 1000:
        raise ImportProblem(f'{where}: "rung" should be 0 to 1000, not {rung}')
    return CoachChoice(
        at=read.moment("at"),
        ladder=read.value("ladder", str, "text"),
        side=read.value("side", str, "text"),
        choice=choice,
        rung=rung,
    )


def _choice_json(choice: CoachChoice) -> dict[str, Any]:
    return {
        "at": to_timestamp(choice.at),
        "ladder": choice.ladder,
        "side": choice.side,
        "choice": choice.choice,
        "rung": choice.rung,
    }


# JSON


def to_json(archives: Iterable[SessionArchive], choices: Iterable[CoachChoice] = ()) -> str:
    """One session header and one set per line: readable, diffable, and fast to write.

    json.dumps with `indent` falls back to a pure-Python encoder, which takes seconds over ten
    years of sets, so each line is dumped compactly and the lines are laid out here.
    """
    sessions = []
    for archive in archives:
        head = _dumps(_session_json(archive))[:-1]
        sets = ",\n    ".join(_dumps(_set_json(stored)) for stored in archive.sets)
        sessions.append(
            f'  {head}, "sets": [\n    {sets}\n  ]}}' if sets else f'  {head}, "sets": []}}'
        )
    top = _dumps({"format": JSON_FORMAT, "version": _JSON_VERSION})[:-1]
    body = ",\n".join(sessions)
    text = f'{top}, "sessions": [\n{body}\n]' if sessions else f'{top}, "sessions": []'
    # Only a history with choices has the key, so older exports read back byte for byte.
    chosen = ",\n  ".join(_dumps(_choice_json(choice)) for choice in choices)
    if chosen:
        text += f', "choices": [\n  {chosen}\n]'
    return text + "}\n"


def _dumps(value: dict[str, Any]) -> str:
    line = json.dumps(value, ensure_ascii=False)
    # json escapes C0 controls but writes DEL and C1 (U+009B is a terminal's CSI) raw, and an
    # export may go straight to a terminal; as \u escapes they read back the same.
    return _RAW_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", line)


_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def _session_json(archive: SessionArchive) -> dict[str, Any]:
    return {
        "routine_id": archive.routine_id,
        "routine_name": archive.routine_name,
        "start_side": archive.start_side,
        "started_at": to_timestamp(archive.started_at),
        "ended_at": None if archive.ended_at is None else to_timestamp(archive.ended_at),
        "status": archive.status.value,
        "active_seconds": archive.active_seconds,
        **_answers_json(archive),
        "routine_text": archive.routine_text,
    }


def _answers_json(archive: SessionArchive) -> dict[str, Any]:
    """The runner's answers, only where given: an export without them is as it always was."""
    answers = {"effort": archive.effort, "pain": archive.pain, "pain_after": archive.pain_after}
    return {name: value for name, value in answers.items() if value is not None}


def _set_json(stored: StoredSet) -> dict[str, Any]:
    return {
        "block": stored.block,
        "exercise_index": stored.exercise_index,
        "set": stored.set_index,
        "side": stored.side,
        "exercise": stored.exercise,
        "block_name": stored.block_name,
        "kind": stored.kind,
        "side_label": stored.side_label,
        "target": stored.target,
        "reps": stored.reps,
        "seconds": stored.seconds,
        "started_at": to_timestamp(stored.started_at),
        "ended_at": to_timestamp(stored.ended_at),
        "skipped": stored.skipped,
        "short": stored.short,
        "load": stored.load,
        **(
            {}
            if stored.weight is None
            else {"weight": stored.weight, "weight_unit": stored.weight_unit}
        ),
    }


def _from_json(text: str) -> list[SessionArchive]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(f"not valid JSON (line {error.lineno}: {error.msg})") from None
    except ValueError:  # int() refuses more than 4300 digits
        raise ImportProblem("not valid JSON: it holds a number too long to read") from None
    except RecursionError:
        raise ImportProblem("not a hiptimer export: it nests far too deeply") from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ImportProblem(f'not a hiptimer JSON export (it needs "format": "{JSON_FORMAT}")')
    if document.get("version") != _JSON_VERSION:
        raise ImportProblem(
            f"written by another hiptimer (export version {document.get('version')!r}); "
            f"this one reads version {_JSON_VERSION}"
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise ImportProblem('"sessions" should be a list')
    return [
        _session_from_json(item, f"session {number}") for number, item in enumerate(sessions, 1)
    ]


def _session_from_json(item: object, where: str) -> SessionArchive:
    read = _Fields(item, where)
    archive = SessionArchive(
        routine_id=read.value("routine_id", str, "text"),
        routine_name=read.value("routine_name", str, "text"),
        routine_text=read.value("routine_text", str, "text"),
        start_side=read.side("start_side"),
        started_at=read.moment("started_at"),
        ended_at=None
        if read.optional("ended_at", str, "text") is None
        else read.moment("ended_at"),
        status=read.status("status"),
        sets=(),
        active_seconds=read.seconds_if_any("active_seconds"),
        effort=read.score_if_any("effort", 1, 10),
        pain=read.score_if_any("pain", 0, 10),
        pain_after=read.score_if_any("pain_after", -1, 10),
    )
    sets = read.value("sets", list, "a list")
    return replace(
        archive,
        sets=tuple(
            _set_from_json(stored, f"{where}, set {number}")
            for number, stored in enumerate(sets, 1)
        ),
    )


def _set_from_json(item: object, where: str) -> StoredSet:
    read = _Fields(item, where)
    side = read.optional("side", int, "0, 1 or null")
    return StoredSet(
        block=read.value("block", int, "a whole number"),
        exercise_index=read.value("exercise_index", int, "a whole number"),
        set_index=read.value("set", int, "a whole number"),
        side=None if side is None else read.side("side"),
        exercise=read.value("exercise", str, "text"),
        block_name=read.optional("block_name", str, "text or null"),
        kind=read.kind("kind"),
        side_label=read.optional("side_label", str, "text or null"),
        target=read.value("target", str, "text"),
        reps=read.optional("reps", int, "a whole number or null"),
        seconds=float(read.value("seconds", (int, float), "a number of seconds")),
        started_at=read.moment("started_at"),
        ended_at=read.moment("ended_at"),
        skipped=read.value("skipped", bool, "true or false"),
        short=read.value("short", bool, "true or false"),
        load=read.optional("load", str, "text or null"),
        weight=read.weight_if_any("weight"),
        weight_unit=read.unit_if_any("weight_unit"),
    )


class _Fields:
    """Reads typed fields out of one JSON object, naming the place and field in every problem."""

    def __init__(self, item: object, where: str) -> None:
        if not isinstance(item, dict):
            raise ImportProblem(f"{where} should be an object with named fields")
        self._item: Mapping[str, object] = item
        self._where = where

    def value(self, name: str, kind: type[Any] | tuple[type[Any], ...], what: str) -> Any:
        found = self.optional(name, kind, what)
        if found is None:
            self._wrong(name, what)
        return found

    def optional(self, name: str, kind: type[Any] | tuple[type[Any], ...], what: str) -> Any:
        if name not in self._item:
            raise ImportProblem(f'{self._where} has no "{name}"')
        found = self._item[name]
        wrong_bool = isinstance(found, bool) and kind is not bool
        if found is not None and (wrong_bool or not isinstance(found, kind)):
            self._wrong(name, what)
        if isinstance(found, str) and name != "routine_text":  # TOML, parsed when it is used
            return visible(found)
        return found

    def side(self, name: str) -> int:
        found = self.value(name, int, "0 or 1")
        if found not in (0, 1):
            self._wrong(name, "0 or 1")
        return int(found)

    def seconds_if_any(self, name: str) -> float | None:
        """A field exports from older hiptimers lack: missing or null reads as None."""
        found = self._item.get(name)
        if found is None:
            return None
        if isinstance(found, bool) or not isinstance(found, (int, float)):
            self._wrong(name, "a number of seconds")
        return _seconds(str(found), f'{self._where}: "{name}"')

    def score_if_any(self, name: str, low: int, high: int) -> int | None:
        """An answer on a scale, missing in exports from before hiptimer asked it."""
        found = self._item.get(name)
        if found is None:
            return None
        if isinstance(found, int) and not isinstance(found, bool) and low <= found <= high:
            return found
        self._wrong(name, f"a whole number from {low} to {high}")
        return None

    def weight_if_any(self, name: str) -> float | None:
        found = self._item.get(name)
        if found is None:
            return None
        if isinstance(found, bool) or not isinstance(found, (int, float)):
            self._wrong(name, "a weight")
        return _weight(str(found), f'{self._where}: "{name}"')

    def unit_if_any(self, name: str) -> str | None:
        found = self._item.get(name)
        if found is None:
            return None
        if found not in _UNITS:
            self._wrong(name, '"kg" or "lb"')
        return str(found)

    def moment(self, name: str) -> datetime:
        found = self.value(name, str, 'a UTC time like "2024-05-01T07:00:00Z"')
        return _moment(found, f'{self._where}: "{name}"')

    def status(self, name: str) -> SessionStatus:
        found = self.value(name, str, "text")
        return _status(found, f'{self._where}: "{name}"')

    def kind(self, name: str) -> str:
        found = self.value(name, str, "text")
        return _kind(found, f'{self._where}: "{name}"')

    def _wrong(self, name: str, what: str) -> None:
        found = self._item.get(name)
        if isinstance(found, dict | list):
            given = "an object" if isinstance(found, dict) else "a list"
        else:
            given = json.dumps(found if not isinstance(found, str) else visible(found)[:60])
        raise ImportProblem(f'{self._where}: "{name}" should be {what}, not {given}')


# CSV


def to_csv(archives: Iterable[SessionArchive]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STRONG_COLUMNS)
    for archive in archives:
        writer.writerows(_csv_rows(archive))
    # Names are made visible when they come in; this also covers a history older than that.
    return visible(buffer.getvalue())


def _csv_rows(archive: SessionArchive) -> Iterator[list[str]]:
    date = archive.started_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    workout_notes = _workout_notes(archive)
    orders: dict[tuple[int, int], int] = {}
    for stored in archive.sets:
        place = (stored.block, stored.exercise_index)
        orders[place] = orders.get(place, 0) + 1
        yield [
            date,
            archive.routine_name,
            _duration(archive),
            stored.exercise,
            str(orders[place]),
            "" if stored.weight is None else _number(stored.weight),
            "" if stored.weight is None else stored.weight_unit or "",
            "" if stored.reps is None else str(stored.reps),
            "" if archive.effort is None else str(archive.effort),
            "",
            "",
            _number(stored.seconds),
            _set_notes(stored),
            workout_notes,
        ]


def _workout_notes(archive: SessionArchive) -> str:
    parts = [
        _WORKOUT_MARK,
        f"routine: {archive.routine_id}",
        f"start side: {archive.start_side}",
        f"status: {archive.status.value}",
        f"started: {to_timestamp(archive.started_at)}",
    ]
    if archive.ended_at is not None:
        parts.append(f"ended: {to_timestamp(archive.ended_at)}")
    if archive.active_seconds is not None:
        parts.append(f"active seconds: {_number(archive.active_seconds)}")
    if archive.pain is not None:
        parts.append(f"pain: {archive.pain}")
    if archive.pain_after is not None:
        parts.append(f"pain next day: {archive.pain_after}")
    return "; ".join(parts)


def _set_notes(stored: StoredSet) -> str:
    key = [stored.block, stored.exercise_index, stored.set_index]
    if stored.side is not None:
        key.append(stored.side)
    parts = [stored.side_label] if stored.side_label is not None else []
    parts += [
        f"key: {'.'.join(map(str, key))}",
        f"kind: {stored.kind}",
        f"target: {stored.target}",
    ]
    parts += [flag for flag, on in (("skipped", stored.skipped), ("short", stored.short)) if on]
    if stored.load is not None:
        parts.append(f"load: {stored.load}")
    if stored.block_name is not None:
        parts.append(f"block: {stored.block_name}")
    return "; ".join(parts)


def _duration(archive: SessionArchive) -> str:
    if archive.active_seconds is not None:
        seconds = archive.active_seconds
    elif archive.ended_at is not None:
        seconds = (archive.ended_at - archive.started_at).total_seconds()
    else:
        return ""
    minutes = max(0, round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _number(seconds: float) -> str:
    return f"{seconds:.1f}".removesuffix(".0")


@dataclass
class _CsvSession:
    archive: SessionArchive
    sets: list[StoredSet]
    rows: list[str]


def _from_csv(text: str) -> list[tuple[SessionArchive, str, list[str]]]:
    try:
        return _read_csv(text)
    except csv.Error as error:
        raise ImportProblem(f"not a CSV file hiptimer can read ({error})") from None


def _read_csv(text: str) -> list[tuple[SessionArchive, str, list[str]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise ImportProblem("the file is empty")
    if tuple(header) != STRONG_COLUMNS:
        raise ImportProblem(
            "not a hiptimer export: a CSV export starts with the columns "
            + ",".join(STRONG_COLUMNS)
        )
    sessions: dict[tuple[str, datetime], _CsvSession] = {}
    for row in reader:
        where = f"row {reader.line_num}"
        if len(row) != len(STRONG_COLUMNS):
            raise ImportProblem(f"{where} has {len(row)} columns, not {len(STRONG_COLUMNS)}")
        fields = dict(zip(STRONG_COLUMNS, map(visible, row), strict=True))
        archive = _csv_session(fields, where)
        if fields["RPE"]:
            archive = replace(archive, effort=_score(fields["RPE"], 1, 10, f"{where}, RPE"))
        session = sessions.setdefault(
            (archive.routine_id, archive.started_at), _CsvSession(archive, [], [])
        )
        session.sets.append(_csv_set(fields, archive.started_at, where))
        session.rows.append(where)
    return [
        (
            replace(session.archive, sets=tuple(session.sets)),
            f"{session.rows[0]}'s session",
            session.rows,
        )
        for session in sessions.values()
    ]


def _csv_session(fields: dict[str, str], where: str) -> SessionArchive:
    parts = fields["Workout Notes"].split("; ")
    if parts[0] != _WORKOUT_MARK:
        raise ImportProblem(
            f"{where} is not from a hiptimer export (its Workout Notes do not start with "
            f'"{_WORKOUT_MARK}; routine: ..."); hiptimer imports only its own CSV and JSON'
        )
    notes = _named(parts[1:], f"{where}, Workout Notes")
    where = f"{where}, Workout Notes"
    side = _required(notes, "start side", where)
    if side not in ("0", "1"):
        raise ImportProblem(f'{where}: "start side" should be 0 or 1, not "{side}"')
    ended = notes.get("ended")
    active = notes.get("active seconds")
    return SessionArchive(
        routine_id=_required(notes, "routine", where),
        routine_name=fields["Workout Name"],
        routine_text="",
        start_side=int(side),
        started_at=_moment(_required(notes, "started", where), f'{where}: "started"'),
        ended_at=None if ended is None else _moment(ended, f'{where}: "ended"'),
        status=_status(_required(notes, "status", where), f'{where}: "status"'),
        sets=(),
        active_seconds=None if active is None else _seconds(active, f'{where}: "active seconds"'),
        pain=_score_if_any(notes.get("pain"), 0, 10, f'{where}: "pain"'),
        pain_after=_score_if_any(notes.get("pain next day"), -1, 10, f'{where}: "pain next day"'),
    )


def _csv_set(fields: dict[str, str], session_start: datetime, where: str) -> StoredSet:
    # Load and block are free text that may hold "; ", so they go last and are cut off whole.
    notes_text, _, block_name = fields["Notes"].partition("; block: ")
    notes_text, _, load = notes_text.partition("; load: ")
    parts = notes_text.split("; ")
    side_label = None if ": " in parts[0] else parts.pop(0)
    flags = {part for part in parts if part in ("skipped", "short")}
    notes = _named([part for part in parts if part not in flags], f"{where}, Notes")
    key = _key(_required(notes, "key", f"{where}, Notes"), f"{where}, Notes")
    seconds = _float(fields["Seconds"], f"{where}, Seconds")
    if not math.isfinite(seconds) or not 0 <= seconds <= _MOST_SET_SECONDS:
        # checked here too: the set's end is computed from it just below
        raise ImportProblem(
            f'{where}: "seconds" should be 0 to 86400 seconds, not {fields["Seconds"]}'
        )
    return StoredSet(
        block=key[0],
        exercise_index=key[1],
        set_index=key[2],
        side=key[3] if len(key) == 4 else None,
        exercise=fields["Exercise Name"],
        block_name=block_name or None,
        kind=_kind(_required(notes, "kind", f"{where}, Notes"), f"{where}, Notes: kind"),
        side_label=side_label,
        target=_required(notes, "target", f"{where}, Notes"),
        reps=_whole(fields["Reps"], f"{where}, Reps") if fields["Reps"] else None,
        seconds=seconds,
        started_at=session_start,
        ended_at=session_start + timedelta(seconds=seconds),
        skipped="skipped" in flags,
        short="short" in flags,
        load=load or None,
        weight=_weight(fields["Weight"], f"{where}, Weight") if fields["Weight"] else None,
        weight_unit=_unit(fields["Weight Unit"], f"{where}, Weight Unit")
        if fields["Weight"]
        else None,
    )


def _named(parts: list[str], where: str) -> dict[str, str]:
    named = {}
    for part in parts:
        name, colon, value = part.partition(": ")
        if not colon:
            raise ImportProblem(f'{where}: cannot read "{part}" (expected "name: value")')
        named[name] = value
    return named


def _required(notes: dict[str, str], name: str, where: str) -> str:
    if name not in notes:
        raise ImportProblem(f'{where} has no "{name}: ..."')
    return notes[name]


def _key(text: str, where: str) -> list[int]:
    parts = text.split(".")
    if len(parts) not in (3, 4) or not all(part.isdigit() for part in parts):
        raise ImportProblem(f'{where}: key should look like "0.1.2.0", not "{text}"')
    key = [int(part) for part in parts]
    if len(key) == 4 and key[3] not in (0, 1):
        raise ImportProblem(f'{where}: the side in key "{text}" should be 0 or 1')
    return key


def _float(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ImportProblem(f'{where} should be a number of seconds, not "{text}"') from None


def _seconds(text: str, where: str) -> float:
    """A length of time: a number of seconds, finite and not negative."""
    seconds = _float(text, where)
    if not math.isfinite(seconds) or seconds < 0:
        raise ImportProblem(f'{where} should be a number of seconds, not "{text}"')
    return seconds


_UNITS = ("kg", "lb")


def _weight(text: str, where: str) -> float:
    weight = _float(text, where)
    if not math.isfinite(weight) or not 0 <= weight <= MOST_WEIGHT:
        raise ImportProblem(f'{where} should be a weight from 0 to {MOST_WEIGHT:g}, not "{text}"')
    return weight


def _unit(text: str, where: str) -> str:
    if text not in _UNITS:
        raise ImportProblem(f'{where} should be "kg" or "lb", not "{text}"')
    return text


def _score(text: str, low: int, high: int, where: str) -> int:
    value = int(text) if text.lstrip("-").isdigit() else None
    if value is None or not low <= value <= high:
        raise ImportProblem(f'{where} should be a whole number from {low} to {high}, not "{text}"')
    return value


def _score_if_any(text: str | None, low: int, high: int, where: str) -> int | None:
    return None if text is None else _score(text, low, high, where)


def _whole(text: str, where: str) -> int:
    if not text.isdigit():
        raise ImportProblem(f'{where} should be a whole number, not "{text}"')
    return int(text)


# Shared


def _moment(text: str, where: str) -> datetime:
    try:
        return from_timestamp(text)
    except ValueError:
        raise ImportProblem(
            f'{where} should be a UTC time like "2024-05-01T07:00:00Z", not "{text}"'
        ) from None


def _status(text: str, where: str) -> SessionStatus:
    try:
        return SessionStatus(text)
    except ValueError:
        choices = ", ".join(status.value for status in SessionStatus)
        raise ImportProblem(f'{where} should be one of {choices}, not "{text}"') from None


_KINDS = ("REPS", "HOLD", "MAX HOLD")


def _kind(text: str, where: str) -> str:
    if text not in _KINDS:
        raise ImportProblem(f'{where} should be one of {", ".join(_KINDS)}, not "{text}"')
    return text
