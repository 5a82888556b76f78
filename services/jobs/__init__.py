"""Jobs service: validates, stores and publishes vacancies."""
