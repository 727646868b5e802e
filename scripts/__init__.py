"""Command-line helpers for running and checking the assistant."""
