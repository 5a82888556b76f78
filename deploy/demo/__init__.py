"""Demo data for Huiliu: a seeded, realistic sample of enterprises, vacancies and talents.

``deploy.demo.generate.generate(seed)`` builds the sample in memory;
``python -m deploy.demo.load`` posts it to a running gateway over the HTTP API.
"""
