"""A vault's package keys: an Ed25519 signing key and an age X25519 identity, kept inside the vault.

Both are made at first need (vaults made before schema v002 have none) and stored in the
encrypted database; only the public halves ever leave it, as a *keys file* (JSON, see
docs/package-format.md) that another vault enrols with ``trust``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519

from app.export.package.errors import PackageError
from app.storage.connection import transaction
from app.storage.keys import AGE, SIGNING, KeyStore, TrustedKey
from app.storage.vault import Vault

KEYS_FORMAT = "xuncha-keys"
KEYS_VERSION = 1
MAX_KEYS_FILE = 64 * 1024
HEX64 = re.compile(r"^[0-9a-f]{64}$")
AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")
_KEY_FIELDS = {"format", "version", "vault_id", "device_id", "role", "owner", "age_recipient", "signing_key",
               "signing_fingerprint", "age_fingerprint"}


def fingerprint(signing_key_hex: str) -> str:
    """SHA-256 of the raw 32-byte Ed25519 public key, as 64 hex digits."""
    return hashlib.sha256(bytes.fromhex(signing_key_hex)).hexdigest()


def age_fingerprint(recipient: str) -> str:
    return hashlib.sha256(recipient.encode("ascii")).hexdigest()


def display(fpr: str) -> str:
    """The first 128 bits in groups of four, to read aloud and compare: ``3f2a 91c0 …``."""
    return " ".join(fpr[i:i + 4] for i in range(0, 32, 4))


@dataclass(frozen=True)
class DeviceKeys:
    """This vault's keys, unlocked."""

    signing: Ed25519PrivateKey
    signing_key: str  # public, hex
    identity: x25519.Identity
    recipient: str  # age1…

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_key)

    def sign(self, data: bytes) -> bytes:
        return self.signing.sign(data)


def device_keys(vault: Vault) -> DeviceKeys:
    """This vault's keys, made and stored (one transaction) the first time they are needed."""
    store = KeyStore(vault.con)
    signing, age = store.own(SIGNING), store.own(AGE)
    if signing is None or age is None:
        with transaction(vault.con):
            if store.own(SIGNING) is None:
                private = Ed25519PrivateKey.generate()
                store.put_own(SIGNING, private.private_bytes_raw().hex(), private.public_key().public_bytes_raw().hex())
            if store.own(AGE) is None:
                ident = x25519.Identity.generate()
                store.put_own(AGE, str(ident), str(ident.to_public()))
            vault.journal.append("create-keys", {})
        signing, age = store.own(SIGNING), store.own(AGE)
    assert signing is not None and age is not None
    return DeviceKeys(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(signing.secret)), signing.public,
                      x25519.Identity.from_str(age.secret), age.public)


def public_document(vault: Vault) -> dict[str, Any]:
    """The keys file ``keys`` writes: everything another vault needs to trust this one."""
    keys = device_keys(vault)
    return {
        "format": KEYS_FORMAT,
        "version": KEYS_VERSION,
        "vault_id": vault.info.vault_id,
        "device_id": vault.info.device_id,
        "role": vault.info.role,
        "owner": vault.info.owner,
        "age_recipient": keys.recipient,
        "signing_key": keys.signing_key,
        "signing_fingerprint": keys.fingerprint,
        "age_fingerprint": age_fingerprint(keys.recipient),
    }


def check_recipient(text: str) -> str:
    if not AGE_RECIPIENT.match(text):
        raise PackageError("bad_keys", f"不是有效的 age 接收方：{text[:20]}")
    try:
        x25519.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError) as exc:
        raise PackageError("bad_keys", f"不是有效的 age 接收方：{text[:20]}") from exc
    return text


def parse_key_document(doc: object) -> TrustedKey:
    """Check a keys document strictly: fields, types, and that the fingerprints match the keys."""
    if not isinstance(doc, dict) or set(doc) != _KEY_FIELDS:
        raise PackageError("bad_keys", "字段不符")
    if doc["format"] != KEYS_FORMAT or doc["version"] != KEYS_VERSION:
        raise PackageError("bad_keys", "不是巡察工作台公钥文件，或版本不支持")
    for name in _KEY_FIELDS - {"version"}:
        if not isinstance(doc[name], str) or len(doc[name]) > 200:
            raise PackageError("bad_keys", f"字段 {name} 格式不正确")
    if not HEX64.match(doc["signing_key"]):
        raise PackageError("bad_keys", "签名公钥格式不正确")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(doc["signing_key"]))
    except ValueError as exc:
        raise PackageError("bad_keys", "签名公钥无效") from exc
    recipient = check_recipient(doc["age_recipient"])
    if doc["signing_fingerprint"] != fingerprint(doc["signing_key"]) or \
            doc["age_fingerprint"] != age_fingerprint(recipient):
        raise PackageError("bad_keys", "指纹与公钥不符")
    if doc["role"] not in ("team", "office"):
        raise PackageError("bad_keys", "角色不正确")
    return TrustedKey(doc["signing_fingerprint"], doc["signing_key"], recipient, doc["vault_id"], doc["device_id"],
                      doc["role"], doc["owner"])


@dataclass(frozen=True)
class Recipient:
    """One recipient of a package: a vault's keys, or a plain age recipient (escrow)."""

    age_recipient: str
    key: TrustedKey | None = None

    def manifest_entry(self) -> dict[str, str]:
        if self.key is None:
            return {"age_recipient": self.age_recipient}
        return {"age_recipient": self.age_recipient, "vault_id": self.key.vault_id, "device_id": self.key.device_id,
                "role": self.key.role, "owner": self.key.owner, "signing_fingerprint": self.key.fingerprint}


def parse_recipients(data: bytes) -> list[Recipient]:
    """A --for file: keys documents (JSON, as ``keys`` writes them) and plain ``age1…`` lines, mixed.

    Blank lines and ``#`` comments are skipped (so ``age-keygen -y`` output and the comment
    lines ``age-keygen`` writes are fine). A secret key anywhere is refused.
    """
    if len(data) > MAX_KEYS_FILE:
        raise PackageError("bad_keys", "文件过大")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError("bad_keys", "不是 UTF-8 文本") from exc
    if "AGE-SECRET-KEY-" in text.upper():
        raise PackageError("private_key")
    decoder = json.JSONDecoder()
    out: list[Recipient] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        if text[pos] == "{":
            try:
                doc, pos = decoder.raw_decode(text, pos)
            except (ValueError, RecursionError) as exc:
                raise PackageError("bad_keys", "JSON 格式不正确") from exc
            key = parse_key_document(doc)
            out.append(Recipient(key.age_recipient, key))
            continue
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].strip()
        pos = end
        if line.startswith("#"):
            continue
        out.append(Recipient(check_recipient(line)))
    seen: set[str] = set()
    unique = [r for r in out if not (r.age_recipient in seen or seen.add(r.age_recipient))]  # type: ignore[func-returns-value]
    if not unique:
        raise PackageError("no_recipients")
    return unique


def load_key_file(data: bytes) -> TrustedKey:
    """A file for ``trust``: exactly one keys document."""
    recipients = parse_recipients(data)
    keys = [r.key for r in recipients if r.key is not None]
    if len(keys) != 1 or len(recipients) != 1:
        raise PackageError("bad_keys", "应恰好包含一份 keys 命令导出的公钥")
    return keys[0]


def trust(vault: Vault, key: TrustedKey) -> bool:
    """Enrol ``key`` in this vault's trusted keys; False when it was already trusted."""
    if key.signing_key == device_keys(vault).signing_key:
        raise PackageError("own_keys")
    store = KeyStore(vault.con)
    with transaction(vault.con):
        added = store.put_trusted(key)
        if added:
            vault.journal.append("trust-key", {"fingerprint": key.fingerprint, "device_id": key.device_id,
                                               "vault_id": key.vault_id, "role": key.role, "owner": key.owner})
    return added


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as a person types it (``d28b 0cbc …``): at least the 32 hex digits shown."""
    cleaned = "".join(text.split()).lower()
    if not re.fullmatch(r"[0-9a-f]{32,64}", cleaned):
        raise PackageError("bad_fingerprint", text[:80])
    return cleaned


def matches(fpr: str, given: str) -> bool:
    """True when ``given`` (normalised) is the start of the full fingerprint ``fpr``."""
    return fpr.startswith(given)


def recipients_from_trusted(vault: Vault, fingerprints: list[str]) -> list[Recipient]:
    """Recipients named by the fingerprints of keys this vault trusts (``export --for-key``)."""
    trusted = KeyStore(vault.con).all_trusted()
    out = []
    for text in fingerprints:
        given = normalise_fingerprint(text)
        found = [k for k in trusted if matches(k.fingerprint, given)]
        if len(found) != 1:
            raise PackageError("unknown_key", text.strip()[:80] if not found else "指纹不唯一，请多给几位")
        out.append(Recipient(found[0].age_recipient, found[0]))
    return out


def key_from_source(source: dict[str, Any]) -> TrustedKey:
    """The signing vault's public keys as a manifest's ``source`` names them (schema-checked)."""
    return TrustedKey(source["signing_fingerprint"], source["signing_key"], source["age_recipient"],
                      source["vault_id"], source["device_id"], source["role"], source["owner"])


def verify_signature(signing_key_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(signing_key_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
