"""One replica of the a-Si guided generator for tuning: ``python benchmarks/tune_generate.py
'{"seed": 0, "sigma_end": 0.02}' TAG``.

The JSON holds ``target`` ("validation": samples 30–39, the default; "held-out": 40–49 — not
for tuning), ``seed`` (the generator's ``random_state``), ``n_atoms`` (216), ``budget`` (CPU s;
60 at 216 atoms, else 120), ``gen`` (generator keyword arguments) and any other key overrides
the replica's :class:`~sklearn_rdf.generate._guided.GuidanceConfig` (e.g. ``sigma_end``,
``relax_fraction``, ``relax_factor``). Potential prior (Vink SW) unless ``gen`` says
otherwise. Prints one JSON line (g RMSE, four-fold fraction, ADF peak, three-rings per atom,
SW energy, steps) and appends it to ``$TUNE_LOG`` (default ``tune_generate.jsonl``). The
validation table of docs/generate.md was measured this way.

With ``"gen": {"prior": "learned"}`` the replica uses the learned prior of the ``guided-learned``
rows (weight ``LEARNED_WEIGHT``, relaxation factor ``LEARNED_RELAX_FACTOR``, soft core
weight ``LEARNED_CORE_WEIGHT`` unless ``gen`` or the JSON say otherwise; the trials of
``validation_learned_prior.jsonl`` ran before that default, at core weight 1 unless their
``core_weight`` says otherwise), trained on samples 0–29 with the generator's seed for
``random_state=0`` (the benchmark's prior) and ``"prior": {...}`` passed to
:func:`~sklearn_rdf.generate._score_prior.train_score_model` (e.g. ``sigma_min``, ``hidden``,
``n_iter``); the trained model is cached in ``$TUNE_CACHE`` (default: ``tune_generate_priors``
in the temporary folder) so that replicas of one prior train it once. The line then also
holds the shortest pair distance (``dmin``, Å) and the pairs closer than 2 Å (``n_short``),
and the structure is written to ``$TUNE_CACHE/TAG_seedN.xyz``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv) -> dict:
    import numpy as np
    import torch

    from benchmarks.bench_generate import (
        LEARNED_RELAX_FACTOR,
        LEARNED_WEIGHT,
        R_CUT,
        TARGETS,
        rebin,
    )
    from sklearn_rdf.datasets import load_simulated_glasses, load_simulated_structures
    from sklearn_rdf.generate import SpectrumGuidedGenerator, realism_metrics
    from sklearn_rdf.generate._generator import LEARNED_CORE_WEIGHT
    from sklearn_rdf.generate._guided import run_replica

    torch.set_num_threads(1)
    args = json.loads(argv[0])
    tag = argv[1] if len(argv) > 1 else ""
    target = args.pop("target", "validation")
    seed = args.pop("seed", 0)
    n_atoms = args.pop("n_atoms", 216)
    budget = args.pop("budget", 60.0 if n_atoms == 216 else 120.0)
    gen_kw = args.pop("gen", {})
    prior_kw = args.pop("prior", {})
    refs = TARGETS[target]
    curves, coords = load_simulated_glasses("a-si"), load_simulated_structures("a-si")
    g4, r = rebin(curves.X, curves.r)
    rows = [int(np.flatnonzero(coords.index == k)[0]) for k in refs]
    density = float(np.mean(216 / np.prod(coords.box[list(refs)], axis=1)))
    kw = dict(n_atoms=n_atoms, species="Si", density=density, max_time=budget,
              prior="potential", prior_system="a-si", random_state=seed)  # fmt: skip
    kw.update(gen_kw)
    learned = kw.get("prior") == "learned"
    if learned:  # the prior is trained (or loaded) below, not in fit
        kw.update(prior="none", prior_system=None)
        kw.setdefault("prior_weight", LEARNED_WEIGHT)
        kw.setdefault("relax_factor", LEARNED_RELAX_FACTOR)
        kw.setdefault("core_weight", LEARNED_CORE_WEIGHT)  # the default of prior="learned"
    est = SpectrumGuidedGenerator(**kw).fit(r, g4[rows].mean(0), references={"g": g4[rows]})
    if learned:
        est.set_params(prior="learned")
        est.score_model_ = _learned_prior(coords, 1.25 * est.adf_cutoff_, prior_kw)
    res = run_replica(est._config(**args), est._seeds(1)[0])
    atoms = est._atoms(res, "tune")
    err = est.spectral_errors([atoms])["g"]
    m = realism_metrics(atoms, r_cut=R_CUT, ideal_coordination=4, max_ring=8, potential="a-si")
    out = dict(tag=tag, target=target, seed=seed, n=n_atoms, g=round(err["error"], 4),
               ff=round(float(m["frac_ideal"]), 4), adf=float(m["adf_peak"]),
               r3=round(float(m["rings_3"]), 4), E=round(float(m["energy"]), 4),
               steps=res["n_steps"], cpu=round(res["cpu_s"], 1), cfg=argv[0])  # fmt: skip
    if learned:
        d = atoms.get_all_distances(mic=True)[np.triu_indices(len(atoms), 1)]
        out.update(dmin=round(float(d.min()), 3), n_short=int(np.sum(d < 2.0)),
                   cn=round(float(m["cn_mean"]), 3), r4=round(float(m["rings_4"]), 4))  # fmt: skip
        atoms.write(_cache() / f"{tag}_seed{seed}.xyz")
    print(json.dumps(out), flush=True)
    with open(os.environ.get("TUNE_LOG", "tune_generate.jsonl"), "a") as f:
        f.write(json.dumps(out) + "\n")
    return out


def _cache() -> Path:
    path = Path(os.environ.get("TUNE_CACHE", Path(tempfile.gettempdir()) / "tune_generate_priors"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _learned_prior(coords, r_cut: float, prior_kw: dict):
    """The benchmark's learned prior (samples 0–29, seed of ``random_state=0``), cached."""
    import hashlib

    import numpy as np
    import torch

    from benchmarks.bench_generate import TRAIN_SPLIT
    from sklearn_rdf._validation import check_random_state_local
    from sklearn_rdf.generate import to_atoms
    from sklearn_rdf.generate._score_prior import train_score_model

    key = json.dumps(dict(prior_kw, r_cut=round(r_cut, 6)), sort_keys=True)
    path = _cache() / f"prior_{hashlib.sha1(key.encode()).hexdigest()[:12]}.pt"
    if path.exists():
        return torch.load(path, weights_only=False)
    data = []
    for k in TRAIN_SPLIT:
        atoms = to_atoms(coords.positions[k].astype(float), coords.box[k], ["Si"] * 216)
        data.append((atoms.positions, np.zeros(216, dtype=int), np.diag(atoms.cell.array)))
    seed = int(check_random_state_local(0).randint(2**31 - 1))  # the generator's, random_state 0
    kw = {"n_iter": 6000, **prior_kw}
    model, loss = train_score_model(data, n_species=1, r_cut=r_cut, seed=seed, **kw)
    torch.save(model, path)
    print(f"trained prior {key}: final loss {loss[-200:].mean():.4f}", flush=True)
    return model


if __name__ == "__main__":
    main(sys.argv[1:])
