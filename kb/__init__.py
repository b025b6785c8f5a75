"""The SQLite knowledge base: schema, writes and reads (all of claimwatch's SQL).

Other packages reach the database only through these modules:
``kb.db`` (open + migrate), ``kb.crawlstore`` (sources, runs, pages,
snapshots, fetch errors), ``kb.documents`` (documents and their claims),
``kb.entities`` and ``kb.observations`` (leaderboards).
"""

from kb.db import KBError, now, open_db

__all__ = ["KBError", "now", "open_db"]
