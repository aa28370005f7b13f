"""Benchmarks: run on demand (`make bench` or `uv run python -m bench [name ...]`); they print numbers."""
