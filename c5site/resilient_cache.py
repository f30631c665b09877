"""Django's Redis cache backend, for which Redis failing means a cache that holds nothing.

Redis is only ever a cache here: the public response cache, the API's counts, the rate
limit. When Redis refuses connections, times out (settings give it a few hundred
milliseconds: a frozen Redis must not hold a worker) or answers an error, each call
behaves as it would on an empty cache that keeps nothing: `get` returns the default,
`set` and `delete` do nothing, `add` says it added, `incr` raises ValueError (as for a
missing key), and the caller serves uncached. The failure is logged as a warning once
per pause, not once per call.

After a failure, the backend does not ask Redis again for DOWN_SECONDS (per process and
server), so a frozen Redis costs one timeout per worker every few seconds, not one per
call; the first call after the pause tries again, and recovery needs nothing.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("c5site.cache")

DOWN_SECONDS = 5.0
_down_until = {}  # server location → time.monotonic() before which it is not asked again
_down_lock = threading.Lock()


def _errors():
    import redis  # noqa: PLC0415 — only with a Redis cache configured

    return (redis.RedisError, OSError)


class CacheUnavailable(Exception):
    """Redis did not answer (or is paused after failing): the caller serves without the cache."""


class ResilientRedisCache(RedisCache):
    """RedisCache whose every call falls back to "nothing cached" when Redis fails."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        self._raw = None

    # -- the guard ---------------------------------------------------------------------------------------

    def available(self):
        return _down_until.get(self._location, 0.0) <= time.monotonic()

    def call(self, function, *args, **kwargs):
        """function(*args, **kwargs), or CacheUnavailable if Redis is paused or fails now."""
        if not self.available():
            raise CacheUnavailable(self._location)
        try:
            return function(*args, **kwargs)
        except _errors() as error:
            with _down_lock:
                first = _down_until.get(self._location, 0.0) <= time.monotonic()
                _down_until[self._location] = time.monotonic() + DOWN_SECONDS
            if first:
                logger.warning(
                    "Redis cache unavailable (%s: %s); serving uncached for %.0f s", type(error).__name__, error, DOWN_SECONDS
                )
            raise CacheUnavailable(self._location) from error

    def _or(self, default, function, *args, **kwargs):
        try:
            return self.call(function, *args, **kwargs)
        except CacheUnavailable:
            return default

    # -- bytes stored as they are, through one client kept per backend ---------------------------------------

    def raw_client(self):
        if self._raw is None:
            self._raw = self._cache.get_client(write=True)
        return self._raw

    def get_raw_many(self, keys):
        """[bytes or None] for `keys`, not unpickled (set with set_raw)."""
        client = self.raw_client()
        return self.call(client.mget, [self.make_and_validate_key(key) for key in keys])

    def set_raw(self, key, value, timeout):
        self.call(self.raw_client().set, self.make_and_validate_key(key), value, ex=timeout)

    # -- the cache API -------------------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._or(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        try:
            return self.call(super().incr, key, delta, version)
        except CacheUnavailable:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).") from None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._or(None, super().delete_many, keys, version)

    def clear(self):
        return self._or(False, super().clear)
