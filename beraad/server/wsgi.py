"""The WSGI application gunicorn serves (`beraad server run`)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beraad.server.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
