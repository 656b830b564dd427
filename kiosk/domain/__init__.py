"""The rules of the test as plain Python: timing, scoring, thresholds, lockout, appeal window."""
