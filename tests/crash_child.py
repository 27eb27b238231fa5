"""Child process for tests/test_crash.py: writes to a vault until it is killed or the disk fills.

    python tests/crash_child.py MODE VAULT SEQ_BASE SEED

The passphrase comes from ``XC_PASSPHRASE`` (and ``XC_NEW_PASSPHRASE`` for ``rekey``). Every line
on stdout is printed, and flushed, only after the change it names has been committed:

    READY <seconds since start>          the vault is open
    S <record id> <seq>                  a record was created or updated; its content says n=<seq>
    A <attachment id> <sha256>           an attachment was stored
    DISKFULL <message>                   (fsize) the typed error arrived
    DONE <seconds>                       (rekey) change_passphrase returned

Modes: ``writes`` loops forever (the parent SIGKILLs it); ``fsize`` sets RLIMIT_FSIZE a little
above the current file sizes, ignores SIGXFSZ, and writes until DiskFull; ``rekey`` changes the
passphrase once.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import io  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from app.domain.records import Interview, Lead  # noqa: E402
from app.storage.errors import DiskFull  # noqa: E402
from app.storage.vault import Vault  # noqa: E402

EXIT_WRONG_ERROR = 3


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def content(seq: int, rng: random.Random) -> str:
    return f"n={seq} " + "谈话记录内容" * rng.randrange(1, 40)


def write_loop(vault: Vault, seq: int, rng: random.Random, *, big_blobs: bool = False) -> None:
    """Create, update, batch-save and attach, acknowledging each change after it returns."""
    mine = vault.records.ids("interview")[-50:]
    i = 0
    while True:
        i += 1
        seq += 1
        if i % 20 == 0 and mine:
            size = rng.randrange(100_000, 400_000) if big_blobs else rng.randrange(200, 8_000)
            att = vault.attach(rng.choice(mine), io.BytesIO(rng.randbytes(size)), f"附件{seq}.bin")
            say(f"A {att.id} {att.sha256}")
        elif i % 3 == 0 and mine:
            record = vault.records.get(rng.choice(mine))
            record.content = content(seq, rng)  # type: ignore[attr-defined]
            saved = vault.records.save(record)
            say(f"S {saved.id} {seq}")
        elif i % 7 == 0:
            batch = [Interview(interviewee=f"批量{seq}-{k}", content=content(seq, rng)) for k in range(3)]
            batch_lead = Lead(subject_name=f"对象{seq}", source="来信", summary=f"n={seq} 线索摘要")
            for saved in vault.records.save_many([*batch, batch_lead]):
                say(f"S {saved.id} {seq}")
                if saved.KIND == "interview":
                    mine.append(saved.id)
        else:
            saved = vault.records.save(Interview(interviewee=f"对象{seq}", content=content(seq, rng)))
            mine.append(saved.id)
            say(f"S {saved.id} {seq}")
        if len(mine) > 200:
            del mine[:100]


def main() -> int:
    mode, path, seq, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    vault = Vault.open(path, os.environ["XC_PASSPHRASE"])
    say(f"READY {time.perf_counter() - START:.3f}")
    if mode == "writes":
        write_loop(vault, seq, rng)
    elif mode == "fsize":
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        sizes = [p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()]
        limit = max(sizes) + int(os.environ.get("XC_FSIZE_EXTRA", "65536"))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
        try:
            write_loop(vault, seq, rng, big_blobs=os.environ.get("XC_BIG_BLOBS") == "1")
        except DiskFull as exc:
            say(f"DISKFULL {exc}")
        except BaseException as exc:  # anything but the typed error is what this test exists to catch
            say(f"ERROR {type(exc).__name__}: {exc}")
            return EXIT_WRONG_ERROR
        try:  # a second try after the fault must be typed too
            vault.records.save(Interview(interviewee="磁盘已满之后", content="x" * 100_000))
            say("SAVED-AFTER-FAULT")
        except DiskFull:
            say("DISKFULL-AGAIN")
        except BaseException as exc:
            say(f"ERROR {type(exc).__name__}: {exc}")
            return EXIT_WRONG_ERROR
        vault.close()
        say("CLOSED")
    elif mode == "rekey":
        start = time.perf_counter()
        vault.change_passphrase(os.environ["XC_PASSPHRASE"], os.environ["XC_NEW_PASSPHRASE"])
        say(f"DONE {time.perf_counter() - start:.3f}")
        vault.close()
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
