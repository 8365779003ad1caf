"""The sharded file cache: a store lists one small shard, and the cache never holds more than it may."""

import os
import time

from archive.filecache import SHARDS, ShardedFileCache


def cache(tmp_path, max_entries=SHARDS * 4, **options):
    return ShardedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries, **options}})


def entries(tmp_path):
    return [name for _, _, names in os.walk(tmp_path) for name in names if name.endswith(".djcache")]


def test_values_are_kept_and_read_back(tmp_path):
    pages = cache(tmp_path)
    pages.set("a", {"page": 1})
    assert pages.get("a") == {"page": 1}
    assert pages.get_many(["a", "b"]) == {"a": {"page": 1}}


def test_the_cache_never_holds_more_than_its_maximum(tmp_path):
    pages = cache(tmp_path)
    for n in range(SHARDS * 12):
        pages.set(f"key-{n}", n)
    assert len(entries(tmp_path)) <= SHARDS * 4
    assert pages.get(f"key-{SHARDS * 12 - 1}") == SHARDS * 12 - 1  # the last stored is kept


def one_shard(pages, count):
    """count keys that share a shard."""
    shard_of = {}
    for n in range(SHARDS * 40):
        shard_of.setdefault(os.path.dirname(pages._key_to_file(f"k{n}")), []).append(f"k{n}")
    return next(keys for keys in shard_of.values() if len(keys) >= count)[:count]


def test_a_full_shard_loses_its_expired_entries_first(tmp_path):
    pages = cache(tmp_path, max_entries=SHARDS * 3)
    keys = one_shard(pages, 4)
    pages.set(keys[0], "expires", timeout=1)
    pages.set(keys[1], "old")
    os.utime(pages._key_to_file(keys[1]), (time.time() - 100, time.time() - 100))
    pages.set(keys[2], "newer")
    time.sleep(1.1)
    pages.set(keys[3], "newest")
    assert [pages.get(key) for key in keys] == [None, "old", "newer", "newest"]


def test_a_full_shard_loses_its_oldest_entries(tmp_path):
    pages = cache(tmp_path, max_entries=SHARDS * 3)
    keys = one_shard(pages, 4)
    for key in keys[:3]:
        pages.set(key, key)
    os.utime(pages._key_to_file(keys[1]), (time.time() - 100, time.time() - 100))
    pages.set(keys[3], keys[3])
    assert [pages.get(key) for key in keys] == [keys[0], None, keys[2], keys[3]]


def test_clear_empties_every_shard(tmp_path):
    pages = cache(tmp_path)
    for n in range(50):
        pages.set(f"key-{n}", n)
    pages.clear()
    assert entries(tmp_path) == []
    assert pages.get("key-1") is None
