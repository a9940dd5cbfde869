"""Logging in and out, passwords, the lockout after repeated failures, API tokens."""
