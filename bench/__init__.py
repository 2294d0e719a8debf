"""Benchmarks: print figures, never assert timings (run with `make bench`)."""
