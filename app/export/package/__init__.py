"""Packages: the only way records leave or enter a vault (design.md decision 3, docs/package-format.md)."""

from app.export.package.errors import REASONS, PackageError
from app.export.package.export import ExportResult, export_package
from app.export.package.keys import (
    DeviceKeys,
    Recipient,
    device_keys,
    display,
    load_key_file,
    parse_recipients,
    public_document,
    trust,
)
from app.export.package.verify import ImportResult, Verified, import_packages, verify_package

__all__ = [
    "REASONS", "DeviceKeys", "ExportResult", "ImportResult", "PackageError", "Recipient", "Verified",
    "device_keys", "display", "export_package", "import_packages", "load_key_file", "parse_recipients",
    "public_document", "trust", "verify_package",
]
