"""The audit trail: who changed what and when, before and after; records are voided, never deleted."""
