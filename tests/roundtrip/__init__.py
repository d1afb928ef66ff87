"""Round-trip generators: a plan drawn by hypothesis, rendered in many layouts, must read back
to the records the plan itself says it holds (tests/test_roundtrip.py)."""
