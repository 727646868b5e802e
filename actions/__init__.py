"""Custom actions of the myoclonus assistant, served by `python -m actions.server`."""
