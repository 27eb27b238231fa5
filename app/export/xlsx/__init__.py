"""The Excel ledgers (台账): :func:`export_ledger` writes a vault's ledgers as one .xlsx."""

from app.export.xlsx.ledger import SHEETS, LedgerStats, export_ledger, write_ledger

__all__ = ["SHEETS", "LedgerStats", "export_ledger", "write_ledger"]
