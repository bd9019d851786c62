"""corechat: the Brek Partner Core Chat API."""

__version__ = "0.1.0"
