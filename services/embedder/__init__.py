"""Embedder service: turns jobs and talents into vectors, in batches."""
