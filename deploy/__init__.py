"""Deployment helpers for Huiliu: demo data, local service start-up."""
