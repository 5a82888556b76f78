"""Talent service: validates, stores and publishes job seekers' profiles."""
