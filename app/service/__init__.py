"""The scheduled service behind ``qingshan run`` and ``qingshan status``.

APScheduler runs each enabled source's crawl in a ``qingshan crawl SOURCE --once`` process at the
source's adaptive interval (never two of one source at once), post-processing after every crawl
(:mod:`app.postprocess`: near-duplicates, events, alert evaluation), the deadline sweep, outbox delivery
and the daily digest. Every run is journalled in SQL so another process can show it (``qingshan status``);
one service per database (:class:`~app.service.lock.InstanceLock`).

Modules: ``tables`` (SQL tables), ``queue`` (documents waiting for post-processing, filled by the ingest
writer), ``journal`` (job runs), ``lock`` (single instance), ``gate`` (index writers take turns),
``write_turns`` (a crawl process asks for the turn for each batch it writes),
``crawl_process`` (one crawl subprocess), ``jobs`` (what the service runs), ``scheduler`` (the service),
``status`` (what ``qingshan status`` reads).

Exception tree::

    ServiceError                    the service cannot run
    ├── ServiceDatabaseError        its tables cannot be opened, read or written
    └── ServiceLockedError          another service holds the lock on this database
"""

from app.service.errors import ServiceDatabaseError, ServiceError, ServiceLockedError

__all__ = ["ServiceDatabaseError", "ServiceError", "ServiceLockedError"]
