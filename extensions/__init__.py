"""Rasa server extensions: checked channels, a forgetful tracker store, action apologies.

Rasa imports this package when it loads the channels in credentials.yml or the tracker store
in endpoints.yml; importing it installs the action-failure apology (see action_failures.py).
"""

from extensions.action_failures import install_action_failure_apology

install_action_failure_apology()
