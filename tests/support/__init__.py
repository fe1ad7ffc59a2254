"""Helpers that more than one test module uses; fixtures stay in ``tests/conftest.py``."""
