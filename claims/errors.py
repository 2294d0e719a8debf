"""Exceptions the pipeline raises; the service turns them into messages a person can act on."""


class ParallaxError(Exception):
    """Base of every error the pipeline raises on purpose."""


class ModelUnavailableError(ParallaxError):
    """A configured model (spaCy or embedding) cannot be loaded; the message says how to fix it."""


class UnknownDetectorError(ParallaxError, KeyError):
    """A detector kind was asked for that is not registered."""

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return str(self.args[0]) if self.args else "unknown detector"


class IndexOutOfStepError(ParallaxError):
    """The FAISS index does not match the database and must be rebuilt."""
