"""kpitui: social media KPIs and objectives in the terminal.

This package root stays import-light on purpose: headless commands
(`kpitui report`, `kpitui check`) must never pay for Textual.
"""

__version__ = "0.1.0"
