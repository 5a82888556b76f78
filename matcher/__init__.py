"""Matcher: FAISS recall of jobs and talents, structured rerank, explanations."""
