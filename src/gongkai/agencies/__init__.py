"""Agencies: how their names vary (`names`), the divisions they belong to by GB/T 2260 code
(`regions`), and one register of them that says which agency a printed name means
(`register`)."""

from .register import THRESHOLD, Agency, Match, Register, RegisterError

__all__ = ["Agency", "Match", "Register", "RegisterError", "THRESHOLD"]
