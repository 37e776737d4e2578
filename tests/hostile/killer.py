"""Run ``kg`` and kill it with SIGKILL at a chosen point of its writing, for the crash test.

``KG_KILL_AT=CALL:N`` kills the process at the N-th call (from 1) of CALL, just before
the call runs: ``replace`` (os.replace), ``rename`` (os.rename), ``symlink`` (os.symlink),
``write`` (a file's bytes, kg.build.output._write_all), ``store`` (a batch of quads into the
query store, pyoxigraph's Store.bulk_extend), ``rmtree`` (shutil.rmtree). A run that ends
before the N-th call prints ``KG_KILL_MISSED`` on standard error.

    KG_KILL_AT=replace:2 python tests/hostile/killer.py build --no-extract --out out
"""

import atexit
import os
import shutil
import signal
import sys

call, _, nth = os.environ["KG_KILL_AT"].partition(":")
count = {"n": 0}


def wrap(owner, name: str, label: str) -> None:
    real = getattr(owner, name)

    def killing(*args, **kwargs):
        if label == call:
            count["n"] += 1
            if count["n"] == int(nth):
                os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(owner, name, killing)


import pyoxigraph  # noqa: E402

import kg.build.output  # noqa: E402

wrap(os, "replace", "replace")
wrap(os, "rename", "rename")
wrap(os, "symlink", "symlink")
wrap(shutil, "rmtree", "rmtree")
wrap(kg.build.output, "_write_all", "write")
wrap(pyoxigraph.Store, "bulk_extend", "store")
atexit.register(lambda: print("KG_KILL_MISSED", file=sys.stderr))
sys.argv[0] = "kg"
from kg.cli import main  # noqa: E402

main()
