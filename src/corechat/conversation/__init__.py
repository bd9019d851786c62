"""The conversation engine: session state, the booking state machine, replies and nextActions (pure)."""
