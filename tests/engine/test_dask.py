"""Monte Carlo on Dask gives the same bytes as here, on a LocalCluster or a scheduler address."""

from __future__ import annotations

import logging
import pickle

import numpy as np
import pytest

from muster.compute import dask_mapper, local_mapper
from muster.engine.montecarlo import CHUNK, prepare
from muster.engine.results import simulate
from muster.synth import synth

pytestmark = pytest.mark.timeout(600)  # worker processes start slowly on a busy machine


@pytest.fixture(scope="module")
def prepared():
    ds = synth(nations=10, pledges=120, lines=30, conditions=12, rng=np.random.default_rng(6))
    return prepare(ds)


def test_local_cluster_of_worker_processes_matches_local_threads(prepared):
    worlds = CHUNK + 77
    with local_mapper(2) as mapper:
        here = simulate(prepared, worlds=worlds, seed=11, mapper=mapper)
    with dask_mapper(workers=2) as mapper:
        there = simulate(prepared, worlds=worlds, seed=11, mapper=mapper)
    assert pickle.dumps(there) == pickle.dumps(here)


def test_existing_scheduler_by_address(prepared):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,  # in this process: its address is inproc://, no port is opened
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        seen = []
        with dask_mapper(workers=1, scheduler=cluster.scheduler_address) as mapper:
            there = simulate(
                prepared,
                worlds=CHUNK + 5,
                seed=4,
                mapper=mapper,
                progress=lambda d, t: seen.append(d),
            )
    here = simulate(prepared, worlds=CHUNK + 5, seed=4)
    assert pickle.dumps(there) == pickle.dumps(here)
    assert seen == [CHUNK, CHUNK + 5]
