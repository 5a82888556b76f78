"""Learning the rerank weights from outcomes (applied, interviewed, hired, rejected ...).

- ``labels.py``: how a pair's outcomes become one graded example (positive / negative: the
  table is in its docstring), and the split of the outcome log by time;
- ``examples.py``: the features, exactly the rerank's ``score_pair`` parts for ``FEATURES``;
- ``model.py``: non-negative logistic regression or pairwise ranker with L2, in numpy;
- ``measure.py``: held-out AUC and NDCG@10;
- ``pipeline.py``: split → fit on the earlier part → measure on the held-out part;
- ``store.py``: outcomes and snapshots from the store (SQLite or PostgreSQL);
- ``weights.py``: the weights file, and the choice the matcher makes at start;
- ``simulate.py`` / ``on_benchmark.py``: a behaviour model on the evaluation benchmark;
- ``__main__.py``: ``python -m matcher.learning fit | simulate``.

No FastAPI, no Kafka: an offline tool and a small loader the matcher imports.
"""
