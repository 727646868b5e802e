"""Custom Rasa NLU components for the myoclonus assistant."""
