"""Import target for `uvicorn service.api.app:app --workers N`: settings from the environment."""

from service.api.main import create_app

app = create_app()
