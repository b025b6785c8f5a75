"""The crawler's middlewares: politeness and economy, one job each, wired in settings.

Downloader middlewares (see ``DOWNLOADER_MIDDLEWARES`` in ``crawler.settings``):

* :mod:`crawler.middlewares.retry`: retries 429/5xx and network errors with
  exponential backoff, honouring ``Retry-After``;
* :mod:`crawler.middlewares.redirects`: a redirect loop fails the URL
  instead of vanishing in the duplicate filter;
* :mod:`crawler.middlewares.resume`: a URL already stored by a crawl that
  was killed (or earlier in this one) is replayed from the store, not fetched;
* :mod:`crawler.middlewares.conditional`: ``If-None-Match`` /
  ``If-Modified-Since`` for stored URLs; a 304 is replayed from the store.

Spider middlewares:

* :mod:`crawler.middlewares.seen`: feed/sitemap/report entries already
  stored and not updated since are not requested at all;
* :mod:`crawler.middlewares.budget`: a source's ``max_pages``.
"""
