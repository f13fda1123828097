"""`python -m kpitui` runs the command line."""

from kpitui.cli import main

raise SystemExit(main())
