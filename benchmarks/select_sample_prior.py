"""Choose ``sample_prior``'s Langevin schedule on selection seeds (not the reported ones).

The learned prior of the ``guided-learned`` rows (a-Si samples 0–29, the generator's defaults)
is trained once (and cached in the file ``$SELECT_CACHE`` when that is set; a cache is not
checked against the code, so delete it after changing the prior); each schedule
``[steps_per_level, n_levels]`` draws N unconditional structures from ``random_state``
SEED; one JSON line per schedule (realism means, the worst energy, ΔED of g against the
held-out references 40–49)::

    python benchmarks/select_sample_prior.py '[[50,12],[200,12],[500,12],[200,24]]' 100 4

Measured 2026-12-01 15:45–15:51 (the default 24 × 200 was chosen from these lines, before the
reported seeds 0–5 were run): ``benchmarks/results/generate_rows/select_sample_prior.jsonl``.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KEYS = ("method", "frac_ideal", "adf_peak", "adf_spread", "rings_3", "rings_4", "rings_4_sd",
        "crystallinity", "energy", "energy_worst", "dED_g", "cpu_s")  # fmt: skip


def main(schedules, seed: int, n: int) -> None:
    import torch

    from benchmarks.bench_generate import LEARNED_RELAX_FACTOR, LEARNED_WEIGHT, _evaluate, problem
    from sklearn_rdf.generate import SpectrumGuidedGenerator

    torch.set_num_threads(1)
    p = problem("held-out")
    cache = Path(os.environ["SELECT_CACHE"]) if os.environ.get("SELECT_CACHE") else None
    if cache is not None and cache.exists():
        est = pickle.loads(cache.read_bytes())
    else:
        est = SpectrumGuidedGenerator(
            n_atoms=216, species="Si", density=p["density"], max_time=60, prior="learned",
            prior_weight=LEARNED_WEIGHT, relax_factor=LEARNED_RELAX_FACTOR, n_jobs=2,
            random_state=0,
        )  # fmt: skip
        t0 = time.process_time()
        fit_kw = dict(q=p["q"], S=p["S"], theta=p["theta"], adf=p["adf"])
        fit_kw.update(references=p["references"], training_structures=p["split_train_atoms"])
        est.fit(p["r"], p["g"], **fit_kw)
        print("train cpu", round(time.process_time() - t0, 1), flush=True)
        if cache is not None:
            cache.write_bytes(pickle.dumps(est))
    for steps, levels in schedules:
        est.set_params(random_state=seed)
        structures = est.sample_prior(n, steps_per_level=steps, n_levels=levels)
        row = _evaluate(f"unc {steps}x{levels}", structures, est, {}, worst=True)
        print(json.dumps({k: row[k] for k in KEYS}), flush=True)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
