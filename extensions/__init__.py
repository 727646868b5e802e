"""Rasa server extensions: channels, the widget page, the tracker store, Rasa patches."""
