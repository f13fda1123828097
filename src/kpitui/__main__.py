"""`python -m kpitui` runs the command line."""

from kpitui.entry import main

raise SystemExit(main())
