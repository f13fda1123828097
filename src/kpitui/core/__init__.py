"""The headless core of kpitui: a polars library with no terminal UI.

Nothing under `kpitui.core` imports textual or rich (a test enforces it), so
every number the app shows can be computed, tested and scripted without a
terminal.
"""
