"""Agencies, the people who work for them and their roles, and who sees what."""
