"""Why a package or a key file was refused: one reason code each, with a Chinese message."""

from __future__ import annotations

from app.storage.errors import ReasonedError

#: reason code -> message. Codes are stable (tests and the window key on them); messages are shown.
REASONS: dict[str, str] = {
    # files and arguments
    "not_found": "找不到文件",
    "exists": "目标位置已有文件，不会覆盖",
    "bad_keys": "公钥文件格式不正确",
    "private_key": "文件中含有私钥：只应提供公钥（age1… 或 keys 命令导出的文件）",
    "own_keys": "这是本保密库自己的公钥，无需信任",
    "no_recipients": "没有指定接收方",
    "too_many_recipients_out": "接收方过多：一个交接包最多 4 个接收方",
    "unsupported_kind": "该类型的交接包尚未在本版本中提供",
    # the age envelope (docs/security.md §4: checked before pyrage sees the file)
    "too_large": "交接包过大",
    "not_age": "不是交接包（缺少 age 加密文件头）",
    "header_too_large": "加密文件头过大",
    "too_many_recipients": "加密文件头中的接收方过多",
    "bad_header": "加密文件头格式不正确",
    "not_for_us": "无法用本库的密钥解密：此包不是发给本库的，或文件头已损坏",
    "damaged": "解密失败：交接包已损坏、被截断或被篡改",
    "plaintext_too_large": "交接包解密后内容过大",
    # the container
    "bad_container": "交接包内容不是有效的容器",
    "compressed_entry": "容器中有压缩或加密的条目",
    "bad_name": "容器中有不允许的文件名",
    "duplicate_name": "容器中有重复的文件名",
    "too_many_entries": "容器中的条目过多",
    "entry_too_large": "容器中的条目过大",
    "missing_entry": "容器缺少必需的文件",
    "unsigned": "交接包没有签名",
    # the manifest and its signature
    "bad_manifest": "清单格式不正确",
    "format_too_new": "交接包由更新版本的程序制作，请升级本程序",
    "bad_signature": "签名无效：清单已被篡改",
    "unknown_signer": "签名者不在本库信任的公钥中",
    "not_listed": "本库不在交接包签名的接收方之列（可能被转加密）",
    "wrong_kind": "交接包类型与本保密库的角色不符",
    # the ledger
    "replay": "该交接包已导入过",
    # contents
    "size_mismatch": "容器中的文件与清单不符",
    "hash_mismatch": "文件内容与清单中的哈希不符",
    "bad_record": "记录格式不正确",
    # the office kinds: deployment, upward, lead-transfer (added after the first 33 codes)
    "export_role": "只有巡察办保密库可以制作部署包、上报包和线索移交包",
    "recipient_role": "接收方的角色与交接包类型不符",
    "no_selection": "没有选择要导出的内容",
    "bad_selection": "所选记录不存在、已删除或类型不符",
    "selection_unused": "该类型的交接包不按所给的选择导出",
    "unknown_key": "本库信任的公钥中没有该指纹",
    "bad_fingerprint": "指纹格式不正确：应为至少 32 位十六进制数字（可含空格）",
    "signer_mismatch": "签名者的指纹与确认的指纹不符",
    "trust_only_deployment": "只有部署包可以在导入时确认信任签名者；其他交接包请先用 trust 命令信任对方公钥",
    "source_role": "交接包的制作方角色与其类型不符",
    "out_of_scope": "交接包中含有不属于该类型的记录",
    "wrong_role_deployment": "部署包只能导入巡察组保密库",
    "wrong_role_upward": "上报包只能导入上级巡察办的保密库",
    "wrong_role_lead_transfer": "线索移交包只能导入纪委监委使用的巡察办类型保密库，或按文档用 age 手工读取",
    # trust bound to the key fingerprint, roles from trust, sequences and clocks (format version 2)
    "weak_key": "签名公钥是弱密钥（小阶点），不能信任",
    "fingerprint_mismatch": "核对的指纹与公钥文件不符：请勿信任，并与对方重新核对",
    "role_mismatch": "公钥文件中的角色与所确认的角色不符",
    "key_changed": "该签名公钥已按另一份公钥信息信任过，公钥文件的内容与之不符：未作任何更改",
    "key_unverified": "该公钥是按旧方式信任的，导出前须重新核对指纹（trust 命令或“交接包 → 信任的公钥”）",
    "signer_role": "签名者被信任的角色不能发来这种交接包",
    "source_mismatch": "交接包中签名者的公钥信息与本库信任的不符",
    "duplicate_in_batch": "同一交接包在本次导入中出现了两次：未导入任何内容",
    "missing_blob": "交接包缺少附件内容：不完整的交接包不能导入",
    "future_stamp": "交接包中的修改时间比本机时钟晚一天以上：请检查对方或本机的系统时钟",
    "bad_setting": "交接包中的设置值超出允许的范围",
}


class PackageError(ReasonedError):
    """A refused package, key file or export: ``reason`` is the code, the message says why in Chinese.

    A refusal about who signed an authenticated package also says so as fields: ``fingerprint``
    (the key fingerprint to read aloud), ``owner``, ``device`` and the package ``kind``. A package
    imported here before (``replay`` of its package id) says when as ``imported_at`` (the ledger's
    ISO time), so the window can report it calmly rather than as a failed check.
    """

    message = "交接包处理失败"
    message_en = "Package refused"

    reasons = REASONS

    def __init__(self, reason: str, detail: str = "", *, fingerprint: str = "", owner: str = "", device: str = "",
                 kind: str = "", imported_at: str = "") -> None:
        super().__init__(reason, detail)
        self.fingerprint, self.owner, self.device, self.kind = fingerprint, owner, device, kind
        self.imported_at = imported_at
