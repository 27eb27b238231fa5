"""Package helpers for the tests: a package changed and signed again, as an insider could make it."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519

from app.exchange.package import device_keys, public_document
from app.exchange.package import format as fmt
from app.exchange.package.verify import decrypt
from app.storage.vault import Vault

Change = Callable[[dict[str, Any], list[dict[str, Any]], dict[str, bytes]], None]


def reseal(path: Path, reader: Vault, signer: Vault,
           change: Change) -> bytes:
    """The version 2 package at ``path`` (readable by ``reader``) changed by ``change(manifest,
    record lines, entries)`` and signed again by ``signer``: authentic, from a trusted key."""
    with zipfile.ZipFile(io.BytesIO(decrypt(path, device_keys(reader).identity))) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(entries["manifest.json"])
    lines = [json.loads(line) for line in entries["records.jsonl"].splitlines()]
    change(manifest, lines, entries)
    records = b"".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
                       for line in lines)
    entries["records.jsonl"] = records
    for f in manifest["files"]:
        if f["name"] == "records.jsonl":
            f["sha256"], f["size"] = hashlib.sha256(records).hexdigest(), len(records)
    manifest["counts"]["writes"] = len(lines)
    data = fmt.canonical_manifest(manifest)
    keys = device_keys(signer)
    entries["manifest.json"], entries["manifest.sig"] = data, bytes.fromhex(keys.signing_key) + keys.sign(data)
    order = ["manifest.sig", "manifest.json", "records.jsonl"] + [f["name"] for f in manifest["files"][1:]]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in order:
            zf.writestr(name, entries[name])
    return pyrage.encrypt(buf.getvalue(), [x25519.Recipient.from_str(public_document(reader)["age_recipient"])])
