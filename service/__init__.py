"""Parallax service: storage, ingest, CLI, API, jobs and the REST client."""
