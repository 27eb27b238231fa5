"""A pull-based age v1 decryptor and a push-based encryptor (X25519 recipients only), for reading and
writing a package as a stream.

A package file is an age v1 file (docs/package-format.md, "Layers"; the format is
https://age-encryption.org/v1). The importer reads its plaintext through :class:`AgeReader`:

- bounded memory whatever the package size: one 64 KiB chunk of ciphertext and one of plaintext are
  held at a time (plus what the caller asks for);
- an early stop: the header is parsed and authenticated (its MAC) when the reader is made, from at
  most the first 4 KiB, so a package that is not for us or not authentic is refused before any
  payload is read; a damaged chunk stops the stream at that chunk;
- nothing ever written to disk.

Why not ``pyrage.decrypt_io``: it pushes plaintext into a writer at its own pace (how much it holds
before writing is its business) and runs to the end of the file once called, so the importer can
neither pull the plaintext as it needs it nor stop after the first few KiB; the import had to hold
the whole container in memory (docs/package-format.md, "Limits an importer enforces").

What a caller must know: a chunk is returned only after its tag is verified, and a truncation at a
chunk boundary is caught one chunk early (the reader looks one byte ahead to know which chunk is
the last), but the stream as a whole is authentic only once ``read`` has returned end of file
without raising. Everything here is parsed as hostile input: every refusal is an :class:`AgeError`
with a reason code, never another exception (an ``OSError`` of the underlying file passes through).
"""

from __future__ import annotations

import binascii
import hmac
import io
import os
import re
from collections.abc import Iterable
from hashlib import sha256
from typing import TYPE_CHECKING, BinaryIO, Final, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAGIC: Final = b"age-encryption.org/v1\n"
MAX_HEADER: Final = 4096  # docs/package-format.md, "Limits an importer enforces"
MAX_STANZAS: Final = 5  # at most 4 X25519 stanzas plus one other (rage's "grease")
MAX_X25519_STANZAS: Final = 4

CHUNK: Final = 64 * 1024  # plaintext bytes of a full payload chunk
TAG: Final = 16
ENC_CHUNK: Final = CHUNK + TAG
NONCE_SIZE: Final = 16  # the payload nonce that follows the header
_COLUMNS: Final = 64  # base64 columns of a full stanza body line (48 bytes)

_X25519_LABEL: Final = b"age-encryption.org/v1/X25519"
_B64: Final = re.compile(rb"[A-Za-z0-9+/]*")

REASONS: Final = ("not_age", "bad_header", "header_too_large", "too_many_recipients", "not_for_us", "damaged")


class AgeError(Exception):
    """A refusal. ``reason`` is one of :data:`REASONS`; the message is English, for logs only."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


# --- bech32 (BIP-173), the encoding of age keys -------------------------------------------------

_CHARSET: Final = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GEN: Final = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
IDENTITY_HRP: Final = "AGE-SECRET-KEY-"
RECIPIENT_HRP: Final = "age"


def _polymod(values: Iterable[int]) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _GEN[i]
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def bech32_decode(text: str, hrp: str) -> bytes:
    """The bytes a bech32 string carries, checking its checksum, its case and its HRP exactly (age
    writes identities in upper case, recipients in lower case). Raises ValueError."""
    if not text.isascii() or any(not 33 <= ord(c) <= 126 for c in text) or len(text) > 200:
        raise ValueError("not a bech32 string")
    if text not in (text.lower(), text.upper()):
        raise ValueError("mixed case")
    sep = text.rfind("1")
    if sep != len(hrp) or text[:sep] != hrp or len(text) - sep - 1 < 6:
        raise ValueError(f"expected a key starting {hrp}1")
    lower = text.lower()
    try:
        data = [_CHARSET.index(c) for c in lower[sep + 1:]]
    except ValueError:
        raise ValueError("bad bech32 character") from None
    if _polymod(_hrp_expand(lower[:sep]) + data) != 1:
        raise ValueError("bad bech32 checksum")
    acc = bits = 0
    out = bytearray()
    for v in data[:-6]:  # 5-bit groups to bytes; the padding must be short and zero
        acc = acc << 5 | v
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append(acc >> bits & 0xFF)
    if bits >= 5 or acc & ((1 << bits) - 1):
        raise ValueError("bad bech32 padding")
    return bytes(out)


def bech32_encode(hrp: str, payload: bytes) -> str:
    acc = bits = 0
    data: list[int] = []
    for byte in payload:
        acc = acc << 8 | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append(acc >> bits & 31)
    if bits:
        data.append(acc << (5 - bits) & 31)
    low = hrp.lower()
    mod = _polymod(_hrp_expand(low) + data + [0] * 6) ^ 1
    text = low + "1" + "".join(_CHARSET[d] for d in data + [(mod >> 5 * (5 - i)) & 31 for i in range(6)])
    return text.upper() if hrp.isupper() else text


def parse_identity(identity: str) -> X25519PrivateKey:
    """An ``AGE-SECRET-KEY-1…`` string (as pyrage and age-keygen write it) as a private key."""
    scalar = bech32_decode(identity.strip(), IDENTITY_HRP)
    if len(scalar) != 32:
        raise ValueError("an X25519 identity holds 32 bytes")
    return X25519PrivateKey.from_private_bytes(scalar)


def recipient_of(key: X25519PrivateKey) -> str:
    """The ``age1…`` recipient of a private key."""
    return bech32_encode(RECIPIENT_HRP, key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


# --- the header -------------------------------------------------------------------------------------


def _b64decode(text: bytes) -> bytes:
    """Unpadded standard base64, canonical only (the spec forbids any other encoding of a value)."""
    if not _B64.fullmatch(text) or len(text) % 4 == 1:
        raise AgeError("bad_header", "bad base64")
    data = binascii.a2b_base64(text + b"=" * (-len(text) % 4))
    if binascii.b2a_base64(data, newline=False).rstrip(b"=") != text:  # non-zero spare bits
        raise AgeError("bad_header", "non-canonical base64")
    return data


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


class _Stanza:
    __slots__ = ("args", "body", "kind")

    def __init__(self, kind: bytes, args: list[bytes], body: bytes) -> None:
        self.kind, self.args, self.body = kind, args, body


def _parse_header(buf: bytes, limit: int, complete: bool) -> tuple[list[_Stanza], bytes, int, int]:
    """Stanzas, MAC, where the MAC's input ends (after "---") and the header's length (up to and
    including the MAC line's newline, at most ``limit``), from the file's first bytes ``buf``;
    ``complete`` says whether ``buf`` ends where the file ends."""
    pos = 0

    def line() -> bytes:
        nonlocal pos
        end = buf.find(b"\n", pos, limit)
        if end < 0:
            if complete and len(buf) <= limit:  # the file ends inside its header
                raise AgeError("damaged", "header cut short")
            raise AgeError("header_too_large", f"over {limit} bytes")
        text, pos = buf[pos:end], end + 1
        return text

    if not buf.startswith(MAGIC):
        if complete and buf and MAGIC.startswith(buf):
            raise AgeError("damaged", "header cut short")
        raise AgeError("not_age")
    pos = len(MAGIC)
    stanzas: list[_Stanza] = []
    while True:
        start = pos
        text = line()
        if text.startswith(b"---"):
            parts = text.split(b" ")
            if parts[0] != b"---" or len(parts) != 2:
                raise AgeError("bad_header", "malformed MAC line")
            mac = _b64decode(parts[1])
            if len(mac) != 32:
                raise AgeError("bad_header", "MAC of the wrong size")
            return stanzas, mac, start + 3, pos
        parts = text.split(b" ")
        if parts[0] != b"->" or len(parts) < 2 or any(not p or min(p) < 33 or max(p) > 126 for p in parts[1:]):
            raise AgeError("bad_header", f"malformed stanza at byte {start}")
        body = bytearray()
        while True:  # body lines: full lines of 64 columns, ended by a shorter one (maybe empty)
            chunk = line()
            if len(chunk) > _COLUMNS:
                raise AgeError("bad_header", "stanza body line too long")
            body += _b64decode(chunk)
            if len(chunk) < _COLUMNS:
                break
        stanzas.append(_Stanza(parts[1], parts[2:], bytes(body)))
        x25519 = sum(1 for s in stanzas if s.kind == b"X25519")
        if len(stanzas) > MAX_STANZAS or x25519 > MAX_X25519_STANZAS:
            raise AgeError("too_many_recipients", f"more than {MAX_X25519_STANZAS} recipients")
        if parts[1] == b"scrypt":  # a passphrase-encrypted file is not a package
            raise AgeError("bad_header", "scrypt stanza")


def _unwrap(stanzas: list[_Stanza], key: X25519PrivateKey, ours: bytes) -> bytes | None:
    """The file key from the first X25519 stanza addressed to ``key``, or None."""
    shares: list[tuple[bytes, bytes]] = []
    for s in stanzas:  # every X25519 stanza must be well formed, ours or not
        if s.kind != b"X25519":
            continue  # another type (rage's grease): ignored, but covered by the MAC
        if len(s.args) != 1:
            raise AgeError("bad_header", "X25519 stanza with a wrong number of arguments")
        share = _b64decode(s.args[0])
        if len(share) != 32 or len(s.body) != 32:
            raise AgeError("bad_header", "X25519 stanza of the wrong size")
        shares.append((share, s.body))
    for share, body in shares:
        try:
            shared = key.exchange(X25519PublicKey.from_public_bytes(share))
        except ValueError:  # a low-order share: the all-zero shared secret the spec refuses
            raise AgeError("bad_header", "X25519 share of low order") from None
        if not any(shared):  # cryptography already refuses it; the spec says check anyway
            raise AgeError("bad_header", "X25519 share of low order")
        wrap = ChaCha20Poly1305(_hkdf(shared, share + ours, _X25519_LABEL))
        try:
            return wrap.decrypt(bytes(12), body, None)
        except InvalidTag:
            continue  # for another recipient
    return None


# --- the reader -------------------------------------------------------------------------------------


class AgeReader(io.RawIOBase):
    """The plaintext of an age file, read from ``raw`` as the caller pulls it.

    The header is parsed and its MAC checked here, in the constructor (reading at most
    ``max_header`` + 16 bytes); then each ``readinto`` decrypts the chunks it needs, filling the
    caller's buffer up to end of file. Any refusal raises :class:`AgeError`, also on every later
    read. ``raw`` is not closed by :meth:`close` (whoever opened it closes it)."""

    def __init__(self, raw: BinaryIO, identity: str, *, max_header: int = MAX_HEADER) -> None:
        super().__init__()
        self._raw = raw
        self.bytes_read = 0  #: ciphertext consumed from ``raw`` so far, for progress
        key = parse_identity(identity)
        ours = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

        head = bytearray(max_header + NONCE_SIZE)
        got = self._fill(memoryview(head))
        stanzas, mac, mac_end, size = _parse_header(bytes(head[:got]), max_header, complete=got < len(head))
        file_key = _unwrap(stanzas, key, ours)
        if file_key is None:
            raise AgeError("not_for_us")
        # The MAC covers the header up to and including "---" (the age spec, "Header").
        expected = hmac.new(_hkdf(file_key, b"", b"header"), head[:mac_end], sha256).digest()
        if not hmac.compare_digest(expected, mac):
            raise AgeError("damaged", "header MAC does not match")

        nonce = bytearray(NONCE_SIZE)
        start = min(got, size + NONCE_SIZE)
        nonce[:start - size] = head[size:start]
        if self._fill(memoryview(nonce)[start - size:]) < size + NONCE_SIZE - start:
            raise AgeError("damaged", "file ends before the payload nonce")
        self._aead = ChaCha20Poly1305(_hkdf(file_key, bytes(nonce), b"payload"))
        # The input buffer holds one encrypted chunk and the first byte of the next one: with it,
        # the reader knows whether the chunk in hand is the last before decrypting it.
        self._in = bytearray(ENC_CHUNK + 1)
        self._have = got - start
        self._in[:self._have] = head[start:got]

        self._out = bytearray(CHUNK)  # the current chunk's plaintext
        self._pos = self._end = 0  # what of it the caller has not read yet
        self._counter = 0
        self._done = False  # the final chunk has been decrypted
        self._error: AgeError | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: WriteableBuffer) -> int:
        """Fills ``buffer`` with plaintext, up to end of file; 0 at end of file."""
        if self.closed:
            raise ValueError("I/O operation on closed file")
        dest = memoryview(buffer).cast("B")
        n = 0
        while n < len(dest):
            if self._pos == self._end:
                if self._done:
                    break
                if self._error is None:
                    try:
                        self._next_chunk()
                    except AgeError as exc:
                        self._error = exc
                if self._error is not None:
                    if n:  # hand over what came from good chunks; the error comes next call
                        break
                    raise self._error
                continue
            k = min(len(dest) - n, self._end - self._pos)
            dest[n:n + k] = self._out[self._pos:self._pos + k]
            self._pos += k
            n += k
        return n

    def close(self) -> None:
        if not self.closed:
            for buf in ("_out", "_in"):  # leave no plaintext (or key stream input) behind
                b = getattr(self, buf, None)
                if b is not None:
                    b[:] = bytes(len(b))
        super().close()

    def _fill(self, view: memoryview) -> int:
        """Reads into ``view`` until it is full or ``raw`` ends; the number of bytes read."""
        n = 0
        while n < len(view):
            got = self._raw.readinto(view[n:])  # type: ignore[attr-defined]
            if not got:
                break
            n += got
        self.bytes_read += n
        return n

    def _next_chunk(self) -> None:
        inp = self._in
        if self._have < len(inp):
            self._have += self._fill(memoryview(inp)[self._have:])
        have = self._have
        last = have <= ENC_CHUNK  # no byte after this chunk: it must be the final one
        size = have if last else ENC_CHUNK
        if size < TAG or (last and size == TAG and self._counter):
            # Nothing or a torn tag where a chunk should be; or an empty final chunk after others,
            # which the spec forbids (only an empty payload has one).
            raise AgeError("damaged", f"payload cut short or malformed at chunk {self._counter}")
        nonce = self._counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
        out = memoryview(self._out)[:size - TAG]
        try:
            self._aead.decrypt_into(nonce, memoryview(inp)[:size], None, out)
        except InvalidTag:
            out[:] = bytes(len(out))  # no unauthenticated plaintext stays in memory
            raise AgeError("damaged", f"chunk {self._counter} fails authentication") from None
        self._pos, self._end = 0, size - TAG
        self._counter += 1
        if last:
            self._done = True
            self._have = 0
        else:
            inp[0] = inp[ENC_CHUNK]
            self._have = 1


# --- the writer -------------------------------------------------------------------------------------


class Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...


def _b64encode(data: bytes) -> bytes:
    return binascii.b2a_base64(data, newline=False).rstrip(b"=")


def _x25519_stanza(recipient: str, file_key: bytes) -> bytes:
    """The X25519 recipient stanza that wraps ``file_key`` for ``recipient`` (an ``age1…`` string):
    a fresh ephemeral key each time (the age spec, "X25519 recipient stanza")."""
    theirs = bech32_decode(recipient, RECIPIENT_HRP)
    if len(theirs) != 32:
        raise ValueError("an X25519 recipient holds 32 bytes")
    ephemeral = X25519PrivateKey.generate()
    share = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(theirs))  # refuses a low-order key
    if not any(shared):
        raise ValueError("X25519 recipient of low order")
    body = ChaCha20Poly1305(_hkdf(shared, share + theirs, _X25519_LABEL)).encrypt(bytes(12), file_key, None)
    return b"-> X25519 " + _b64encode(share) + b"\n" + _b64encode(body) + b"\n"  # 43 columns: one line


class AgeWriter:
    """Encrypts what is written to it as an age v1 file for X25519 ``recipients`` into ``out``.

    The header (a fresh file key, one stanza per recipient, its MAC) and the payload nonce are
    written when the writer is made; each full 64 KiB chunk is encrypted as soon as the next byte
    shows it is not the last; :meth:`close` writes the final chunk, which is what makes the file
    whole. The result is what ``age -r`` and pyrage write (tests/test_agestream.py decrypts it with
    both and with :class:`AgeReader`). Why not ``pyrage.encrypt_io``: it holds the GIL while it
    encrypts, at about 270 MB/s here, while ChaCha20-Poly1305 from ``cryptography`` runs at several
    GB/s and lets the vault reads and the hashing of an export run beside it (bench/README.md).
    """

    def __init__(self, out: Writable, recipients: Iterable[str]) -> None:
        file_key = os.urandom(16)
        stanzas = b"".join(_x25519_stanza(r, file_key) for r in recipients)
        if not stanzas:
            raise ValueError("no recipients")
        head = MAGIC + stanzas + b"---"
        mac = hmac.new(_hkdf(file_key, b"", b"header"), head, sha256).digest()
        nonce = os.urandom(NONCE_SIZE)
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._out = out
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        out.write(head + b" " + _b64encode(mac) + b"\n" + nonce)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed AgeWriter")
        buffer = self._buffer
        buffer += data
        full = (len(buffer) - 1) // CHUNK  # keep at least one byte: the last chunk is sealed at close
        if full > 0:
            with memoryview(buffer) as view:
                for i in range(full):
                    self._seal(view[i * CHUNK:(i + 1) * CHUNK], last=False)
            del buffer[:full * CHUNK]
        return len(data)

    def close(self) -> None:
        """Seal the final chunk (empty only when nothing was written). The caller closes ``out``."""
        if self._closed:
            return
        self._seal(bytes(self._buffer), last=True)
        self._buffer[:] = bytes(len(self._buffer))  # leave no plaintext behind
        self._closed = True

    def _seal(self, chunk: bytes | memoryview, *, last: bool) -> None:
        nonce = self._counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
        self._out.write(self._aead.encrypt(nonce, chunk, None))
        self._counter += 1
