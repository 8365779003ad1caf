"""Python's cycle collector in a serving process: what lives as long as the process is moved out of its reach.

A full collection walks every object the process holds. Once the templates, the URL configuration, the
prepared queries and the models' machinery are built, that is over a hundred thousand objects, and a full
collection took 60 to 130 ms at 100,000 documents, paid by whichever request happened to set it off: two or
three fell in every 150 searches for words of middling frequency, and lifted their slowest twentieth.

So, after a process has answered its first requests (FREEZE_AFTER), and again as it settles, what survives a
collection is frozen (`gc.freeze`): kept, and no longer walked. A later full collection walks what was made
since, a few milliseconds' worth. Freezing runs after a response is sent (`request_finished`), three times in
the life of a process, each one collection long. What a request of another thread still holds at that moment
is frozen with the rest: a few objects held in a cycle may then outlive their request.
"""

from __future__ import annotations

import gc
import itertools

from django.core.signals import request_finished

FREEZE_AFTER = (100, 1_000, 10_000)  # requests answered by the process


def freeze_what_lasts(after: tuple[int, ...] = FREEZE_AFTER) -> None:
    """From now on, freeze the objects that survive a collection when this process has answered each of
    `after` requests (called once, where the server loads the application)."""
    points, answered_so_far = frozenset(after), itertools.count(1)  # next() on a count is atomic

    def answered(**kwargs) -> None:
        if next(answered_so_far) in points:
            gc.collect()
            gc.freeze()

    request_finished.connect(answered, weak=False, dispatch_uid="archive.collector")
