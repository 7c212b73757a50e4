"""Benchmark of Sambat under gunicorn against PostgreSQL (`make bench`). A script that prints figures, not a test."""
