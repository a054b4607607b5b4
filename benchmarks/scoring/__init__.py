"""Extraction quality scored against gold: the library benchmarks/quality.py and the guard
tests/extraction/test_quality.py both import.

One module per thing read or scored: ``meantime`` (CAT XML into Documents and gold),
``current_events`` (the gold-2025 rows mapped onto our paragraphs), ``dates``, ``names``,
``who`` (who-did-what and /who citation), ``seed`` (the seed's gold checks), ``matching``
(spans and name comparison they share) and ``report`` (Metric, targets, the table).
Scoring only reads the pipeline's output: extraction sees text and dates, never gold.
"""
