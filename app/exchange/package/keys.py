"""A vault's package keys: an Ed25519 signing key and an age X25519 identity, kept inside the vault.

Both are made at first need (vaults made before schema v002 have none) and stored in the
encrypted database; only the public halves ever leave it, as a *keys file* (JSON, see
docs/package-format.md) that another vault enrols with ``trust``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519

from app.exchange.package.errors import PackageError
from app.storage.keys import AGE, SIGNING, TrustedKey
from app.storage.vault import Vault

KEYS_FORMAT = "xuncha-keys"
KEYS_VERSION = 2
#: Keys files this version reads: 1 (before the key fingerprint) and 2 (which states it).
KEYS_VERSIONS = (1, 2)
MAX_KEYS_FILE = 64 * 1024
HEX64 = re.compile(r"^[0-9a-f]{64}$")
AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")
_KEY_FIELDS_V1 = frozenset({"format", "version", "vault_id", "device_id", "role", "owner", "age_recipient",
                            "signing_key", "signing_fingerprint", "age_fingerprint"})
_KEY_FIELDS = {1: _KEY_FIELDS_V1, 2: _KEY_FIELDS_V1 | {"fingerprint"}}
ROLES = ("team", "office")
ROLE_NAMES = {"team": "巡察组", "office": "巡察办"}

# Ed25519 points of small order (the 8-torsion) are exactly those whose y coordinate is one of
# these; a public key on one verifies forged signatures (docs/package-format.md, "Keys").
_P = 2**255 - 19
_Y8 = 2707385501144840649318225287225658788936804267575313519463743609750303402022
_SMALL_ORDER_Y = frozenset({0, 1, _P - 1, _Y8, _P - _Y8})


def small_order(signing_key_hex: str) -> bool:
    """True for an Ed25519 public key (canonical or not) that lies in the small-order subgroup."""
    y = int.from_bytes(bytes.fromhex(signing_key_hex), "little") & ((1 << 255) - 1)
    return y % _P in _SMALL_ORDER_Y


def fingerprint(signing_key_hex: str) -> str:
    """SHA-256 of the raw 32-byte Ed25519 public key, as 64 hex digits (the ledger's signer id)."""
    return hashlib.sha256(bytes.fromhex(signing_key_hex)).hexdigest()


def key_fingerprint(signing_key: str, age_recipient: str, vault_id: str, role: str, owner: str) -> str:
    """The fingerprint people read aloud: SHA-256 over everything a keys file asserts that matters.

    A canonical JSON array (ASCII, no spaces) of a label, the scheme number, the signing key (hex),
    the age recipient, the vault id, the role and the owner; changing any of them changes it.
    """
    data = json.dumps(["xuncha-key", 2, signing_key, age_recipient, vault_id, role, owner],
                      ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return hashlib.sha256(data).hexdigest()


def binding(key: TrustedKey) -> str:
    """The key fingerprint of a trusted (or offered) key."""
    return key_fingerprint(key.signing_key, key.age_recipient, key.vault_id, key.role, key.owner)


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
    store = vault.keys
    signing, age = store.own(SIGNING), store.own(AGE)
    if signing is None or age is None:
        with vault.transaction():
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
    info = vault.info
    return {
        "format": KEYS_FORMAT,
        "version": KEYS_VERSION,
        "vault_id": info.vault_id,
        "device_id": info.device_id,
        "role": info.role,
        "owner": info.owner,
        "age_recipient": keys.recipient,
        "signing_key": keys.signing_key,
        "signing_fingerprint": keys.fingerprint,
        "age_fingerprint": age_fingerprint(keys.recipient),
        "fingerprint": key_fingerprint(keys.signing_key, keys.recipient, info.vault_id, info.role, info.owner),
    }


def own_fingerprint(vault: Vault) -> str:
    """This vault's key fingerprint, to read aloud."""
    return str(public_document(vault)["fingerprint"])


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
    if not isinstance(doc, dict) or doc.get("format") != KEYS_FORMAT:
        raise PackageError("bad_keys", "不是巡察工作台公钥文件")
    version = doc.get("version")
    if type(version) is not int or version not in KEYS_VERSIONS:
        raise PackageError("bad_keys", "公钥文件的版本不支持")
    if set(doc) != _KEY_FIELDS[version]:
        raise PackageError("bad_keys", "字段不符")
    for name in _KEY_FIELDS[version] - {"version"}:
        if not isinstance(doc[name], str) or len(doc[name]) > 200:
            raise PackageError("bad_keys", f"字段 {name} 格式不正确")
    check_signing_key(doc["signing_key"])
    recipient = check_recipient(doc["age_recipient"])
    if doc["signing_fingerprint"] != fingerprint(doc["signing_key"]) or \
            doc["age_fingerprint"] != age_fingerprint(recipient):
        raise PackageError("bad_keys", "指纹与公钥不符")
    if doc["role"] not in ROLES:
        raise PackageError("bad_keys", "角色不正确")
    key = TrustedKey(doc["signing_fingerprint"], doc["signing_key"], recipient, doc["vault_id"], doc["device_id"],
                     doc["role"], doc["owner"])
    if version >= 2 and doc["fingerprint"] != binding(key):
        raise PackageError("bad_keys", "指纹与公钥不符")
    return key


def check_signing_key(signing_key: str) -> None:
    """A usable Ed25519 public key: 64 hex digits, a valid point, not of small order."""
    if not HEX64.match(signing_key):
        raise PackageError("bad_keys", "签名公钥格式不正确")
    if small_order(signing_key):
        raise PackageError("weak_key")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(signing_key))
    except ValueError as exc:
        raise PackageError("bad_keys", "签名公钥无效") from exc


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


@dataclass(frozen=True)
class TrustOutcome:
    """What ``trust`` did: ``added`` (new), ``confirmed`` (an old-scheme key confirmed again),
    ``replaced`` (a changed key, after the person confirmed its new fingerprint), ``unchanged``."""

    action: str
    key: TrustedKey
    previous: TrustedKey | None = None


def trust(vault: Vault, key: TrustedKey, *, confirm: str | None = None, role: str | None = None) -> TrustOutcome:
    """Enrol ``key`` in this vault's trusted keys.

    ``confirm`` is the key fingerprint the person heard from the key's owner (at least the 32 hex
    digits read aloud); when given it must match. ``role``, when given, is the role the person
    expects (``team``/``office``) and must be the key's. A keys file that differs from what is
    trusted for the same signing key (another age recipient, vault, role or owner) is refused
    (``key_changed``) unless ``confirm`` names its new fingerprint: never a silent replacement
    (docs/package-format.md, "Keys").
    """
    outcome = plan_trust(vault, key, confirm=confirm, role=role)
    if outcome.action != "unchanged":
        with vault.transaction():
            apply_trust(vault, outcome)
    return outcome


def plan_trust(vault: Vault, key: TrustedKey, *, confirm: str | None = None, role: str | None = None) -> TrustOutcome:
    """:func:`trust`'s checks, writing nothing: what trusting ``key`` would do (its refusal raised).
    :func:`apply_trust` then writes it inside the caller's transaction (``trust --by-owner`` enrols
    a folder of keys files, and each team's key fingerprint, in one)."""
    own = vault.keys.own(SIGNING)  # read, not made: a refusal must change nothing
    if own is not None and key.signing_key == own.public:
        raise PackageError("own_keys")
    new_fpr = binding(key)
    if confirm is not None and not matches(new_fpr, normalise_fingerprint(confirm)):
        raise PackageError("fingerprint_mismatch", f"文件中的指纹为 {display(new_fpr)}")
    if role is not None and role != key.role:
        raise PackageError("role_mismatch", f"文件中的角色为{ROLE_NAMES.get(key.role, key.role)}")
    known = vault.keys.trusted(key.signing_key)
    if known is not None and binding(known) != new_fpr and confirm is None:
        raise PackageError("key_changed", f"已信任的指纹 {display(binding(known))}，文件中的指纹 {display(new_fpr)}；"
                                          "核实后用 --confirm 新指纹 重新信任")
    if known is not None and binding(known) == new_fpr and known.verified:
        return TrustOutcome("unchanged", known)
    action = "added" if known is None else "confirmed" if binding(known) == new_fpr else "replaced"
    return TrustOutcome(action, dataclasses.replace(key, verified=True), known)


def apply_trust(vault: Vault, outcome: TrustOutcome) -> None:
    """Store what :func:`plan_trust` decided, with its journal entry, in the caller's transaction."""
    if outcome.action == "unchanged":
        return
    key, known = outcome.key, outcome.previous
    vault.keys.put_trusted(key)
    detail = {"fingerprint": binding(key), "signing_fingerprint": key.fingerprint, "device_id": key.device_id,
              "vault_id": key.vault_id, "role": key.role, "owner": key.owner}
    if outcome.action == "replaced" and known is not None:
        detail |= {"previous_fingerprint": binding(known), "previous_age_recipient": known.age_recipient,
                   "previous_role": known.role, "previous_owner": known.owner}
    vault.journal.append({"added": "trust-key", "confirmed": "reverify-key", "replaced": "replace-key"}[outcome.action],
                         detail)


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
    trusted = vault.keys.all_trusted()
    out = []
    for text in fingerprints:
        given = normalise_fingerprint(text)
        found = [k for k in trusted if matches(binding(k), given) or matches(k.fingerprint, given)]
        if len(found) != 1:
            raise PackageError("unknown_key", text.strip()[:80] if not found else "指纹不唯一，请多给几位")
        if not found[0].verified:
            raise PackageError("key_unverified", f"{found[0].owner or '未署名'}，指纹 {display(binding(found[0]))}")
        out.append(Recipient(found[0].age_recipient, found[0]))
    return out


def key_from_source(source: dict[str, Any]) -> TrustedKey:
    """The signing vault's public keys as a manifest's ``source`` names them (schema-checked)."""
    return TrustedKey(source["signing_fingerprint"], source["signing_key"], source["age_recipient"],
                      source["vault_id"], source["device_id"], source["role"], source["owner"])


def source_matches(trusted: TrustedKey, source: dict[str, Any]) -> bool:
    """A package's signed ``source`` says what was trusted for its key (the device may differ: a
    backup copy of a vault has a device id of its own and the same keys)."""
    return binding(trusted) == binding(key_from_source(source))


def verify_signature(signing_key_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(signing_key_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
