"""News article → proposed statements: pure, offline, no I/O."""
