"""巡察工作台 entry point: the desktop app by default, subcommands for headless work (design.md)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
