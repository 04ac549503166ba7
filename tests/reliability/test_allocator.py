"""A long-running process (serve, watch) keeps big blocks in mappings of their own, given back
to the system when freed, however big a block it freed before."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Counts the blocks glibc has mapped on their own (mallinfo2's hblks) as ten 1 MB buffers are
# made, after an 8 MB one was freed (by default glibc then raises its threshold past 1 MB).
SCRIPT = """
import ctypes, ctypes.util, sys
if sys.argv[1] == "fixed":
    from newsweave.allocator import return_large_blocks_when_freed
    assert return_large_blocks_when_freed()
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]
libc = ctypes.CDLL(ctypes.util.find_library("c"))
if not hasattr(libc, "mallinfo2"):
    print("none")
    sys.exit()
libc.mallinfo2.restype = MallInfo2
freed = b"z" * (8 << 20)
del freed
mapped = libc.mallinfo2().hblks
buffers = [b"x" * (1 << 20) for _ in range(10)]
print(libc.mallinfo2().hblks - mapped)
"""


def blocks_mapped_on_their_own(mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[-1]


def test_big_blocks_are_mapped_on_their_own_after_a_bigger_one_was_freed():
    default = blocks_mapped_on_their_own("default")
    if default == "none":
        pytest.skip("not glibc (no mallinfo2): its allocator gives big blocks back its own way")
    if default != "0":
        pytest.skip("this glibc does not raise its threshold: nothing to show here")
    assert blocks_mapped_on_their_own("fixed") == "10"
