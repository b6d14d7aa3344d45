"""NumPy's BLAS on one thread.

The products answering computes are small: a question's vector against its passages'
sentences, eighty candidate passages against each other. OpenBLAS runs the larger of them on
every core, and its threads, busy-waiting after each product, took the second core from the
lexical search and the encoder running beside it: at 100,000 passages a question cost 51 CPU-ms
against 28 on one thread, and retrieval p95 33 ms against 23 (``benchmarks/query.py``).
"""

from __future__ import annotations

import functools


@functools.cache
def use_one_blas_thread() -> None:
    """Once, for the whole process: BLAS has one thread count for all of a process's threads."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
