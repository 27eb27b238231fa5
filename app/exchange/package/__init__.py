"""Packages: the only way records leave or enter a vault (docs/package-format.md, docs/package-format.md)."""

from app.exchange.package.errors import REASONS, PackageError
from app.exchange.package.export import ExportResult, export_package
from app.exchange.package.keys import (
    DeviceKeys,
    Recipient,
    device_keys,
    display,
    load_key_file,
    normalise_fingerprint,
    parse_recipients,
    public_document,
    recipients_from_trusted,
    trust,
)
from app.exchange.package.receive import ImportResult, import_packages, verify_package
from app.exchange.package.scope import Scope, parse_selection, scope_for
from app.exchange.package.verify import Verified

__all__ = [
    "REASONS", "DeviceKeys", "ExportResult", "ImportResult", "PackageError", "Recipient", "Scope", "Verified",
    "device_keys", "display", "export_package", "import_packages", "load_key_file", "normalise_fingerprint",
    "parse_recipients", "parse_selection", "public_document", "recipients_from_trusted", "scope_for", "trust",
    "verify_package",
]
