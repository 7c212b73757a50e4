import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sambat.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load the routing model before the first complaint arrives, then move everything loaded so far out of the
    garbage collector's sight: a full collection over the model's caches would otherwise pause a request now and
    then for tens of milliseconds."""
    from sambat.routing import service

    service.current_model()
    gc.freeze()


_warm_up()
