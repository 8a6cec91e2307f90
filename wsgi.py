"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app``."""

import os

from werkzeug.middleware.proxy_fix import ProxyFix

from learn import create_app

app = create_app()

# Behind a reverse proxy, trust that many hops of X-Forwarded-For/-Proto, so that rate limits
# see each learner's address instead of the proxy's. X-Forwarded-Host is never trusted: every
# absolute address comes from LEERPAD_BASE_URL (learn.urls).
if proxies := int(os.environ.get("LEERPAD_TRUSTED_PROXIES", "0")):
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
