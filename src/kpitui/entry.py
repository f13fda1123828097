"""The `kpitui` command (and `python -m kpitui`): the command line, imported with the cyclic
garbage collector paused.

Importing kpitui and polars (and, for the app, Textual) creates a few hundred thousand objects
that live until the process ends. The collector ran over them again and again while they were
created and once more at exit, finding nothing to free: about 45 ms of a 370 ms `kpitui
report` at 1M posts (benchmarks/README.md). They are imported with it paused, then frozen
(`gc.freeze`: kept out of every later collection), and it runs as usual on what follows.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    gc.disable()
    try:
        from kpitui import cli
    finally:
        gc.freeze()
        gc.enable()
    return cli.main(argv)
