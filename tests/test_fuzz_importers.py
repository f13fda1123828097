"""Fuzzing every importer with mutated real-format files (hypothesis).

The seeds are the real-format files of tests/fixtures/ and sample_data/exports/
(CSV and UTF-16 text, .xlsx and .xls workbooks, zip downloads and their
members), plus canonical CSVs written from them. Each example mutates one
seed: flipped bytes, a truncation, inserted random bytes, a 1 MB field,
duplicated, removed or swapped lines, a cell replaced by an odd value,
another encoding or line ending, or random bytes altogether. Workbooks are
mutated inside their zip (the XML of a sheet or of the shared strings) or as
raw bytes; zip downloads as a whole or member by member.

The only acceptable outcomes of read_file / read_paths are a ParsedFile whose
tables conform exactly to the canonical schemas (and which merges into a
workspace), or a KpiError whose message names the file: never another
exception, never a hang.

CI runs a fixed, bounded set of examples (derandomized, so a run is
reproducible); KPITUI_LONG=1 runs ten times as many with a fresh seed.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import time
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from kpitui.core import schema
from kpitui.core.errors import KpiError
from kpitui.core.importers import EXPORT_SUFFIXES, ImportOptions, ParsedFile, read_file, read_paths
from kpitui.core.workspace import Workspace
from reliability import EXPORTS, FIXTURES, LONG, hang_guard, scaled

Kind = Literal["text", "xlsx", "xls", "zip"]

LAST = os.environ.get("KPITUI_FUZZ_LAST", "")
"""A file path: each example's bytes are written there (and what it is, beside it in .txt)
before it runs, so an example that kills the whole process can be found and replayed."""

MB = 1024 * 1024
SLOW_S = 30.0
"""An example (a read of at most a few MB) taking longer than this is a hang."""


@dataclass(frozen=True)
class Seed:
    family: str
    name: str
    """The file name the mutated bytes are written under (importers may read it)."""
    data: bytes = field(repr=False)
    kind: Kind


class Case:
    """A mutated seed; its repr (in a failure report) stays short.

    Not a dataclass: Hypothesis prints a dataclass field by field, whatever its `__repr__`,
    and a megabyte of mutated bytes then hid the failure behind a "large repr" warning."""

    __slots__ = ("data", "seed", "steps")

    def __init__(self, seed: Seed, data: bytes, steps: list[str]) -> None:
        self.seed, self.data, self.steps = seed, data, steps

    def __repr__(self) -> str:
        head = self.data[:200]
        return f"Case({self.seed.family}/{self.seed.name}, {len(self.data):,} bytes {head!r}…, {self.steps})"


FAMILIES = {
    "analytics": "analytics",
    "web": "analytics",
    "meta": "meta",
    "facebook": "meta",
    "instagram": "meta",
    "x": "x",
    "linkedin": "linkedin",
    "tiktok": "tiktok",
    "youtube": "youtube",
}


def _kind(name: str, data: bytes) -> Kind:
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".xls":
        return "xls"
    if suffix == ".zip":
        return "zip"
    return "text"


@cache
def seeds() -> dict[str, tuple[Seed, ...]]:
    """Every real-format file by family, zip members included, plus canonical CSVs."""
    found: dict[str, list[Seed]] = {}
    for base in (FIXTURES, EXPORTS):
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in EXPORT_SUFFIXES:
                continue
            family = FAMILIES[path.relative_to(base).parts[0]]
            data = path.read_bytes()
            kind = _kind(path.name, data)
            found.setdefault(family, []).append(Seed(family, path.name, data, kind))
            if kind == "zip":
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    for info in archive.infolist():
                        name = Path(info.filename).name
                        if not info.is_dir() and Path(name).suffix.lower() in EXPORT_SUFFIXES:
                            member = archive.read(info)
                            found[family].append(Seed(family, name, member, _kind(name, member)))
    found["canonical"] = list(_canonical_seeds(found))
    return {family: tuple(items) for family, items in found.items()}


def _canonical_seeds(found: dict[str, list[Seed]]) -> list[Seed]:
    """Canonical CSVs (one per table) written from the parsed sample files."""
    import tempfile

    out: list[Seed] = []
    picks = {"meta": "posts", "x": "posts", "tiktok": "daily", "analytics": "traffic", "youtube": "posts"}
    with tempfile.TemporaryDirectory() as tmp:
        for family, table in picks.items():
            for seed in found[family]:
                if seed.kind != "text":
                    continue
                path = Path(tmp) / seed.name
                path.write_bytes(seed.data)
                try:
                    parsed = read_file(path, ImportOptions(year=2025, account="acme"))
                except KpiError:
                    continue
                frame = parsed.tables.get(table)
                if frame is None or frame.is_empty():
                    continue
                buffer = io.BytesIO()
                frame.head(40).write_csv(buffer)
                out.append(Seed("canonical", f"{table}-{family}.csv", buffer.getvalue(), "text"))
                break
    assert {s.name.split("-")[0] for s in out} == {"posts", "daily", "traffic"}
    return out


# --- mutations of text ------------------------------------------------------------------

ODD_VALUES = (
    "",
    " ",
    "-",
    "—",
    "N/A",
    "0",
    "-1",
    "-0",
    "+7",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "99999999999999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "1,234,567",
    "1.234.567,89",
    "12.5%",
    "-12%",
    "$1,000.00",
    "€-3",
    "00:01:23",
    "99:99:99",
    "0x1F",
    "1_000",
    "２０２６",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "0000-01-01",
    "-001-06-01",
    "0000-06-01T00:00:00Z",
    "1969-12-31",
    "2101-01-01",
    "2026-02-30",
    "2026-13-01",
    "1970-01-01T00:00:00Z",
    "2026-01-01T25:61:61+25:00",
    "01/02/03",
    "31 February",
    "9月31日",
    "Jan 1, 99999",
    "Total",
    "Grand total",
    '"',
    '""',
    "'",
    ",",
    "\n",
    "\r",
    "\x00",
    "\ufeff",
    "\u202e",
    "[bold]x[/]",
    "=1+1",
    "facebook",
    "twitter",
    "unknown-network",
)


def _positions(data: bytes) -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=len(data))


@st.composite
def flip(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    if not data:
        return data, "flip (empty)"
    out = bytearray(data)
    where = draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=8))
    for i in where:
        out[i] ^= draw(st.integers(1, 255))
    return bytes(out), f"flip at {where}"


@st.composite
def truncate(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    at = draw(_positions(data))
    return data[:at], f"truncate at {at}"


@st.composite
def insert(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    at = draw(_positions(data))
    junk = draw(st.binary(min_size=1, max_size=64))
    return data[:at] + junk + data[at:], f"insert {junk!r} at {at}"


@st.composite
def huge_field(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """A 1 MB value just after a separator or at the start of a line."""
    starts = [i + 1 for i, b in enumerate(data[: 64 * 1024]) if b in b",\n\t"] or [0]
    at = draw(st.sampled_from(starts))
    unit = draw(st.sampled_from([b"A", b"9", "é".encode(), b'"x,\n', b" ", b"#acme "]))
    value = unit * (MB // len(unit))
    if draw(st.booleans()):
        value = b'"' + value.replace(b'"', b'""') + b'"'
    return data[:at] + value + data[at:], f"1 MB of {unit!r} at {at}"


@st.composite
def lines(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    rows = data.split(b"\n")
    op = draw(st.sampled_from(["duplicate", "remove", "swap", "header twice", "blank"]))
    i = draw(st.integers(0, len(rows) - 1))
    j = draw(st.integers(0, len(rows) - 1))
    if op == "duplicate":
        rows.insert(i, rows[i])
    elif op == "remove":
        del rows[i]
    elif op == "swap":
        rows[i], rows[j] = rows[j], rows[i]
    elif op == "header twice":
        rows.insert(i, rows[0])
    else:
        rows.insert(i, b"")
    return b"\n".join(rows), f"{op} line {i} ({j})"


def _text_of(data: bytes) -> tuple[str, str]:
    """The text of a seed and the encoding it came in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    return data.decode("utf-8", errors="replace"), "utf-8"


@st.composite
def cell(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """One cell (or the header's) replaced by an odd value, the file written back as CSV."""
    text, encoding = _text_of(data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return data, "cell (not CSV)"
    if not rows:
        return data, "cell (no rows)"
    count = draw(st.integers(1, 4))
    changes = []
    for _ in range(count):
        r = draw(st.integers(0, len(rows) - 1))
        if not rows[r]:
            continue
        c = draw(st.integers(0, len(rows[r]) - 1))
        value = draw(st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=30)))
        rows[r][c] = value
        changes.append((r, c, value))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n" if "\r\n" not in text else "\r\n").writerows(rows)
    out = buffer.getvalue()
    return out.encode(encoding, errors="replace"), f"cells {changes}"


ENCODINGS = ("latin-1", "cp1252", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig", "utf-32", "mac_roman")


@st.composite
def reencode(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    text, _ = _text_of(data)
    encoding = draw(st.sampled_from(ENCODINGS))
    out = text.encode(encoding, errors="replace")
    if draw(st.booleans()) and encoding == "utf-8-sig":
        out = codecs.BOM_UTF8 + out  # a doubled BOM
    return out, f"re-encoded as {encoding}"


@st.composite
def line_endings(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    plain = data.replace(b"\r\n", b"\n")
    ending = draw(st.sampled_from([b"\r\n", b"\r", b"\n\n"]))
    return plain.replace(b"\n", ending), f"line endings {ending!r}"


@st.composite
def random_bytes(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    junk = draw(st.binary(max_size=4096))
    if draw(st.booleans()):  # keep the real header: detection passes, the body is garbage
        end = data.find(b"\n")
        junk = (data[: end + 1] if end >= 0 else data) + junk
    return junk, f"random bytes ({len(junk)})"


TEXT_MUTATIONS = (flip, truncate, insert, huge_field, lines, cell, reencode, line_endings, random_bytes)
BYTE_MUTATIONS = (flip, truncate, insert, random_bytes)


@st.composite
def mutated_text(draw: st.DrawFn, data: bytes) -> tuple[bytes, list[str]]:
    steps = []
    big = False
    for _ in range(draw(st.integers(1, 3))):
        choices = [m for m in TEXT_MUTATIONS if not (big and m is huge_field)]
        mutation = draw(st.sampled_from(choices))
        data, what = draw(mutation(data))
        big = big or mutation is huge_field
        steps.append(what)
    return data, steps


# --- mutations of archives --------------------------------------------------------------


def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, archive.read(i)) for i in archive.infolist() if not i.is_dir()]


@st.composite
def xml_value(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """A cell value of a sheet or of the shared strings replaced (kept well-formed XML)."""
    import re

    spans = [m.span(1) for m in re.finditer(rb"<(?:t|v)(?: [^>]*)?>([^<]*)</(?:t|v)>", data)]
    if not spans:
        return data, "xml (no values)"
    start, end = draw(st.sampled_from(spans))
    value = draw(st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=30)))
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    clean = "".join(ch for ch in escaped if ch in "\t\n\r" or ord(ch) >= 0x20)
    if draw(st.integers(0, 9)) == 0:
        clean = "A" * MB
    return data[:start] + clean.encode() + data[end:], f"xml value {data[start:end]!r} -> {value!r}"


@st.composite
def mutated_workbook(draw: st.DrawFn, data: bytes) -> tuple[bytes, list[str]]:
    """An .xlsx mutated in one of its XML parts, or as raw bytes."""
    if draw(st.booleans()):
        out, what = draw(draw(st.sampled_from(BYTE_MUTATIONS))(data))
        return out, [f"raw: {what}"]
    members = _members(data)
    names = [n for n, _ in members if n.endswith(".xml")]
    target = draw(st.sampled_from(names))
    mutation = draw(st.sampled_from((xml_value, xml_value, flip, truncate, insert)))
    steps = []
    for i, (name, content) in enumerate(members):
        if name == target:
            content, what = draw(mutation(content))
            members[i] = (name, content)
            steps.append(f"{name}: {what}")
    return _rezip(members), steps


@st.composite
def mutated_zip(draw: st.DrawFn, data: bytes) -> tuple[bytes, list[str]]:
    """A zip download mutated as a whole, in one member, or with odd members added."""
    how = draw(st.sampled_from(["raw", "member", "extra"]))
    if how == "raw":
        out, what = draw(draw(st.sampled_from(BYTE_MUTATIONS))(data))
        return out, [f"raw: {what}"]
    members = _members(data)
    if how == "member":
        i = draw(st.integers(0, len(members) - 1))
        content, steps = draw(mutated_text(members[i][1]))
        members[i] = (members[i][0], content)
        return _rezip(members), [f"{members[i][0]}: {s}" for s in steps]
    extra_name = draw(
        st.sampled_from(
            ["../escape.csv", "/abs.csv", "dir/", "__MACOSX/._x.csv", "empty.csv", "n.zip", "a.xlsx"]
        )
    )
    extra = draw(st.sampled_from([b"", b"a,b\n1,2\n", data[:100], b"PK\x03\x04"]))
    return _rezip([*members, (extra_name, extra)]), [f"extra member {extra_name!r}"]


@st.composite
def example(draw: st.DrawFn, family: str) -> Case:
    seed = draw(st.sampled_from(seeds()[family]))
    if seed.kind == "text":
        data, steps = draw(mutated_text(seed.data))
    elif seed.kind == "xlsx":
        data, steps = draw(mutated_workbook(seed.data))
    elif seed.kind == "zip":
        data, steps = draw(mutated_zip(seed.data))
    else:  # .xls: an OLE2 file, mutated as bytes
        data, what = draw(draw(st.sampled_from(BYTE_MUTATIONS))(seed.data))
        steps = [what]
    return Case(seed, data, steps)


# --- the oracle ------------------------------------------------------------------------


def assert_conforms(parsed: ParsedFile) -> None:
    """A clean import: canonical tables, exactly, with their keys and networks valid."""
    assert isinstance(parsed, ParsedFile)
    for name, frame in parsed.tables.items():
        assert name in schema.TABLES
        assert frame.schema == schema.SCHEMAS[name], (name, frame.schema)
        # account, and network where the file may be one of several (`network_choices`), are
        # left null for the import to resolve (importers.resolve)
        untold = ("account", "medium", *(("network",) if parsed.network_choices else ()))
        required = [k for k in schema.KEYS[name] if k not in untold]
        for key in required:
            assert frame.get_column(key).null_count() == 0, f"{name}.{key} has nulls"
        networks = set(frame.get_column("network").drop_nulls().to_list())
        assert networks <= set(schema.NETWORKS), networks
        assert set(parsed.network_choices) <= set(schema.NETWORKS)
        if name != "traffic" and not parsed.network_choices:
            assert frame.get_column("network").null_count() == 0
        if name == "posts":
            types = set(frame.get_column("content_type").drop_nulls().to_list())
            assert types <= set(schema.CONTENT_TYPES), types
    assert parsed.rows >= 0 and isinstance(parsed.warnings, list)
    parsed.days  # noqa: B018 - computing it must not fail
    parsed.accounts  # noqa: B018


def assert_names_file(exc: KpiError, path: Path) -> None:
    message = str(exc)
    assert message.strip(), "an empty error message"
    assert str(path) in message or path.name in message, f"the message does not name {path}: {message!r}"
    assert "Traceback" not in message


def merge_or_refuse(parsed: ParsedFile, folder: Path) -> None:
    """What the import would do to an empty workspace: a plan, or a KpiError naming the file."""
    try:
        Workspace(folder / "never-created").import_files([parsed], dry_run=True)
    except KpiError as exc:
        assert_names_file(exc, parsed.path)


OPTIONS = st.sampled_from(
    [
        ImportOptions(),
        ImportOptions(timezone="Europe/Paris", year=2025),
        ImportOptions(timezone="Pacific/Kiritimati", account="acme", year=1),
    ]
)


def run_example(folder: Path, case: Case, options: ImportOptions) -> str:
    """Import the mutated bytes; the outcome, for the statistics."""
    seed, data, steps = case.seed, case.data, case.steps
    note(f"seed {seed.family}/{seed.name} ({seed.kind}), mutations: {steps}, options: {options}")
    folder.mkdir(parents=True, exist_ok=True)
    if LAST:  # a crash that ends the process leaves the culprit there
        Path(LAST).write_bytes(data)
        Path(LAST + ".txt").write_text(f"{seed.family}/{seed.name} ({seed.kind}): {steps}, {options}\n")
    path = folder / seed.name
    path.write_bytes(data)
    started = time.monotonic()
    with hang_guard(300, f"{seed.name}: {steps}"):
        try:
            if seed.kind == "zip":
                results = list(read_paths([path], options))
            else:
                results = [(None, read_file(path, options))]
        except KpiError as exc:
            assert_names_file(exc, path)
            outcome = "refused"
        else:
            outcome = "refused"
            for source, result in results:
                where = source.path if source is not None else path
                if isinstance(result, KpiError):
                    assert_names_file(result, where)
                else:
                    assert result.path == where
                    assert_conforms(result)
                    merge_or_refuse(result, folder)
                    outcome = "imported"
    elapsed = time.monotonic() - started
    assert elapsed < SLOW_S, f"{elapsed:.1f} s to read {len(data):,} bytes"
    event(f"{seed.kind}: {outcome}")
    return outcome


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=scaled(examples),
        deadline=None,
        derandomize=not LONG,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


EXAMPLES = {
    "meta": 150,
    "x": 120,
    "linkedin": 100,
    "tiktok": 120,
    "youtube": 100,
    "analytics": 120,
    "canonical": 120,
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def test_every_family_has_seeds_of_every_kind() -> None:
    found = seeds()
    assert set(EXAMPLES) == set(found)
    kinds = {s.kind for items in found.values() for s in items}
    assert kinds == {"text", "xlsx", "xls", "zip"}
    assert any(s.data.startswith(codecs.BOM_UTF16_LE) for s in found["meta"])  # Meta daily: UTF-16


def _family_test(family: str):
    @fuzz_settings(EXAMPLES[family])
    @given(case=example(family), options=OPTIONS)
    def test(folder: Path, case: Case, options: ImportOptions) -> None:
        run_example(folder / family, case, options)

    test.__name__ = f"test_fuzz_{family}"
    return test


test_fuzz_meta = _family_test("meta")
test_fuzz_x = _family_test("x")
test_fuzz_linkedin = _family_test("linkedin")
test_fuzz_tiktok = _family_test("tiktok")
test_fuzz_youtube = _family_test("youtube")
test_fuzz_analytics = _family_test("analytics")
test_fuzz_canonical = _family_test("canonical")


@fuzz_settings(40)
@given(
    name=st.sampled_from(["posts.csv", "Content.csv", "export.xlsx", "old.xls", "download.zip", "a.txt"]),
    data=st.one_of(
        st.binary(max_size=2048),
        st.sampled_from([b"", b"\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff\x00", b"PK\x03\x04", b","]),
        st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    ),
)
def test_fuzz_random_bytes(folder: Path, name: str, data: bytes) -> None:
    seed = Seed("random", name, data, _kind(name, data))
    run_example(folder / "random", Case(seed, data, ["random"]), ImportOptions())


def test_a_workbook_that_asks_for_gigabytes_is_refused(folder: Path) -> None:
    """Two cells far apart (A1 and XFD1048576, both legal) make calamine ask for 550 GB and abort:
    the workbook is read in a helper process, so that kills the helper, not kpitui."""
    import xlsxwriter

    path = folder / "corners.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("Sheet1")
    sheet.write(0, 0, "Date")
    sheet.write(1_048_575, 16_383, "far")
    workbook.close()
    with pytest.raises(KpiError) as refused:
        read_file(path)
    assert str(path) in str(refused.value) and "damaged" in str(refused.value)
    good = next(s for s in seeds()["linkedin"] if s.kind == "xls")  # the next workbook reads fine
    (folder / good.name).write_bytes(good.data)
    assert_conforms(read_file(folder / good.name))
