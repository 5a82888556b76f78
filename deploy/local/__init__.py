"""The distributed mode on one machine: broker, database and every service as processes."""
