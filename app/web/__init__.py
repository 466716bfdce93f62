"""The web console: server-rendered pages (Jinja2) and a JSON API for spokespeople, press officers,
analysts and administrators. Everything it shows is served by the app itself (no CDN).

Entry points: :func:`app.web.app.create_app` (``create_app(settings) -> FastAPI``) and
:class:`app.web.services.Services` (the stores the console reads, opened once per process);
``qingshan serve`` runs the app with uvicorn and ``qingshan users`` manages accounts.

Exception tree (``app.web.errors``)::

    WebError                   base of what the console raises on purpose; rendered as a Chinese
    │                          error page (or JSON under /api/), never as a traceback
    ├── NotAuthenticated       no valid session or API token (401; pages redirect to /login)
    ├── PermissionDenied       the user's role does not allow this (403)
    ├── CsrfError              an unsafe request without the session's CSRF token (403)
    ├── LoginThrottled         too many failed logins for this name or address (429)
    ├── NotFound               no such document, event, user or file (404)
    ├── InvalidInput           a parameter or form value is wrong (400)
    ├── Conflict               an alert action does not fit the alert's current state (409)
    ├── ModuleUnavailable      a part (alerts, models) is not installed or not configured (503)
    ├── SecretKeyError         the persisted session key file is unusable (at start-up)
    └── UserStoreError         the users database cannot be opened, read or written (503)
        └── UserExists         the user name is taken (409)
"""
