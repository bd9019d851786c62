"""Hotel suppliers: the port the service performs effects through, and the embedded demo supplier."""
