"""``python -m geo`` entry point."""

from geo.cli import main

raise SystemExit(main())
