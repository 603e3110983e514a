"""Benchmark harness of runtime-supercharger (Python 3 standard library only)."""
