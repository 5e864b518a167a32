"""The GPU path of structure generation (issue 12): time per step on the CPU and on CUDA.

``python -m benchmarks.run generate_gpu`` times, on one a-Si problem (the mean g(r) of the
shipped snapshot's samples 40–49, the headline target of ``bench_generate``):

- guided steps of :class:`~sklearn_rdf.generate.SpectrumGuidedGenerator` (g(r) guidance, no
  prior, float32) at 216 and 512 atoms, a fixed number of steps from a random start;
- denoising-score-matching iterations of the learned prior (float64, 216-atom structures);
- annealed-Langevin steps of the learned prior (216 atoms).

Each is timed on ``device="cpu"`` (one thread) and, where ``torch.cuda.is_available()``, on
``device="cuda"``; without CUDA the CUDA rows say ``skipped`` and why. Times are wall seconds
per step (CUDA work is synchronised before the clock is read), and CPU seconds for the CPU rows.
"""

from __future__ import annotations

import time

import numpy as np

from .harness import benchmark


def _problem():
    from benchmarks.bench_generate import REFERENCE, rebin
    from sklearn_rdf.datasets import load_simulated_glasses, load_simulated_structures

    curves = load_simulated_glasses("a-si")
    coords = load_simulated_structures("a-si")
    g4, r = rebin(curves.X, curves.r)
    rows = [int(np.flatnonzero(coords.index == k)[0]) for k in REFERENCE]
    density = float(np.mean(216 / np.prod(coords.box[list(REFERENCE)], axis=1)))
    return r, g4[rows].mean(0), density, coords


def _sync(device: str) -> None:
    import torch

    if device.startswith("cuda"):
        torch.cuda.synchronize()


def _clock(func, device: str) -> tuple[float, float]:
    _sync(device)
    w0, c0 = time.perf_counter(), time.process_time()
    func()
    _sync(device)
    return time.perf_counter() - w0, time.process_time() - c0


def _devices() -> list[tuple[str, str | None]]:
    import torch

    cuda = torch.cuda.is_available()
    why = None if cuda else "skipped: torch.cuda.is_available() is False (no CUDA device)"
    return [("cpu", None), ("cuda", why)]


@benchmark("generate_gpu")
def guided_steps(quick: bool) -> list[dict]:
    import torch

    from sklearn_rdf.generate import SpectrumGuidedGenerator

    torch.set_num_threads(1)
    r, g, density, _ = _problem()
    n_steps = 20 if quick else 200
    rows = []
    for n_atoms in (216, 512):
        for device, why in _devices():
            row = {"case": f"guided g(r), {n_atoms} atoms", "device": device, "steps": n_steps}
            if why:
                rows.append({**row, "note": why})
                continue
            est = SpectrumGuidedGenerator(
                n_atoms=n_atoms, density=density, n_steps=n_steps, device=device, random_state=0
            ).fit(r, g)
            SpectrumGuidedGenerator(
                n_atoms=n_atoms, density=density, n_steps=5, device=device, random_state=0
            ).fit(r, g).sample(1)  # warm-up (CUDA context, kernels)
            wall, cpu = _clock(lambda est=est: est.sample(1), device)
            rows.append({**row, "ms_per_step": round(1e3 * wall / n_steps, 2),
                         "cpu_ms_per_step": round(1e3 * cpu / n_steps, 2)})  # fmt: skip
    return rows


@benchmark("generate_gpu")
def learned_prior_steps(quick: bool) -> list[dict]:
    import torch

    from sklearn_rdf.generate import train_score_model
    from sklearn_rdf.generate._score_prior import annealed_langevin

    torch.set_num_threads(1)
    _, _, _, coords = _problem()
    data = [(coords.positions[k], coords.types[k], coords.box[k]) for k in range(40)]
    n_iter = 20 if quick else 200
    rows = []
    for device, why in _devices():
        if why:
            rows.append({"case": "DSM training + Langevin, 216 atoms", "device": device,
                         "note": why})  # fmt: skip
            continue
        model = None

        def train(device=device):
            nonlocal model
            model, _ = train_score_model(
                data, n_species=1, r_cut=3.56, n_iter=n_iter, seed=0, device=device
            )

        train_score_model(data, n_species=1, r_cut=3.56, n_iter=3, seed=0, device=device)
        wall, cpu = _clock(train, device)
        rows.append({"case": "DSM training, 216 atoms", "device": device, "steps": n_iter,
                     "ms_per_step": round(1e3 * wall / n_iter, 2),
                     "cpu_ms_per_step": round(1e3 * cpu / n_iter, 2)})  # fmt: skip
        L = float(coords.box[0][0])
        x0 = np.random.default_rng(0).uniform(0, L, (216, 3))
        levels, per_level = np.geomspace(0.5, 0.01, 4), (5 if quick else 50)

        def sample(model=model, x0=x0, levels=levels, per_level=per_level):
            box, types = coords.box[0], np.zeros(216, int)
            annealed_langevin(model, x0, box, types, sigmas=levels, steps_per_level=per_level)

        wall, cpu = _clock(sample, device)
        n = levels.size * per_level
        rows.append({"case": "annealed Langevin, 216 atoms", "device": device, "steps": n,
                     "ms_per_step": round(1e3 * wall / n, 2),
                     "cpu_ms_per_step": round(1e3 * cpu / n, 2)})  # fmt: skip
    return rows
