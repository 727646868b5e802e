"""The review of real conversations (scripts/review-conversations): what editors act on."""
