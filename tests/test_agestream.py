"""The streaming age decryptor (app/exchange/package/agestream.py): interoperability with the age CLI
and pyrage, every refusal with its reason, no plaintext of a bad chunk, bounded memory."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pyrage import x25519

from app.exchange.package.agestream import (
    CHUNK,
    ENC_CHUNK,
    AgeError,
    AgeReader,
    AgeWriter,
    bech32_decode,
    bech32_encode,
    parse_identity,
    recipient_of,
)

MiB = 1 << 20
HAS_AGE = shutil.which("age") is not None and shutil.which("age-keygen") is not None
needs_age = pytest.mark.skipif(not HAS_AGE, reason="the age CLI is not installed (scripts/install-system-deps)")
SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536, 1_000_003]


@pytest.fixture(scope="module")
def me() -> x25519.Identity:
    return x25519.Identity.generate()


def pub(identity: x25519.Identity) -> bytes:
    return bech32_decode(str(identity.to_public()), "age")


def drain(data: bytes, identity: str, bufsize: int = MiB) -> tuple[bytes, AgeError | None]:
    """Everything the reader hands over, and the error that ended it (None at a clean end of file)."""
    out = bytearray()
    try:
        reader = AgeReader(io.BytesIO(data), identity)
        buf = bytearray(bufsize)
        while n := reader.readinto(buf):
            out += buf[:n]
    except AgeError as exc:
        return bytes(out), exc
    return bytes(out), None


def refusal(data: bytes, identity: str) -> str:
    got, err = drain(data, identity)
    assert err is not None, "accepted"
    return err.reason


# --- a small age encryptor, to build files that are wrong in exactly one way ---------------------------


def b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def stanza(head: bytes, body: bytes) -> bytes:
    text = b64(body)
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append(b"")  # a body always ends with a short line, maybe empty
    return b"-> " + head + b"\n" + b"\n".join(lines) + b"\n"


def x25519_stanza(file_key: bytes, recipient: bytes, *, share: bytes | None = None) -> bytes:
    eph = X25519PrivateKey.generate()
    share = share or eph.public_key().public_bytes_raw()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient))
    body = ChaCha20Poly1305(hkdf(shared, share + recipient, b"age-encryption.org/v1/X25519")).encrypt(
        bytes(12), file_key, None)
    return stanza(b"X25519 " + b64(share), body)


def header(file_key: bytes, stanzas: list[bytes], *, mac_text: bytes | None = None) -> bytes:
    pre = b"age-encryption.org/v1\n" + b"".join(stanzas) + b"---"
    mac = hmac.new(hkdf(file_key, b"", b"header"), pre, hashlib.sha256).digest()
    return pre + b" " + (mac_text if mac_text is not None else b64(mac)) + b"\n"


def payload(file_key: bytes, chunks: list[bytes]) -> bytes:
    """``chunks`` encrypted as given: the last one is marked final, whatever its size."""
    nonce = os.urandom(16)
    aead = ChaCha20Poly1305(hkdf(file_key, nonce, b"payload"))
    return nonce + b"".join(aead.encrypt(i.to_bytes(11, "big") + bytes([i == len(chunks) - 1]), c, None)
                            for i, c in enumerate(chunks))


def chunks_of(plain: bytes) -> list[bytes]:
    return [plain[i:i + CHUNK] for i in range(0, len(plain), CHUNK)] or [b""]


def build(plain: bytes, recipient: bytes, *, extra: list[bytes] | None = None) -> bytes:
    key = os.urandom(16)
    return header(key, [x25519_stanza(key, recipient), *(extra or [])]) + payload(key, chunks_of(plain))


def header_end(data: bytes) -> int:
    return data.index(b"\n", data.index(b"\n---") + 1) + 1


# --- keys ------------------------------------------------------------------------------------------------


def test_identity_encodes_to_pyrages_recipient() -> None:
    for _ in range(20):
        ident = x25519.Identity.generate()
        assert recipient_of(parse_identity(str(ident))) == str(ident.to_public())
        assert bech32_encode("AGE-SECRET-KEY-", bech32_decode(str(ident), "AGE-SECRET-KEY-")) == str(ident)


@needs_age
def test_identity_from_age_keygen(tmp_path: Path) -> None:
    subprocess.run(["age-keygen", "-o", str(tmp_path / "k")], check=True, capture_output=True)
    secret = next(line for line in (tmp_path / "k").read_text().splitlines() if line.startswith("AGE-SECRET"))
    public = subprocess.run(["age-keygen", "-y", str(tmp_path / "k")], check=True, capture_output=True,
                            text=True).stdout.strip()
    assert recipient_of(parse_identity(secret)) == public


def test_bad_identities_are_refused(me: x25519.Identity) -> None:
    good = str(me)
    last = good[-1]
    for bad in [good[:-1] + ("Q" if last != "Q" else "P"),  # checksum
                good.lower(),  # identities are upper case
                good[:20] + good[20:].lower(),  # mixed case
                str(me.to_public()),  # a recipient is not an identity
                good.replace("AGE-SECRET-KEY-1", "AGE-SECRET-KEY-2"),
                bech32_encode("AGE-SECRET-KEY-", bytes(31)),  # wrong length
                good + "Q", "", "AGE-SECRET-KEY-1"]:
        with pytest.raises(ValueError):
            parse_identity(bad)


# --- interoperability ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_pyrage_files_decrypt_identically(me: x25519.Identity, size: int) -> None:
    plain = os.urandom(size)
    data = pyrage.encrypt(plain, [me.to_public()])
    assert b"-grease" in data[:header_end(data)]  # rage adds a stanza of another type, ignored
    for bufsize in (MiB, 1000, CHUNK):
        assert drain(data, str(me), bufsize) == (plain, None)
    reader = AgeReader(io.BytesIO(data), str(me))
    assert reader.read() == plain and reader.read(10) == b"" and reader.bytes_read == len(data)


@needs_age
def test_age_cli_files_decrypt_identically(tmp_path: Path, me: x25519.Identity) -> None:
    others = [x25519.Identity.generate() for _ in range(2)]
    for size in SIZES:
        plain = os.urandom(size)
        (tmp_path / "p").write_bytes(plain)
        subprocess.run(["age", "-r", str(me.to_public()), "-o", str(tmp_path / "c"), str(tmp_path / "p")],
                       check=True)
        assert drain((tmp_path / "c").read_bytes(), str(me)) == (plain, None), size
        # Ours the second of three recipients.
        subprocess.run(["age", "-r", str(others[0].to_public()), "-r", str(me.to_public()),
                        "-r", str(others[1].to_public()), "-o", str(tmp_path / "m"), str(tmp_path / "p")],
                       check=True)
        data = (tmp_path / "m").read_bytes()
        assert data[:header_end(data)].count(b"-> X25519 ") == 3
        assert drain(data, str(me)) == (plain, None), size
        assert refusal(data, str(x25519.Identity.generate())) == "not_for_us"


def test_pyrage_three_recipients_ours_second(me: x25519.Identity) -> None:
    plain = os.urandom(200_000)
    others = [x25519.Identity.generate() for _ in range(2)]
    data = pyrage.encrypt(plain, [others[0].to_public(), me.to_public(), others[1].to_public()])
    assert drain(data, str(me)) == (plain, None)
    assert drain(data, str(others[1])) == (plain, None)


def test_our_encoder_agrees_with_pyrage(me: x25519.Identity) -> None:
    """The test-side encryptor below makes files pyrage reads, so its refusals test real age."""
    plain = os.urandom(3 * CHUNK + 5)
    data = build(plain, pub(me))
    assert pyrage.decrypt(data, [me]) == plain
    assert drain(data, str(me)) == (plain, None)


# --- the header -------------------------------------------------------------------------------------------


def test_wrong_identity_is_not_for_us_and_stops_early(me: x25519.Identity) -> None:
    data = pyrage.encrypt(os.urandom(5 * MiB), [me.to_public()])
    raw = io.BytesIO(data)
    with pytest.raises(AgeError) as err:
        AgeReader(raw, str(x25519.Identity.generate()))
    assert err.value.reason == "not_for_us"
    assert raw.tell() <= 4096 + 16  # refused from the first few KiB


def test_not_age(me: x25519.Identity) -> None:
    for data in [b"", b"PK\x03\x04" + bytes(5000), b"age-encryption.org/v2\n" + bytes(100),
                 b"age-encryption.org/v1234\n-> X25519 a\n"]:
        assert refusal(data, str(me)) == "not_age"


def test_truncation_anywhere_in_the_header_or_nonce(me: x25519.Identity) -> None:
    data = pyrage.encrypt(os.urandom(1000), [me.to_public()])
    end = header_end(data) + 16
    for cut in range(1, end):
        assert refusal(data[:cut], str(me)) == "damaged", cut


def test_header_bit_flips_are_refused(me: x25519.Identity) -> None:
    data = pyrage.encrypt(os.urandom(100), [me.to_public()])
    end = header_end(data)
    grease = data.index(b"-grease")
    mac_line = data.index(b"\n---") + 1
    for pos in range(end):
        for bit in (0x01, 0x20):
            bad = bytearray(data)
            bad[pos] ^= bit
            reason = refusal(bytes(bad), str(me))
            if pos < 22:
                assert reason == "not_age", pos
            elif grease <= pos < mac_line:
                # Only the header MAC protects a stanza of another type.
                assert reason in ("damaged", "bad_header"), (pos, reason)
            elif pos >= mac_line + 4:
                assert reason in ("damaged", "bad_header"), (pos, reason)


def test_flip_in_share_or_body_is_not_for_us(me: x25519.Identity) -> None:
    key = os.urandom(16)
    hdr = header(key, [x25519_stanza(key, pub(me))])
    share_at, body_at = hdr.index(b"X25519 ") + 7, hdr.index(b"\n", hdr.index(b"X25519 ")) + 1
    for pos in (share_at, share_at + 20, body_at, body_at + 30):
        bad = bytearray(hdr + payload(key, [b"x"]))
        bad[pos] = ord("A") if bad[pos] != ord("A") else ord("B")
        assert refusal(bytes(bad), str(me)) == "not_for_us"


def test_nonce_flip_returns_nothing(me: x25519.Identity) -> None:
    plain = os.urandom(3 * CHUNK)
    data = bytearray(pyrage.encrypt(plain, [me.to_public()]))
    data[header_end(data) + 7] ^= 0x40
    got, err = drain(bytes(data), str(me))
    assert got == b"" and err is not None and err.reason == "damaged"


def test_limits_on_stanzas(me: x25519.Identity) -> None:
    key = os.urandom(16)
    others = [pub(x25519.Identity.generate()) for _ in range(4)]
    grease = stanza(b"x-grease a b", os.urandom(40))
    plain = os.urandom(100)
    # Four X25519 stanzas (ours last) and a grease stanza: accepted.
    ok = header(key, [*[x25519_stanza(key, r) for r in others[:3]], grease, x25519_stanza(key, pub(me))])
    assert drain(ok + payload(key, [plain]), str(me)) == (plain, None)
    five = header(key, [x25519_stanza(key, pub(me)), *[x25519_stanza(key, r) for r in others]])
    assert refusal(five + payload(key, [plain]), str(me)) == "too_many_recipients"
    six = header(key, [x25519_stanza(key, pub(me)), grease, grease, grease, grease, grease])
    assert refusal(six + payload(key, [plain]), str(me)) == "too_many_recipients"
    scrypt = header(key, [x25519_stanza(key, pub(me)), stanza(b"scrypt " + b64(os.urandom(16)) + b" 10",
                                                               os.urandom(32))])
    assert refusal(scrypt + payload(key, [plain]), str(me)) == "bad_header"


def test_header_over_4096_bytes(me: x25519.Identity) -> None:
    key = os.urandom(16)
    big = header(key, [x25519_stanza(key, pub(me)), stanza(b"big", os.urandom(3000))])
    assert 4096 < len(big) < 8192
    data = big + payload(key, [b"hello"])
    assert refusal(data, str(me)) == "header_too_large"
    reader = AgeReader(io.BytesIO(data), str(me), max_header=8192)  # it is the limit, not the syntax
    assert reader.read() == b"hello"


def test_malformed_headers_with_valid_macs(me: x25519.Identity) -> None:
    """Each header has a correct MAC, so only the parser can refuse it."""
    key = os.urandom(16)
    good = x25519_stanza(key, pub(me))
    head, share, body = good.split(b"\n")[0], good.split(b" ")[2].split(b"\n")[0], good.split(b"\n")[1]
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def next_char(text: bytes) -> bytes:  # the same value with a non-zero spare bit: not canonical
        return text[:-1] + bytes([alphabet[alphabet.index(text[-1]) + 1]])

    assert alphabet.index(share[-1]) % 4 == 0 and alphabet.index(body[-1]) % 4 == 0
    cases = {
        "share not canonical": good.replace(share, next_char(share)),
        "body not canonical": good.replace(body, next_char(body)),
        "padding": good.replace(body, body + b"="),
        "CRLF": good.replace(b"\n", b"\r\n"),
        "short share": good.replace(share, b64(bytes(31))),
        "long share": good.replace(share, b64(os.urandom(33))),
        "extra argument": good.replace(head, head + b" x"),
        "empty argument": good.replace(b"X25519 ", b"X25519  "),
        "no argument": good.replace(head, b"-> X25519"),
        "no type": good.replace(head, b"->"),
        "bad start": good.replace(b"-> ", b"->> "),
        "body too long": stanza(b"X25519 " + share, os.urandom(48)),
        "line too long": good + b"-> grease\n" + b64(os.urandom(51)) + b"\n\n",  # 68 columns
        "missing final line": good + b"-> grease\n" + b64(os.urandom(48)) + b"\n",
        "invalid character": good + b"-> gr\x7fase\n\n",
        "low-order share": stanza(b"X25519 " + b64(bytes(32)), os.urandom(32)),
    }
    for name, text in cases.items():
        data = header(key, [text]) + payload(key, [b"x"])
        assert refusal(data, str(me)) == "bad_header", name
    for mac_text in [b"", b"A" * 42, b"A" * 44, b"====", b64(bytes(31))]:
        assert refusal(header(key, [good], mac_text=mac_text) + payload(key, [b"x"]), str(me)) == "bad_header"
    mac = header(key, [good]).split(b" ")[-1].strip()
    assert refusal(header(key, [good], mac_text=next_char(mac)) + payload(key, [b"x"]), str(me)) == "bad_header"
    assert refusal(header(key, [good], mac_text=mac + b" ") + payload(key, [b"x"]), str(me)) == "bad_header"
    # The same layouts, well formed: accepted (the cases above fail for the reason they name).
    assert drain(header(key, [good, b"-> grease\n" + b64(bytes(48)) + b"\n\n"]) + payload(key, [b"x"]),
                 str(me)) == (b"x", None)


def test_random_damage_raises_only_age_errors(me: x25519.Identity) -> None:
    """Hostile input: bytes flipped, dropped, inserted or cut anywhere, each time an AgeError and
    never another exception, never a success."""
    plain = os.urandom(CHUNK + 300)
    data = pyrage.encrypt(plain, [me.to_public()])
    rng = random.Random(3)
    seen = set()
    for _ in range(3000):
        bad = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            if not bad:
                break
            pos = rng.randrange(len(bad)) if rng.random() < 0.3 else rng.randrange(min(len(bad), 400))
            op = rng.randrange(4)
            if op == 0:
                bad[pos] ^= 1 << rng.randrange(8)
            elif op == 1:
                del bad[pos:pos + rng.randint(1, 20)]
            elif op == 2:
                bad[pos:pos] = bytes([rng.choice(b" \n-=>Aa0/+\x00\xff")]) * rng.randint(1, 3)
            else:
                del bad[pos:]
        if bytes(bad) == data:
            continue
        got, err = drain(bytes(bad), str(me), 5000)
        assert err is not None and plain.startswith(got)
        seen.add(err.reason)
    assert seen >= {"not_age", "bad_header", "not_for_us", "damaged"}


# --- the payload ------------------------------------------------------------------------------------------


def test_truncation_in_the_payload(me: x25519.Identity) -> None:
    plain = os.urandom(3 * CHUNK + 100)
    data = pyrage.encrypt(plain, [me.to_public()])
    start = header_end(data) + 16
    assert len(data) == start + 3 * ENC_CHUNK + 116
    cuts = {start + k * ENC_CHUNK + d for k in range(4) for d in (-1, 0, 1)} | {len(data) - i for i in range(1, 18)}
    for cut in sorted(cuts):
        got, err = drain(data[:cut], str(me))
        assert err is not None and err.reason == "damaged", cut
        # Only whole chunks with at least one byte after them: a chunk is never handed over before
        # the reader knows from the next byte that it is not the last.
        assert got == plain[:CHUNK * max(0, (cut - start - 1) // ENC_CHUNK)], cut


def test_a_bad_chunk_is_never_handed_over(me: x25519.Identity) -> None:
    plain = os.urandom(4 * CHUNK + 500)
    data = pyrage.encrypt(plain, [me.to_public()])
    start = header_end(data) + 16
    for i in range(5):
        for where in (5, min(ENC_CHUNK, len(data) - start - i * ENC_CHUNK) - 1):  # the data, the tag
            bad = bytearray(data)
            bad[start + i * ENC_CHUNK + where] ^= 0x10
            for bufsize in (MiB, 4096):
                got, err = drain(bytes(bad), str(me), bufsize)
                assert err is not None and err.reason == "damaged"
                assert got == plain[:i * CHUNK], (i, where, bufsize)


def test_the_error_sticks(me: x25519.Identity) -> None:
    data = bytearray(pyrage.encrypt(os.urandom(2 * CHUNK), [me.to_public()]))
    data[-3] ^= 1
    reader = AgeReader(io.BytesIO(bytes(data)), str(me))
    assert len(reader.read(3 * CHUNK)) == CHUNK  # the good chunk, then the error on the next call
    for _ in range(2):
        with pytest.raises(AgeError):
            reader.read(10)


def test_no_unauthenticated_plaintext_stays_in_memory(me: x25519.Identity) -> None:
    """ChaCha20Poly1305.decrypt_into writes the plaintext before it checks the tag: a chunk whose
    tag alone is wrong must not stay in the reader's buffer (white box: looks at ``_out``)."""
    plain = os.urandom(3 * CHUNK)
    data = bytearray(pyrage.encrypt(plain, [me.to_public()]))
    data[header_end(data) + 16 + 2 * ENC_CHUNK - 1] ^= 1  # the tag of chunk 1
    reader = AgeReader(io.BytesIO(bytes(data)), str(me))
    assert reader.read(CHUNK) == plain[:CHUNK]
    with pytest.raises(AgeError):
        reader.read(CHUNK)
    assert plain[CHUNK:CHUNK + 64] not in bytes(reader._out)
    reader.close()
    assert not any(reader._out)


@pytest.mark.parametrize("size", [100, CHUNK, 2 * CHUNK + 7])
def test_bytes_after_the_final_chunk(me: x25519.Identity, size: int) -> None:
    plain = os.urandom(size)
    data = pyrage.encrypt(plain, [me.to_public()])
    full_before = (size - 1) // CHUNK
    for extra in (b"\x00", os.urandom(17), os.urandom(ENC_CHUNK)):
        got, err = drain(data + extra, str(me))
        assert err is not None and err.reason == "damaged"
        assert got == plain[:CHUNK * full_before]  # never the final chunk


def test_empty_final_chunk(me: x25519.Identity) -> None:
    key = os.urandom(16)
    hdr = header(key, [x25519_stanza(key, pub(me))])
    assert drain(hdr + payload(key, [b""]), str(me)) == (b"", None)  # an empty payload: one empty chunk
    first = os.urandom(CHUNK)
    got, err = drain(hdr + payload(key, [first, b""]), str(me))
    assert err is not None and err.reason == "damaged" and got == first
    assert refusal(hdr + payload(key, [])[:16], str(me)) == "damaged"  # no chunk at all
    # A short chunk that is not marked final, or a final one followed by another: refused.
    nonce = os.urandom(16)
    aead = ChaCha20Poly1305(hkdf(key, nonce, b"payload"))
    not_final = nonce + aead.encrypt(bytes(12), b"short", None)
    assert refusal(hdr + not_final, str(me)) == "damaged"
    final = aead.encrypt(bytes(11) + b"\x01", first, None)
    got, err = drain(hdr + nonce + final + aead.encrypt((1).to_bytes(11, "big") + b"\x01", b"more", None),
                     str(me))
    assert err is not None and got == b""


# --- the age testkit (C2SP/CCTV, age/testdata) -------------------------------------------------------------

# The vectors are not kept in this repository: a copy of CCTV's age/testdata is looked for in
# $XUNCHA_AGE_TESTKIT, else in shared/age-testkit beside the repository's folder.
_BESIDE = Path(__file__).resolve().parent.parent.parent / "shared" / "age-testkit"
TESTKIT = os.environ.get("XUNCHA_AGE_TESTKIT") or (str(_BESIDE) if _BESIDE.is_dir() else "")


def _testkit_vectors() -> list[Path]:
    return sorted(p for p in Path(TESTKIT).iterdir() if p.is_file()) if TESTKIT else []


@pytest.mark.skipif(not TESTKIT, reason="no copy of the age testkit (C2SP/CCTV age/testdata): set "
                                         "XUNCHA_AGE_TESTKIT or put it in shared/age-testkit beside the repository")
def test_age_testkit() -> None:
    ran = 0
    for path in _testkit_vectors():
        raw = path.read_bytes()
        meta_text, _, body = raw.partition(b"\n\n")
        meta: dict[str, list[str]] = {}
        for line in meta_text.decode().splitlines():
            name, _, value = line.partition(": ")
            meta.setdefault(name, []).append(value)
        if meta.get("compressed") == ["zlib"]:
            body = zlib.decompress(body)
        # Not our format, filtered out on purpose: armored files (a package is binary age),
        # passphrase (scrypt) and post-quantum hybrid identities (a package uses X25519 only).
        # A vector needing one of those to succeed would wrongly fail here; one that only has such
        # an identity besides an X25519 one is kept (it must fail for us too, and does).
        if meta.get("armored") == ["yes"]:
            continue
        ours = [i for i in meta.get("identity", []) if i.startswith("AGE-SECRET-KEY-1")]
        if not ours and meta.get("identity", []) + meta.get("passphrase", []):
            continue
        identity = ours[0] if ours else str(x25519.Identity.generate())
        expect = meta["expect"][0]
        stage, got, err = "header", b"", None
        try:
            reader = AgeReader(io.BytesIO(body), identity)
            stage = "payload"
            got = reader.read()
        except AgeError as exc:
            err = exc
        if expect == "success":
            assert err is None and hashlib.sha256(got).hexdigest() == meta["payload"][0], path.name
        elif expect == "no match":
            assert err is not None and err.reason == "not_for_us", path.name
        elif expect in ("header failure", "HMAC failure"):
            assert err is not None and err.reason != "not_for_us" and stage == "header", (path.name, err)
        elif expect == "payload failure":
            assert err is not None and err.reason == "damaged" and stage == "payload", (path.name, err)
        else:
            raise AssertionError(f"{path.name}: unknown expectation {expect}")
        ran += 1
    print(f"\nage testkit: {ran} vectors run")
    assert ran >= 60


# --- memory -----------------------------------------------------------------------------------------------

BIG_MB = 300

CHILD = textwrap.dedent("""
    import hashlib, json, resource, sys, time
    from app.exchange.package.agestream import AgeReader

    def peak_rss():
        # VmHWM belongs to this process image (ru_maxrss would start from the parent's peak).
        line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
        return int(line.split()[1]) * 1024

    path, identity = sys.argv[1], sys.stdin.read().strip()
    digest = hashlib.sha256()
    buf = bytearray(1 << 20)
    base = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize()
    t0 = time.perf_counter()
    with open(path, "rb", buffering=0) as raw:
        reader = AgeReader(raw, identity)
        view = memoryview(buf)
        while n := reader.readinto(buf):
            digest.update(view[:n])
    seconds = time.perf_counter() - t0
    print(json.dumps({"sha": digest.hexdigest(), "growth": peak_rss() - base, "seconds": seconds,
                      "bytes_read": reader.bytes_read}))
""")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is read from /proc (Linux)")
def test_300mb_in_bounded_memory(tmp_path: Path, me: x25519.Identity) -> None:
    plain, src = tmp_path / "big.bin", tmp_path / "big.age"
    digest = hashlib.sha256()
    rng = random.Random(7)
    with open(plain, "wb") as f:
        for _ in range(BIG_MB):
            block = rng.randbytes(MiB)
            digest.update(block)
            f.write(block)
    with open(plain, "rb") as fin, open(src, "wb") as fout:
        pyrage.encrypt_io(fin, fout, [me.to_public()])
    plain.unlink()
    assert src.stat().st_size > BIG_MB * MiB
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(src)], input=str(me), capture_output=True,
                          text=True, timeout=900, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\n{BIG_MB} MB through AgeReader: {result['seconds']:.2f} s "
          f"({BIG_MB / result['seconds']:.0f} MB/s), child {time.perf_counter() - started:.1f} s; "
          f"peak RSS growth {result['growth'] / MiB:.1f} MiB")
    assert result["sha"] == digest.hexdigest()
    assert result["bytes_read"] == src.stat().st_size
    assert result["growth"] < 30 * MiB


# --- the writer (exports) ---------------------------------------------------------------------------


def encrypt_in_pieces(data: bytes, recipients: list[str], seed: int) -> bytes:
    """``data`` through AgeWriter, written in pieces of random sizes (across chunk boundaries)."""
    rng = random.Random(seed)
    out = io.BytesIO()
    writer = AgeWriter(out, recipients)
    i = 0
    while i < len(data):
        k = rng.choice([1, 7, CHUNK - 1, CHUNK, CHUNK + 1, 200_000])
        writer.write(memoryview(data)[i:i + k] if k % 2 else data[i:i + k])
        i += k
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("size", SIZES)
def test_what_the_writer_makes_pyrage_and_the_reader_decrypt_for_every_recipient(
        size: int, me: x25519.Identity) -> None:
    other = x25519.Identity.generate()
    data = os.urandom(size)
    sealed = encrypt_in_pieces(data, [str(other.to_public()), str(me.to_public())], seed=size)
    assert pyrage.decrypt(sealed, [me]) == data and pyrage.decrypt(sealed, [other]) == data
    assert drain(sealed, str(me)) == (data, None)
    # age's payload layout: header, 16-byte nonce, full chunks of 64 KiB + tag, the last one shorter
    # or full, and empty only for an empty payload.
    chunks = max(1, -(-size // CHUNK))
    header_end = sealed.index(b"\n", sealed.index(b"\n---") + 1) + 1
    assert len(sealed) - header_end == 16 + size + chunks * 16


@needs_age
@pytest.mark.parametrize("size", [0, CHUNK, 3 * CHUNK + 5])
def test_the_age_tool_decrypts_what_the_writer_makes(size: int, tmp_path: Path) -> None:
    key = tmp_path / "key.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    recipient = subprocess.run(["age-keygen", "-y", str(key)], check=True, capture_output=True,
                               text=True).stdout.strip()
    data = os.urandom(size)
    (tmp_path / "f.age").write_bytes(encrypt_in_pieces(data, [recipient], seed=1))
    done = subprocess.run(["age", "-d", "-i", str(key), str(tmp_path / "f.age")], check=True, capture_output=True)
    assert done.stdout == data


def test_every_file_the_writer_makes_has_its_own_keys(me: x25519.Identity) -> None:
    one, two = (encrypt_in_pieces(b"same", [str(me.to_public())], seed=0) for _ in range(2))
    assert one != two
    share = [f.split(b"\n")[1] for f in (one, two)]  # "-> X25519 <ephemeral share>"
    assert share[0].startswith(b"-> X25519 ") and share[0] != share[1]
    nonce = [f[f.index(b"\n", f.index(b"\n---") + 1) + 1:][:16] for f in (one, two)]
    assert nonce[0] != nonce[1]


def test_the_writer_refuses_bad_recipients_and_writes_after_close(me: x25519.Identity) -> None:
    for bad in ([], ["age1notakey"], [str(me)]):  # none, garbage, a secret key where a recipient goes
        with pytest.raises(ValueError):
            AgeWriter(io.BytesIO(), bad)
    writer = AgeWriter(io.BytesIO(), [str(me.to_public())])
    writer.close()
    writer.close()  # twice is harmless
    with pytest.raises(ValueError):
        writer.write(b"late")
