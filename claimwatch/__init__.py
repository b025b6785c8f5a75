"""claimwatch: track the numbers the AI economy runs on.

The ``claimwatch`` command (:mod:`claimwatch.cli`) wires the stages together:
``crawler`` fetches sources into ``kb`` snapshots, ``extract`` turns documents
into claims, ``kb.publish`` serves the result with Datasette.
"""

__version__ = "0.1.0"
