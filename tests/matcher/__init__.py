"""Tests of the matcher package."""
