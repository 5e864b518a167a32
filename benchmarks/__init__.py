"""Speed and accuracy benchmarks: one shared harness (``harness.py``), one file per area."""
