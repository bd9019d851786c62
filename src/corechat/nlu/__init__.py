"""The natural-language core: one turn of text -> an intent and a change to the search criteria.

Pure and deterministic; the only shared state is the read-only gazetteer, built once per process on
first use (``corechat.nlu.places.load()`` builds it ahead of time).
"""

from corechat.nlu.interpret import interpret
from corechat.nlu.types import CriteriaChange, Interpretation, NluContext, OptionRef, ShortlistEntry

__all__ = ["interpret", "CriteriaChange", "Interpretation", "NluContext", "OptionRef", "ShortlistEntry"]
