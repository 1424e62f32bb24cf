"""Coverage, Monte Carlo, sensitivity and criticality: pure numpy, no I/O."""
