"""Rasa server extensions: checked channels, a forgetful tracker store, action apologies.

Importing this package (Rasa does, when it loads the channels in credentials.yml or the
tracker store in endpoints.yml) adapts Rasa's RemoteAction: an apology when the action
server fails (action_failures.py) and a compiled response validator (action_validation.py).
"""

from extensions.action_failures import install_action_failure_apology
from extensions.action_validation import install_compiled_action_validation

install_action_failure_apology()
install_compiled_action_validation()
