"""Errors of the extract stage.

`DocumentError` is raised by `extract.document` (and so by `python -m extract`) when an
input cannot become a document: empty, binary, too large, an unreadable PDF, a page with
no text. Its message is one line meant for a person, without the path: callers that know
the path put it in front (`extract: <path>: <message>`).
"""


class DocumentError(ValueError):
    """An input that cannot be turned into a `Document`; str() is a one-line reason."""
