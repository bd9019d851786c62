"""Use cases: create a session, handle an event, take a snapshot. The one place that commits."""
