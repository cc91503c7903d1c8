#!/usr/bin/env python3
"""Golden .npy files for SkeinStateVector's NPY tests.

    /work/venv/bin/python Tests/SkeinStateVectorTests/Golden/make_npy_golden.py          # (re)write numpy_*.npy
    /work/venv/bin/python Tests/SkeinStateVectorTests/Golden/make_npy_golden.py --check  # check skein_*.npy with numpy

The vector is a_k = (k+1)/8 - (k/16) i for k = 0..7 (exact in float32 and float64). numpy writes
numpy_c16.npy (complex128) and numpy_c8.npy (complex64); Skein's tests read them. Skein writes
skein_c16.npy / skein_c8.npy for the same vector (record them with
SKEIN_RECORD_NPY_GOLDEN=1 swift test --filter NPYTests); --check loads those with numpy and
verifies dtype, shape, order and values.
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
VECTOR = np.array([complex((k + 1) / 8, -k / 16) for k in range(8)])


def write():
    for name, dtype in [("numpy_c16.npy", np.complex128), ("numpy_c8.npy", np.complex64)]:
        np.save(os.path.join(HERE, name), VECTOR.astype(dtype))
        print("wrote", name, "numpy", np.__version__)


def check():
    ok = True
    for name, dtype in [("skein_c16.npy", np.complex128), ("skein_c8.npy", np.complex64)]:
        a = np.load(os.path.join(HERE, name))
        good = a.dtype == dtype and a.shape == (8,) and a.flags["C_CONTIGUOUS"] and np.array_equal(a, VECTOR.astype(dtype))
        ok = ok and good
        print(name, "dtype", a.dtype, "shape", a.shape, "values equal" if good else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    check() if "--check" in sys.argv else write()
