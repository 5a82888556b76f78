"""Huiliu's services: jobs, talent, embedder, analytics, and the shared kit."""
