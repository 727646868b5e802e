"""The assistant's core: settings, the fact base, answers, triage and care, and wording."""
