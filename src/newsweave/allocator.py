"""How a long-running process (`serve`, `watch`) asks the C allocator to give memory back.

glibc's malloc serves a block of 128 KB or more from its own mapping, unmapped when freed, but
after the first such block is freed it raises that threshold to the block's size (up to 32 MB).
From then on the big, short-lived buffers of this program (a lemma dictionary being
decompressed, the e5 model file being read, a page of rows, a rendered page) come from the
heap, and the holes they leave keep the process's resident memory at its high-water mark. A
fixed threshold keeps them in mappings of their own: measured on `newsweave serve` beside
`watch` (bench/soak.py, 2 minutes), 413 -> 314 MB at launch and no growth from it later
(malloc_trim then found nothing to give back, against 100 MB before).
"""

from __future__ import annotations

import ctypes
import ctypes.util

from newsweave import settings

M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)


def return_large_blocks_when_freed() -> bool:
    """Fix glibc's mmap threshold at settings.MALLOC_MMAP_THRESHOLD_BYTES; False where the C
    library is not glibc (musl, macOS: they map and unmap big blocks anyway, or differently)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, settings.MALLOC_MMAP_THRESHOLD_BYTES))
