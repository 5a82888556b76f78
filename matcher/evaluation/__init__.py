"""Matching quality, measured: a labelled benchmark (``benchmark/``), metrics, three rankers and the run.

``python -m matcher.evaluation [--slice small|full]`` (``make eval``) compares pure vector
search, pure keyword search (BM25) and Huiliu's own ranking in both directions; see
``harness.py`` for the report and ``benchmark/RUBRIC.md`` for how the labels were made.
"""
