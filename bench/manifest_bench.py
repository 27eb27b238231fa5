"""Manifest parsing on hostile input: linear now, quadratic before (issue 10, item 2).

    .venv/bin/python bench/manifest_bench.py

A manifest made of one unterminated string of escaped quotes (what an attacker holding an
office's public recipient could send) is parsed by ``strict_loads`` at 64 KiB and at 2 MiB; the
printed ratio of the two times is about the ratio of the sizes (32) when the parser is linear,
and its square (1,024) when it is quadratic. The regular expression the program used before is
timed on the same shape at 4, 8 and 16 KiB only (at 64 KiB it took 29 s), to show its growth.
The raw baseline is ``json.loads`` of the same bytes in the same process.
"""

from __future__ import annotations

import json
import re
import time

from app.exchange.package import format as fmt


def hostile(size: int) -> bytes:
    return b'{"format": "xuncha-package", "x": "' + b'\\"' * (size // 2)


def timed(action: object, data: bytes, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            action(data)  # type: ignore[operator]
        except (ValueError, RecursionError):
            pass
        best = min(best, time.perf_counter() - start)
    return best


def old_depth_scan(data: bytes) -> None:
    """The depth check of the previous strict_loads: quadratic on an unterminated string."""
    text = data.decode("utf-8")
    re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)


def main() -> None:
    small, large = 64 << 10, 2 << 20
    ours_small = timed(lambda d: fmt.strict_loads(d, max_depth=32), hostile(small))
    ours_large = timed(lambda d: fmt.strict_loads(d, max_depth=32), hostile(large))
    raw_small, raw_large = timed(json.loads, hostile(small)), timed(json.loads, hostile(large))
    print(f"strict_loads  64 KiB: {ours_small * 1000:8.2f} ms   json.loads: {raw_small * 1000:8.2f} ms")
    print(f"strict_loads   2 MiB: {ours_large * 1000:8.2f} ms   json.loads: {raw_large * 1000:8.2f} ms")
    print(f"ratio 2 MiB / 64 KiB: {ours_large / ours_small:.1f}, json.loads alone: {raw_large / raw_small:.1f}"
          " (sizes: 32; linear ≈ 32, quadratic ≈ 1024)")
    print(f"vs json.loads at 2 MiB: {ours_large / raw_large:.2f}x")
    previous = [(kib, timed(old_depth_scan, hostile(kib << 10), repeat=1)) for kib in (4, 8, 16)]
    for kib, seconds in previous:
        print(f"previous parser {kib:3d} KiB: {seconds * 1000:10.1f} ms")
    print(f"previous parser ratio 16/4 KiB: {previous[2][1] / previous[0][1]:.1f} (sizes: 4)")


if __name__ == "__main__":
    main()
