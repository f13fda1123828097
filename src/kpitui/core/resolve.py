"""Which account and which network: what an import decides for the rows whose file does not say.

Importers leave `account` (and, for a file that may be one of several
networks, `network`, with `ParsedFile.network_choices`) null where the file
does not say it. Every parsed file then goes through `resolve`, which fills
them in this order, and stops at the first that tells:

1. the file itself (the importer's own reading, Meta's conventions included);
2. what the person said: for this file (the options it was read with,
   `ParsedFile.options`: the Import screen asks per file), else for the
   whole import (`--network`, `--account`: `ImportOptions`);
3. the other files of the same download imported with it: the same folder,
   or the same zip (a posts export names the page; a titled `Instagram
   follows` tells the network of an untitled `Reach` beside it);
4. for a network, a network's name in the file's name or its folder's (people
   name their downloads: `facebook`, `fb`, `instagram`, `ig`);
5. the workspace as this import leaves it (what it holds and what the files
   imported with it name): its only account on that network; for a network,
   the only one of the choices with data;
6. an account nothing names, on a network with no account yet: the rows land
   under an unnamed account (`UNNAMED`), which the first import that names
   the network's only account adopts (`adopt`), so that follows imported
   before the posts export are not split from them.

Only when none of these tells does the import stop and ask (`Unresolved`,
naming `--network` or `--account`, and the file): guessing would split or merge accounts
wrongly, and a Reach file is never silently Facebook's.

The name rule (4) comes before the workspace (5): a word the person wrote in
the file's name is about that file, where the workspace only tells what was
imported before.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from kpitui.core.errors import Unresolved
from kpitui.core.parsed import ImportOptions, ParsedFile
from kpitui.core.schema import KEYS, NETWORK_ALIASES, NETWORKS, TableName

UNNAMED: Final = ""
"""The account of rows that nothing names yet, on a network with no named account: kept apart
(an empty name, never null, so that it is a key like any other) until `adopt` gives them to the
network's only account."""

ACCOUNT_TABLES: Final[tuple[TableName, ...]] = ("posts", "daily")
"""The tables whose rows belong to an account (traffic rows belong to a web property)."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """The parsed files with their accounts and networks filled, and what was decided, per file."""

    files: list[ParsedFile]
    notes: list[list[str]]
    """Per file, one line per decision taken from elsewhere than the file itself."""


def resolve(
    parsed: Sequence[ParsedFile],
    stored: Mapping[TableName, pl.DataFrame],
    options: ImportOptions | None = None,
) -> Resolution:
    """Fill the null accounts and networks of `parsed` (module docstring: the order of the rules).

    `stored` is the workspace's tables before this import. Raises Unresolved
    naming the file and what to give when nothing tells.
    """
    options = options or ImportOptions()
    named = [_named(item) for item in parsed]
    known = _accounts(stored[t] for t in ACCOUNT_TABLES if t in stored)
    with_data = _networks(stored[t] for t in ACCOUNT_TABLES if t in stored)
    batch = _merge(named)
    files: list[ParsedFile] = []
    notes: list[list[str]] = []
    for index, item in enumerate(parsed):
        others = [
            (parsed[i], named[i])
            for i in range(len(parsed))
            if i != index and _same_download(parsed[i], item)
        ]
        said: list[str] = []
        given = _given(item, options)
        network = _network(item, others, with_data | set(batch), given, said)
        tables = dict(item.tables)
        for name in ACCOUNT_TABLES:
            if name in tables and network is not None:
                tables[name] = tables[name].with_columns(network=pl.col("network").fill_null(pl.lit(network)))
        untold = _untold_networks(tables)
        for net in untold:
            account = _account(item, net, others, known, batch, given, said)
            for name in ACCOUNT_TABLES:
                if name in tables:
                    unnamed = pl.col("account").is_null() & (pl.col("network") == net)
                    tables[name] = tables[name].with_columns(
                        account=pl.when(unnamed).then(pl.lit(account)).otherwise(pl.col("account"))
                    )
        files.append(dataclasses.replace(item, tables=tables, network_choices=()))
        notes.append(said)
    return Resolution(files, notes)


def _network(
    item: ParsedFile,
    others: Sequence[tuple[ParsedFile, dict[str, set[str]]]],
    with_data: set[str],
    options: ImportOptions,
    said: list[str],
) -> str | None:
    """The network of `item`'s rows that leave it null, or None when no row does."""
    choices = item.network_choices
    if not choices or not any(
        item.tables[t].get_column("network").null_count() for t in ACCOUNT_TABLES if t in item.tables
    ):
        return None
    given = _network_name(options.network)
    if given in choices:
        said.append(f"network {given}: as given {_how(item, 'network', options)}")
        return given
    told = {n: [o.path.name for o, names in others if n in names] for n in choices}
    told = {n: files for n, files in told.items() if files}
    if len(told) == 1:
        [(network, files)] = told.items()
        said.append(f"network {network}: as {_listed(files)}, imported with it, {_says(files)}")
        return network
    worded = _words(item.path) & set(choices)
    if len(worded) == 1:
        [network] = worded
        said.append(f"network {network}: the file's name says so")
        return network
    present = with_data & set(choices)
    if len(present) == 1:
        [network] = present
        said.append(f"network {network}: the workspace's only one of {_or(choices)} with data")
        return network
    whose = " or ".join(f"{n.capitalize()}'s" for n in choices)
    reason = (
        f"the file does not say whether it is {whose}, and nothing imported with it, its name or the "
        "workspace tells"
    )
    raise Unresolved(
        f"{item.path}: {reason}; give it with {' or '.join(f'--network {n}' for n in choices)}.",
        path=item.path,
        option="network",
        reason=reason[0].upper() + reason[1:] + ".",
        choices=tuple(choices),
    )


def _account(
    item: ParsedFile,
    network: str,
    others: Sequence[tuple[ParsedFile, dict[str, set[str]]]],
    known: dict[str, set[str]],
    batch: dict[str, set[str]],
    options: ImportOptions,
    said: list[str],
) -> str:
    """The account of `item`'s rows on `network` that leave it null."""
    if options.account:
        how = _how(item, "account", options)
        said.append(f"{network} account {options.account!r}: as given {how}")
        return options.account
    beside = {a for _, names in others for a in names.get(network, ())}
    if len(beside) == 1:
        [account] = beside
        files = [o.path.name for o, names in others if account in names.get(network, ())]
        said.append(f"{network} account {account!r}: as {_listed(files)}, imported with it, {_says(files)}")
        return account
    accounts = known.get(network, set()) | batch.get(network, set())
    if len(accounts) == 1:
        [account] = accounts
        said.append(f"{network} account {account!r}: the workspace's only {network} account")
        return account
    if not accounts:
        said.append(
            f"{network} account: none named yet; kept unnamed until an export names the workspace's "
            f"{network} account"
        )
        return UNNAMED
    reason = (
        f"the export does not name its {network} account, and the workspace has several "
        f"({', '.join(sorted(accounts))})"
    )
    raise Unresolved(
        f"{item.path}: {reason}; give it with --account NAME (or import the file with the posts export "
        "of the same download).",
        path=item.path,
        option="account",
        reason=reason[0].upper() + reason[1:] + " (or import it with the posts export of its download).",
        choices=tuple(sorted(accounts)),
    )


def _given(item: ParsedFile, options: ImportOptions) -> ImportOptions:
    """What the person said for `item`: what was said for it alone (the options it was read
    with), else what was said for the whole import."""
    own = item.options
    if own is None or own is options:
        return options
    return dataclasses.replace(
        options, account=own.account or options.account, network=own.network or options.network
    )


def _how(item: ParsedFile, option: str, options: ImportOptions) -> str:
    """How an option was given (`options`, as `_given` made them): for this file alone (the
    Import screen asks per file), or for the whole import (the command line's flag)."""
    own = item.options
    if own is not None and own is not options and getattr(own, option):
        return "for this file"
    return f"(--{option})"


def asks(item: ParsedFile) -> tuple[str, ...]:
    """What the person may give for `item` alone, because the file does not tell it: `network`
    when rows leave it to the import (the networks it may be: `network_choices`), `account`
    when rows leave theirs, and what its reading guessed (`ParsedFile.guessed`: `year`)."""
    found: list[str] = []
    if item.network_choices:
        found.append("network")
    if any(item.tables[t].get_column("account").null_count() for t in ACCOUNT_TABLES if t in item.tables):
        found.append("account")
    return (*found, *item.guessed)


@dataclass(frozen=True, slots=True)
class Adoption:
    """What `adopt` did: the tables after it, network → the account that adopted its unnamed rows,
    the tables it changed, and one line saying so (empty when nothing changed)."""

    tables: dict[TableName, pl.DataFrame]
    accounts: dict[str, str]
    changed: list[TableName]
    line: str


def adopt(tables: dict[TableName, pl.DataFrame]) -> Adoption:
    """Give the rows of the unnamed account (`UNNAMED`) to their network's only named account.

    A row of the unnamed account whose key the named account already has
    merges into it: the named account's values win, the unnamed one's fill
    its gaps. Nothing changes on a network with no named account, or with
    several (then only `--account` can tell).
    """
    known = _accounts(tables[t] for t in ACCOUNT_TABLES)
    waiting = {
        net
        for t in ACCOUNT_TABLES
        for net in tables[t].filter(pl.col("account") == UNNAMED).get_column("network").unique().to_list()
    }
    adopted = {net: next(iter(known[net])) for net in sorted(waiting) if len(known.get(net, ())) == 1}
    out = dict(tables)
    changed: list[TableName] = []
    counts: list[str] = []
    for name in ACCOUNT_TABLES if adopted else ():
        frame = out[name]
        unnamed = (pl.col("account") == UNNAMED) & pl.col("network").is_in(list(adopted))
        moving = frame.filter(unnamed)
        if moving.is_empty():
            continue
        changed.append(name)
        counts.append(f"{moving.height} {'post' if name == 'posts' else 'day'}(s)")
        heir = pl.col("network").replace_strict(adopted, default=None, return_dtype=pl.String)
        moved = moving.with_columns(account=heir)
        rest = frame.filter(~unnamed)
        theirs = rest.filter(pl.col("account") == heir)
        keys = list(KEYS[name])
        merged = (
            pl.concat([theirs, moved]).group_by(keys, maintain_order=True).agg(pl.all().drop_nulls().first())
        )
        out[name] = pl.concat(
            [rest.filter(~(pl.col("account") == heir).fill_null(False)), merged.select(frame.columns)]
        )
    who = ", ".join(f"{net}: {account}" for net, account in adopted.items())
    line = (
        f"rows imported earlier without an account ({' and '.join(counts)}) now belong to {who}"
        if counts
        else ""
    )
    return Adoption(out, adopted, changed, line)


# --- what the files and the workspace name ------------------------------------------------------


def _named(item: ParsedFile) -> dict[str, set[str]]:
    """network → the accounts a file names itself (networks named without an account map to {})."""
    out: dict[str, set[str]] = {}
    for name in ACCOUNT_TABLES:
        frame = item.tables.get(name)
        if frame is None or frame.is_empty():
            continue
        pairs = frame.filter(pl.col("network").is_not_null()).select("network", "account").unique()
        for network, account in pairs.iter_rows():
            accounts = out.setdefault(network, set())
            if account:
                accounts.add(account)
    return out


def _merge(named: Iterable[dict[str, set[str]]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for names in named:
        for network, accounts in names.items():
            out.setdefault(network, set()).update(accounts)
    return out


def _accounts(frames: Iterable[pl.DataFrame]) -> dict[str, set[str]]:
    """network → the named accounts (not null, not `UNNAMED`) of `frames`."""
    out: dict[str, set[str]] = {}
    for frame in frames:
        pairs = frame.filter(pl.col("account").is_not_null() & (pl.col("account") != UNNAMED))
        for network, account in pairs.select("network", "account").unique().iter_rows():
            out.setdefault(network, set()).add(account)
    return out


def _networks(frames: Iterable[pl.DataFrame]) -> set[str]:
    return {n for frame in frames for n in frame.get_column("network").drop_nulls().unique().to_list()}


def _untold_networks(tables: Mapping[TableName, pl.DataFrame]) -> list[str]:
    """The networks of rows that leave their account null."""
    found: set[str] = set()
    for name in ACCOUNT_TABLES:
        frame = tables.get(name)
        if frame is not None:
            untold = frame.filter(pl.col("account").is_null() & pl.col("network").is_not_null())
            found.update(untold.get_column("network").unique().to_list())
    return sorted(found)


def download_of(path: Path) -> Path:
    """The download a file belongs to: the zip archive it came from, else its folder."""
    for parent in path.parents:
        if parent.suffix.lower() == ".zip":
            return parent
    return path.parent


def _same_download(other: ParsedFile, item: ParsedFile) -> bool:
    return download_of(other.path) == download_of(item.path)


_WORD: Final = re.compile(r"[a-z0-9]+")


def _words(path: Path) -> set[str]:
    """The networks named by words of the file's name, else of its folder's (or zip's) name."""
    for name in (path.stem, download_of(path).stem):
        found = {n for word in _WORD.findall(name.lower()) if (n := _network_name(word))}
        if found:
            return found
    return set()


def _network_name(text: str | None) -> str | None:
    if not text:
        return None
    word = text.strip().lower()
    word = NETWORK_ALIASES.get(word, "instagram" if word == "insta" else word)
    return word if word in NETWORKS else None


def _listed(names: Sequence[str]) -> str:
    shown = [repr(n) for n in dict.fromkeys(names)]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _says(names: Sequence[str]) -> str:
    return "says" if len(set(names)) == 1 else "say"


def _or(choices: Sequence[str]) -> str:
    return " or ".join(choices)
