"""巡察工作台 entry point: the desktop app by default, subcommands for headless work (design.md).

Process hygiene (no core dumps, not dumpable, umask 077: app/hygiene.py) is applied before
anything else is imported, so that no secret is ever in memory while a core dump could still be
written or a new file could be made readable by others.
"""

import os
import sys

from app import hygiene

hygiene.apply()

# A windowed build on Windows starts with no console: sys.stdout/stderr are None, and the first
# print (or argparse's --version) would raise. Headless use there goes through xuncha-cli.exe.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))

from app.cli import main  # noqa: E402  (after hygiene, on purpose)

if __name__ == "__main__":
    sys.exit(main())
