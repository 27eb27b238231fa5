"""Attachment contents stored inside the vault, in 1 MiB chunks, streamed in and out.

A file is read a chunk at a time and hashed as it goes, so a 500 MB scan never sits wholly in
memory; contents are kept once per SHA-256 however many records attach them. Nothing leaves
the vault decrypted except through :meth:`BlobStore.save_copy`, which the UI offers only as an
explicit "save a copy".
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from app.domain.jobs import Cancelled, Progress
from app.storage.connection import Connection
from app.storage.errors import RecordNotFound, VaultError
from app.storage.files import atomic_write

CHUNK_SIZE = 1 << 20


class BlobStore:
    def __init__(self, con: Connection) -> None:
        self._con = con

    def put_stream(self, stream: BinaryIO, *, progress: Progress | None = None, total: int = 0,
                   cancelled: Callable[[], bool] | None = None) -> tuple[str, int]:
        """Store ``stream``'s bytes; returns (sha256, size). Call inside a transaction.

        ``progress(done, total)`` after each chunk (``total`` as the caller knows it, 0 when not)."""
        staging = uuid.uuid4().hex  # the chunks' key; blobs maps the hash to it once known
        digest = hashlib.sha256()
        size = index = 0
        while True:
            if cancelled is not None and cancelled():
                raise Cancelled()
            chunk = stream.read(CHUNK_SIZE)
            if not chunk:
                break
            digest.update(chunk)
            self._con.execute("INSERT INTO blob_chunks (blob, idx, data) VALUES (?, ?, ?)", (staging, index, chunk))
            size += len(chunk)
            index += 1
            if progress is not None:
                progress(size, total)
        sha = digest.hexdigest()
        if self.exists(sha):  # the same content is kept once
            self._con.execute("DELETE FROM blob_chunks WHERE blob = ?", (staging,))
        else:
            self._con.execute("INSERT INTO blobs VALUES (?, ?, ?, ?)", (sha, size, index, staging))
        return sha, size

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        import io

        return self.put_stream(io.BytesIO(data))

    def exists(self, sha: str) -> bool:
        return self._con.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone() is not None

    def chunk_key(self, sha: str) -> str:
        row = self._con.execute("SELECT chunk_key FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
        if row is None:
            raise RecordNotFound(f"附件内容 {sha[:12]}")
        return str(row[0])

    def size(self, sha: str) -> int:
        row = self._con.execute("SELECT size FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
        if row is None:
            raise RecordNotFound(f"附件内容 {sha[:12]}")
        return int(row[0])

    def chunks(self, sha: str) -> Iterator[bytes]:
        """The content, one chunk at a time, in order."""
        key = self.chunk_key(sha)
        # Fetch chunk ids first, then each chunk by itself: one row in memory at a time.
        ids = [r[0] for r in self._con.execute("SELECT id FROM blob_chunks WHERE blob = ? ORDER BY idx", (key,))]
        for chunk_id in ids:
            row = self._con.execute("SELECT data FROM blob_chunks WHERE id = ?", (chunk_id,)).fetchone()
            yield bytes(row[0])

    def read_all(self, sha: str, *, limit: int = 64 << 20) -> bytes:
        """The whole content in memory, for viewing images and PDFs inside the app (capped)."""
        if self.size(sha) > limit:
            raise VaultError("附件过大，无法在程序内预览")
        return b"".join(self.chunks(sha))

    def write_to(self, sha: str, out: BinaryIO, *, progress: Progress | None = None) -> int:
        """Copy the content to ``out``; ``progress(done, size)`` after each chunk."""
        total = self.size(sha) if progress is not None else 0
        written = 0
        for chunk in self.chunks(sha):
            out.write(chunk)
            written += len(chunk)
            if progress is not None:
                progress(written, total)
        return written

    def save_copy(self, sha: str, dest: Path, *, progress: Progress | None = None) -> None:
        """Write a decrypted copy to ``dest`` (the user asked for it): temp file, fsync, rename."""
        # atomic_write removes the partial file on any failure: no partial plaintext is left.
        try:
            atomic_write(dest, lambda out: self.write_to(sha, out, progress=progress))
        except FileExistsError as exc:  # planted: not ours to remove
            raise VaultError(f"无法写入 {dest.name}：临时文件已存在") from exc
        except OSError as exc:
            raise VaultError(f"无法写入 {dest.name}：{exc.strerror or exc}") from exc

    def verify(self, sha: str) -> bool:
        digest = hashlib.sha256()
        for chunk in self.chunks(sha):
            digest.update(chunk)
        return digest.hexdigest() == sha
