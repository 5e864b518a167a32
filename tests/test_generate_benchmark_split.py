"""The generation benchmark's splits: a learned prior never trains on the target's references."""

import numpy as np
import pytest

pytest.importorskip("torch")


@pytest.mark.parametrize("target", ["held-out", "validation"])
def test_learned_prior_training_excludes_the_target(target, monkeypatch):
    bench_generate = pytest.importorskip(
        "benchmarks.bench_generate", reason="benchmarks/ is importable from the repository root"
    )
    # the spectra of the references are not what this checks: skip computing them
    monkeypatch.setattr(
        "sklearn_rdf.generate.structure_spectra", lambda a, **kw: {"S": np.zeros(1), "adf": 0}
    )
    p = bench_generate.problem(target)
    refs = {a.positions.tobytes() for a in p["reference_atoms"]}
    for key in ("train_atoms", "split_train_atoms"):
        assert p[key] and not refs & {a.positions.tobytes() for a in p[key]}, key
