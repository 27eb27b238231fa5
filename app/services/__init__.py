"""What the window and the command line do with a vault, free of Qt (docs/architecture.md).

Each module is one area of the work; functions take an open vault and typed arguments and return
typed results. The window calls them on its worker thread; ``app/cli/`` calls them directly.
"""
