"""NumPy's BLAS runs on one thread once an assistant exists (``assistant.index.blas_threads``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info

from assistant import Assistant, Settings


def test_an_assistant_runs_numpys_blas_on_one_thread(tmp_path: Path) -> None:
    """OpenBLAS starts with a thread per core; its threads spinning after each small product
    took the core the lexical search ran on."""
    # OpenBLAS starts with a thread per core: on a one-core machine this holds without the
    # setting, on CI's two cores it fails without it (checked by removing the call)
    Assistant(Settings(data_dir=tmp_path))
    numpy_folder = str(Path(np.__file__).parent)  # its wheel's own OpenBLAS, in numpy.libs
    numpys = [
        pool
        for pool in threadpool_info()
        if pool["user_api"] == "blas" and pool["filepath"].startswith(numpy_folder)
    ]
    assert numpys and all(pool["num_threads"] == 1 for pool in numpys)
