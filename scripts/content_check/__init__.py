"""The content check's parts: one module per kind of mistake (see scripts/check_content.py)."""
