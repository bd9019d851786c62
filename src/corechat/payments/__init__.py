"""Payments: the wallet port (cards on file) and the embedded demo wallet."""
