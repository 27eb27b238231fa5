"""Errors the storage layer raises on purpose.

Every :class:`VaultError` is a condition a person can understand and often fix (a wrong
passphrase, a file that is not a vault); its ``message`` is Chinese and shown as it is. Any
other exception escaping storage is a bug and goes to the crash dialog.
"""

from __future__ import annotations

from typing import ClassVar


class VaultError(Exception):
    """An expected failure with a message for the user."""

    message = "保密库操作失败"
    message_en = "The vault operation failed"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(self.message + (f"：{detail}" if detail else ""))

    def __str__(self) -> str:
        return self.message + (f"：{self.detail}" if self.detail else "")


class ReasonedError(VaultError):
    """A refusal with a reason code (``reason``); the subclass's ``reasons`` give each code's message."""

    reasons: ClassVar[dict[str, str]] = {}

    def __init__(self, reason: str, detail: str = "") -> None:
        if reason not in self.reasons:
            raise ValueError(reason)
        self.reason = reason
        self.message = self.reasons[reason]
        super().__init__(detail)


class VaultNotFound(VaultError):
    message = "找不到保密库文件"
    message_en = "The vault file does not exist"


class VaultExists(VaultError):
    message = "该位置已有文件，不会覆盖"
    message_en = "A file already exists there and will not be overwritten"


class NotAVault(VaultError):
    message = "该文件不是巡察工作台保密库"
    message_en = "The file is not a XunCha vault"


class WrongPassphrase(VaultError):
    message = "口令不正确（或文件已损坏）"
    message_en = "Wrong passphrase (or the file is damaged)"


class VaultTooNew(VaultError):
    message = "该保密库由更新版本的程序创建，请升级本程序后再打开"
    message_en = "The vault was made by a newer version of the program"


class MigrationFailed(VaultError):
    """Upgrading an older vault's schema failed; every step was rolled back (docs/vault.md, "Schema versions")."""

    message = "保密库数据结构升级失败，文件未作任何改动"
    message_en = "Upgrading the vault's schema failed; the file was not changed"


class VaultLocked(VaultError):
    message = "保密库已锁定"
    message_en = "The vault is locked"


class InsecureBuild(VaultError):
    message = "本机的 SQLCipher 无法满足安全设置，拒绝打开"
    message_en = "This SQLCipher build cannot hold the required security settings"


class VaultCorrupt(VaultError):
    message = "保密库完整性检查未通过"
    message_en = "The vault failed its integrity check"


class VaultDamaged(VaultCorrupt):
    """A page of the file failed its check while being read (docs/vault.md, "A damaged vault")."""

    message = "保密库文件已损坏：请运行 check 检查，并从最近的备份恢复"
    message_en = "The vault file is damaged: run check, and restore the latest backup"


class KdfParamsOutOfRange(VaultDamaged):
    """The header asks for an Argon2 cost this program never writes; refused before deriving."""

    message = "保密库文件头中的密钥派生参数超出范围，文件可能已损坏"
    message_en = "The key derivation parameters in the vault header are out of range; the file may be damaged"


class DiskFull(VaultError):
    message = "磁盘空间不足或无法写入，本次修改未保存"
    message_en = "The disk is full or not writable; the change was not saved"


class RuleViolation(VaultError):
    """A change that breaks a rule of the work (docs/domain.md §3)."""

    message = "不符合工作规则"
    message_en = "The change breaks a rule of the work"


class RecordNotFound(VaultError):
    message = "找不到该记录"
    message_en = "Record not found"


class InvalidChange(VaultError):
    """A field write that does not fit the record's kind (bad id, stamp, field or value)."""

    message = "数据格式不正确"
    message_en = "Malformed change"


class WeakPassphrase(VaultError):
    message = "口令太短：至少需要 8 个字符"
    message_en = "The passphrase is too short: at least 8 characters"
