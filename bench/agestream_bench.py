"""Streaming age decryption: app/exchange/package/agestream.py against the age CLI and pyrage, in one run.

    .venv/bin/python bench/agestream_bench.py [--mb 200] [--repeat 3]

Makes ``--mb`` MB of random data in a temporary folder, encrypts it with ``age -r`` (a key from
``age-keygen``), then prints the best of ``--repeat`` decryptions to nowhere:
``age -d -o /dev/null``; ``pyrage.decrypt_io`` into a writer that drops the bytes; ``AgeReader``
read through a 1 MiB buffer, and by ``read(8192)`` (the plaintext is dropped too).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyrage
from pyrage import x25519

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.exchange.package.agestream import AgeReader  # noqa: E402

MiB = 1 << 20


class _Drop(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        return len(memoryview(data))  # type: ignore[arg-type]


def best(repeat: int, run: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        subprocess.run(["age-keygen", "-o", str(d / "key.txt")], check=True, capture_output=True)
        secret = next(x for x in (d / "key.txt").read_text().splitlines() if x.startswith("AGE-SECRET-KEY-"))
        public = subprocess.run(["age-keygen", "-y", str(d / "key.txt")], check=True, capture_output=True,
                                text=True).stdout.strip()
        with open(d / "plain", "wb") as f:
            for _ in range(args.mb):
                f.write(os.urandom(MiB))
        subprocess.run(["age", "-r", public, "-o", str(d / "f.age"), str(d / "plain")], check=True)
        (d / "plain").unlink()
        size = (d / "f.age").stat().st_size

        def cli() -> None:
            subprocess.run(["age", "-d", "-i", str(d / "key.txt"), "-o", "/dev/null", str(d / "f.age")], check=True)

        def rage() -> None:
            with open(d / "f.age", "rb") as f:
                pyrage.decrypt_io(f, _Drop(), [x25519.Identity.from_str(secret)])

        def ours() -> None:
            buf = bytearray(MiB)
            with open(d / "f.age", "rb", buffering=0) as raw:
                reader = AgeReader(raw, secret)
                total = 0
                while n := reader.readinto(buf):
                    total += n
            assert total == args.mb * MiB

        def small() -> None:
            with open(d / "f.age", "rb", buffering=0) as raw:
                reader = AgeReader(raw, secret)
                while reader.read(8192):
                    pass

        print(f"agestream bench: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
              f"{size / 1e6:.1f} MB age file made by `age -r`, best of {args.repeat}")
        for name, run in [("age -d -o /dev/null", cli), ("pyrage.decrypt_io (dropped)", rage),
                          ("AgeReader, 1 MiB readinto", ours), ("AgeReader, read(8192)", small)]:
            t = best(args.repeat, run)
            print(f"  {name:<30} {t:7.3f} s  {size / t / 1e6:7.0f} MB/s")


if __name__ == "__main__":
    main()
