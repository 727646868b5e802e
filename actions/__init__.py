"""Custom actions of the myoclonus assistant (served by `rasa run actions`)."""
