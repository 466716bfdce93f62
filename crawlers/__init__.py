"""Scheduled, incremental, polite collection of news sites, feeds, Weibo and message boards (Scrapy).

Spiders are built from ``config.sources`` entries; they hand items (one field per Document field) to
whatever item pipeline the application installs. ``crawlers`` imports neither ``nlp`` nor ``indexer``:
the item class and the document-id function come in through the Scrapy settings.

Exception tree::

    CrawlerError                  base of everything the crawlers raise on purpose
    ├── SourceConfigError         a source cannot be built from its configuration (unknown plan, no keywords)
    ├── CrawlStateError           the crawl-state database cannot be opened or written
    └── SourceBlockedError        a site refuses the crawler (login wall, captcha, HTTP 418/432):
                                  the source is marked degraded, never reported as "no new items"
"""
