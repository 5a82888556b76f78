"""Domain-free helpers shared by every service. Imports nothing else from the project."""
