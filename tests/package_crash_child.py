"""Child process for tests/test_package_crash.py: exports or imports one package, unless killed first.

    python tests/package_crash_child.py export VAULT RECIPIENTS_FILE TARGET
    python tests/package_crash_child.py import VAULT PACKAGE

The passphrase comes from ``XC_PASSPHRASE``. Lines on stdout, each flushed:

    READY <seconds since start>      the vault is open; the export or import starts now
    MERGE                            (import) the package verified; its transaction writes from now on
    DONE <seconds>                   export_package / import_packages returned
"""

from __future__ import annotations

import time

START = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from app.exchange.package import export_package, import_packages, parse_recipients  # noqa: E402
from app.storage.vault import Vault  # noqa: E402


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    mode, path = sys.argv[1], Path(sys.argv[2])
    vault = Vault.open(path, os.environ["XC_PASSPHRASE"])
    if mode == "export":
        recipients = parse_recipients(Path(sys.argv[3]).read_bytes())
        say(f"READY {time.perf_counter() - START:.3f}")
        start = time.perf_counter()
        export_package(vault, sys.argv[4], recipients)
    elif mode == "import":
        from app.exchange.package import receive as verify

        merge = verify._merge

        def announced(*args: object) -> object:  # so the parent can tell a kill inside the transaction
            say("MERGE")
            return merge(*args)  # type: ignore[arg-type]

        verify._merge = announced  # type: ignore[assignment]
        say(f"READY {time.perf_counter() - START:.3f}")
        start = time.perf_counter()
        import_packages(vault, [sys.argv[3]])
    else:
        raise SystemExit(f"unknown mode {mode}")
    say(f"DONE {time.perf_counter() - start:.3f}")
    vault.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
