"""Django's database cache with an incr() the login throttle can count on.

Django's own incr() reads the value, then writes it back with the default timeout: two failures
at the same moment were counted as one, and every failure moved the counter's expiry to five
minutes ahead, so a lock ended long before its window did. Production uses this cache when
CACHE_URL is unset (console/settings/production.py).
"""

import base64
import pickle

from django.core.cache.backends import db
from django.db import connections, router, transaction


class DatabaseCache(db.DatabaseCache):
    """The database cache whose incr() keeps the expiry and loses no simultaneous increment."""

    def incr(self, key, delta=1, version=None):
        stored_key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                # A write that changes nothing, first: it holds the row's lock (SQLite's whole
                # database) until commit, so a simultaneous incr() waits and then reads our value.
                cursor.execute(
                    f"UPDATE {table} SET expires = expires WHERE cache_key = %s", [stored_key]
                )
            value = self.get(key, self._missing_key, version=version)
            if value is self._missing_key:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            # Encoded as Django's _base_set() encodes; only the value changes, not the expiry.
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET value = %s WHERE cache_key = %s", [encoded, stored_key]
                )
        return value
