"""A file cache in shards, culled one small shard at a time.

Django's file cache lists its whole folder on every store to count its entries, which grows slow as
the folder fills. Here each entry lives in one of SHARDS sub-folders (chosen by its key's hash), each
holding at most MAX_ENTRIES / SHARDS entries: a store lists only the shard it writes to, and when
that shard is full removes its expired entries, then its oldest written ones (a page kept under a
generation moved on is never read again, so it ages out first). The cache as a whole never holds
more than MAX_ENTRIES entries.
"""

from __future__ import annotations

import os
import pickle
import time
from hashlib import md5

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

SHARDS = 256


class ShardedFileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._per_shard = max(1, self._max_entries // SHARDS)

    def _key_to_file(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        name = md5(key.encode(), usedforsecurity=False).hexdigest()
        return os.path.join(self._dir, name[:2], name + self.cache_suffix)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        shard = os.path.dirname(self._key_to_file(key, version))
        os.makedirs(shard, mode=0o700, exist_ok=True)
        self._cull_shard(shard)
        super().set(key, value, timeout, version)

    def _cull(self):
        """Culling is done per shard in set()."""

    def _cull_shard(self, shard: str) -> None:
        try:
            entries = [entry for entry in os.scandir(shard) if entry.name.endswith(self.cache_suffix)]
        except FileNotFoundError:
            return
        if len(entries) < self._per_shard:
            return
        now = time.time()
        fresh = []
        for entry in entries:
            if self._expired(entry.path, now):
                self._delete(entry.path)
            else:
                fresh.append(entry)
        if len(fresh) < self._per_shard:
            return
        excess = len(fresh) - self._per_shard + 1
        cull = max(excess, len(fresh) // self._cull_frequency) if self._cull_frequency else len(fresh)
        fresh.sort(key=_written)
        for entry in fresh[:cull]:
            self._delete(entry.path)

    def _expired(self, path: str, now: float) -> bool:
        try:
            with open(path, "rb") as f:
                expiry = self._load_expiry(f)
        except FileNotFoundError:
            return False
        return expiry is not None and expiry < now

    @staticmethod
    def _load_expiry(f):
        try:
            return pickle.load(f)
        except EOFError:
            return 0

    def _list_cache_files(self):
        """Every entry, in every shard (for clear())."""
        found = []
        for shard in os.scandir(self._dir) if os.path.isdir(self._dir) else ():
            if shard.is_dir():
                found += [entry.path for entry in os.scandir(shard.path) if entry.name.endswith(self.cache_suffix)]
        return found


def _written(entry) -> float:
    try:
        return entry.stat().st_mtime
    except FileNotFoundError:
        return 0.0
