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
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv) -> dict:
    import numpy as np
    import torch

    from benchmarks.bench_generate import R_CUT, TARGETS, rebin
    from sklearn_rdf.datasets import load_simulated_glasses, load_simulated_structures
    from sklearn_rdf.generate import SpectrumGuidedGenerator, realism_metrics
    from sklearn_rdf.generate._guided import run_replica

    torch.set_num_threads(1)
    args = json.loads(argv[0])
    tag = argv[1] if len(argv) > 1 else ""
    target = args.pop("target", "validation")
    seed = args.pop("seed", 0)
    n_atoms = args.pop("n_atoms", 216)
    budget = args.pop("budget", 60.0 if n_atoms == 216 else 120.0)
    gen_kw = args.pop("gen", {})
    refs = TARGETS[target]
    curves, coords = load_simulated_glasses("a-si"), load_simulated_structures("a-si")
    g4, r = rebin(curves.X, curves.r)
    rows = [int(np.flatnonzero(coords.index == k)[0]) for k in refs]
    density = float(np.mean(216 / np.prod(coords.box[list(refs)], axis=1)))
    kw = dict(n_atoms=n_atoms, species="Si", density=density, max_time=budget,
              prior="potential", prior_system="a-si", random_state=seed)  # fmt: skip
    kw.update(gen_kw)
    est = SpectrumGuidedGenerator(**kw).fit(r, g4[rows].mean(0), references={"g": g4[rows]})
    res = run_replica(est._config(**args), est._seeds(1)[0])
    atoms = est._atoms(res, "tune")
    err = est.spectral_errors([atoms])["g"]
    m = realism_metrics(atoms, r_cut=R_CUT, ideal_coordination=4, max_ring=8, potential="a-si")
    out = dict(tag=tag, target=target, seed=seed, n=n_atoms, g=round(err["error"], 4),
               ff=round(float(m["frac_ideal"]), 4), adf=float(m["adf_peak"]),
               r3=round(float(m["rings_3"]), 4), E=round(float(m["energy"]), 4),
               steps=res["n_steps"], cpu=round(res["cpu_s"], 1), cfg=argv[0])  # fmt: skip
    print(json.dumps(out), flush=True)
    with open(os.environ.get("TUNE_LOG", "tune_generate.jsonl"), "a") as f:
        f.write(json.dumps(out) + "\n")
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
