"""One router per resource; routes parse, call the Workspace, return models."""
