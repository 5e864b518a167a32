"""One replica of spectrum-guided structure optimisation (the work behind the generator).

Positions x (N, 3) in a fixed cubic box are moved by Adam on

    loss(x) = Σ_m w_m · mean_k (s_m(x; σ) − t_m(σ))² + w_core · Σ_pairs relu(r_core − d)²
              + w_prior · E(x)/N

where s_m are the differentiable spectra of :mod:`sklearn_rdf.physics.differentiable` (g(r)
smeared by σ, number-weighted or the Faber–Ziman total Σ w_αβ g_αβ of ``cfg.weighting``;
S(q) on a random subset of reciprocal-lattice vectors, likewise weighted; the bond-angle
distribution), t_m(σ) the target smeared the same way, and E a prior energy per atom: a
reference potential through LAMMPS (eV) or a learned score model's energy. σ is annealed
geometrically from ``sigma_start`` to ``sigma_end`` over the first ``anneal_fraction`` of the
budget; the prior is switched on from ``prior_start`` (fraction of the budget) and its weight
rises geometrically to ``relax_factor`` × ``prior_weight`` over the last ``relax_fraction``
(a short relaxation with the spectra still in the loss); the Adam step decays from
``learning_rate`` to a tenth of it. Everything runs on ``device`` (a torch device string); a
LAMMPS prior is evaluated on the CPU and its forces moved.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch

from ..physics.differentiable import (
    _shell_volumes,
    _windowed_counts,
    bond_angle_distribution,
    g_from_distances,
    histogram_bins,
    minimum_image_pairs,
    pair_weight_matrix,
    structure_factor_exact,
    weighted_g_from_distances,
    weighted_structure_factor_exact,
)

__all__ = ["GuidanceConfig", "budget_clock", "run_replica", "smeared_target_g"]

#: Skin (Å) of the candidate pair list. Adam moves each coordinate by at most about the
#: learning rate per step, an atom by √3 times that, a pair by twice that: the list is rebuilt
#: every ``_SKIN / (3.5 · learning_rate)`` steps.
_SKIN = 0.6
#: Positions and spectra in float32 are twice as fast as float64 (7.3 → 4.0 ms per g(r)
#: forward + backward at 216 atoms) and exact enough for Å-scale boxes (1e-6 Å).
_DTYPES = {"float32": torch.float32, "float64": torch.float64}


@dataclass
class GuidanceConfig:
    """Everything one replica needs (picklable, sent to joblib workers)."""

    counts: np.ndarray
    box: float
    r: np.ndarray
    g: np.ndarray
    q: np.ndarray | None = None
    S: np.ndarray | None = None
    theta: np.ndarray | None = None
    adf: np.ndarray | None = None
    weights: dict = field(default_factory=lambda: {"g": 1.0, "S": 0.0, "adf": 0.0})
    #: TotalWeighting of the g and S targets (None: number-weighted totals)
    weighting: object = None
    adf_cutoff: float = 2.85
    adf_sigma: float = 3.0
    core_radius: float = 2.0
    core_weight: float = 1.0
    prior: str = "none"
    prior_system: str | None = None
    prior_model: object = None
    prior_weight: float = 0.45
    #: A learned prior's energy is evaluated at the noise level max(σ, ``prior_sigma_min``) Å.
    prior_sigma_min: float = 0.0
    prior_start: float = 0.2
    relax_fraction: float = 0.2
    relax_factor: float = 8.0
    sigma_start: float = 0.2
    sigma_end: float = 0.02
    anneal_fraction: float = 0.8
    learning_rate: float = 0.02
    n_steps: int = 2000
    max_time: float | None = None
    n_k_vectors: int = 1500
    start: np.ndarray | None = None
    precision: str = "float32"
    device: str = "cpu"


def smeared_target_g(r, g, sigma: float, rho: float) -> np.ndarray:
    """The target g(r) seen through the same windowed Gaussian as the model (bins kept)."""
    if sigma <= 0:
        return np.asarray(g, dtype=float)
    edges_np, width = histogram_bins(r)
    vol = _shell_volumes(torch.as_tensor(edges_np, dtype=torch.float64))
    pair_counts = torch.as_tensor(g, dtype=torch.float64) * rho * vol  # pairs per atom per bin
    centres = torch.as_tensor(np.asarray(r, dtype=float), dtype=torch.float64)
    out = _windowed_counts(centres, edges_np, width, sigma, weights=pair_counts)
    return (out / (rho * vol)).numpy()


def budget_clock(device):
    """The clock a ``max_time`` budget is counted on, for work on ``device``.

    CPU seconds of the process (``time.process_time``) on the CPU; wall seconds
    (``time.perf_counter``) on a CUDA device, where the process's CPU time misses the work
    queued on the GPU (it would under-count, and a budget would buy more than it says).
    """
    return time.perf_counter if torch.device(device).type == "cuda" else time.process_time


def _make_prior(cfg: GuidanceConfig, types: np.ndarray):
    if cfg.prior == "none":
        return None
    if cfg.prior == "potential":
        from ._potential import LammpsPotential, potential_energy

        pot = LammpsPotential(cfg.prior_system, types, [cfg.box] * 3)
        return lambda x, sigma: potential_energy(x, pot), pot
    if cfg.prior == "learned":
        model = copy.deepcopy(cfg.prior_model).to(device=cfg.device, dtype=_DTYPES[cfg.precision])
        t = torch.as_tensor(types, dtype=torch.long, device=cfg.device)
        return lambda x, sigma: model.energy(x, [cfg.box] * 3, t, sigma), None
    raise ValueError(f"unknown prior {cfg.prior!r}; use 'none', 'potential' or 'learned'")


def run_replica(cfg: GuidanceConfig, seed: int, verbose: bool = False) -> dict:
    """Optimise one structure from a random start; returns positions, types and a trace."""
    torch.set_num_threads(1)
    rng = np.random.default_rng(seed)
    n = int(np.sum(cfg.counts))
    types = np.repeat(np.arange(len(cfg.counts)), cfg.counts)
    L = float(cfg.box)
    rho = n / L**3
    start = rng.uniform(0.0, L, (n, 3)) if cfg.start is None else np.array(cfg.start, float)
    if cfg.precision not in _DTYPES:
        raise ValueError(f"precision must be 'float32' or 'float64', got {cfg.precision!r}")
    dtype = _DTYPES[cfg.precision]
    dev = torch.device(cfg.device)
    x = torch.tensor(start, dtype=dtype, device=dev, requires_grad=True)
    opt = torch.optim.Adam([x], lr=cfg.learning_rate)
    made = _make_prior(cfg, types)
    prior_fn, handle = (None, None) if made is None else made
    w = cfg.weights
    weighting = cfg.weighting
    if weighting is not None:  # per-pair weights of the total, once (tensors on the device)
        matrix = pair_weight_matrix(weighting.real_space(), weighting.species, cfg.counts, L**3)
        matrix = torch.as_tensor(matrix, dtype=dtype, device=dev)
        types_t = torch.as_tensor(types, dtype=torch.long, device=dev)
    edges, _ = histogram_bins(cfg.r)
    every = max(1, int(_SKIN / (3.5 * cfg.learning_rate)))
    trace = []
    clock = budget_clock(dev)
    t0, cpu0 = clock(), time.process_time()
    step = 0
    try:
        while True:
            if cfg.max_time is not None:
                frac = (clock() - t0) / cfg.max_time
            else:
                frac = step / max(cfg.n_steps, 1)
            if frac >= 1.0:
                break
            a = min(1.0, frac / cfg.anneal_fraction)
            sigma = cfg.sigma_start * (cfg.sigma_end / cfg.sigma_start) ** a
            for group in opt.param_groups:
                group["lr"] = lr_schedule(frac, cfg.learning_rate)
            opt.zero_grad()
            loss = x.new_zeros(())
            reach = min(float(edges[-1]) + 4 * sigma, 0.5 * L - 1e-6)
            if step % every == 0:
                with torch.no_grad():
                    ci, cj, _, _ = minimum_image_pairs(
                        x, [L] * 3, min(reach + _SKIN, 0.5 * L - 1e-6)
                    )
                candidates = (ci, cj)
            pi, pj, d, _ = minimum_image_pairs(x, [L] * 3, reach, candidates=candidates)
            if w.get("g", 0.0) > 0:
                keep = cfg.r + 0.5 * (cfg.r[1] - cfg.r[0]) + 4 * sigma <= edges[-1] + 1e-9
                keep[0] = True
                if weighting is None:
                    g_model = g_from_distances(d, n, L**3, cfg.r, sigma=sigma)
                else:
                    g_model = weighted_g_from_distances(
                        d, pi, pj, types_t, matrix, cfg.r, sigma=sigma
                    )
                tgt = smeared_target_g(cfg.r, cfg.g, sigma, rho)
                tgt = torch.as_tensor(tgt, dtype=dtype, device=dev)
                kt = torch.as_tensor(keep, device=dev)
                loss = loss + w["g"] * torch.mean((g_model[kt] - tgt[kt]) ** 2)
            if w.get("S", 0.0) > 0 and cfg.S is not None:
                if weighting is None:
                    s_model = structure_factor_exact(
                        x, [L] * 3, cfg.q, max_vectors=cfg.n_k_vectors, rng=rng
                    )
                else:
                    s_model = weighted_structure_factor_exact(
                        x, [L] * 3, cfg.q, types, weighting.at_q, weighting.species,
                        max_vectors=cfg.n_k_vectors, rng=rng,
                    )  # fmt: skip
                ok = torch.isfinite(s_model)
                st = torch.as_tensor(cfg.S, dtype=dtype, device=dev)
                loss = loss + w["S"] * torch.mean((s_model[ok] - st[ok]) ** 2)
            if w.get("adf", 0.0) > 0 and cfg.adf is not None:
                p_model = bond_angle_distribution(
                    x, [L] * 3, cfg.theta, r_cut=cfg.adf_cutoff, sigma_deg=cfg.adf_sigma
                )
                pt = torch.as_tensor(cfg.adf, dtype=dtype, device=dev)
                scale = float(np.max(cfg.adf)) ** 2
                loss = loss + w["adf"] * torch.mean((p_model - pt) ** 2) / scale
            if cfg.core_weight > 0:
                loss = loss + cfg.core_weight * torch.sum(torch.relu(cfg.core_radius - d) ** 2) / n
            if prior_fn is not None and frac >= cfg.prior_start:
                weight = prior_weight_schedule(frac, cfg)
                loss = loss + weight * prior_fn(x, max(sigma, cfg.prior_sigma_min)) / n
            loss.backward()
            opt.step()
            if verbose and step % 200 == 0:
                value = float(loss.detach())
                trace.append((step, value, sigma))
                print(f"guided step {step}: loss {value:.4g}, σ {sigma:.3f} Å", flush=True)
            step += 1
    finally:
        if handle is not None:
            handle.close()
    return {
        "positions": np.mod(x.detach().cpu().numpy().astype(np.float64), L),
        "types": types,
        "box": np.full(3, L),
        "n_steps": step,
        "cpu_s": time.process_time() - cpu0,
        "trace": trace,
    }


def prior_weight_schedule(frac: float, cfg: GuidanceConfig) -> float:
    """The prior's weight at fraction ``frac`` of the budget.

    ``prior_weight`` from ``prior_start`` on; over the last ``relax_fraction`` of the budget it
    rises geometrically to ``relax_factor`` × ``prior_weight`` (a short relaxation with the
    spectra still in the loss).
    """
    if cfg.relax_fraction <= 0 or frac < 1.0 - cfg.relax_fraction:
        return cfg.prior_weight
    u = min(1.0, (frac - (1.0 - cfg.relax_fraction)) / cfg.relax_fraction)
    return cfg.prior_weight * cfg.relax_factor**u


def lr_schedule(frac: float, lr: float) -> float:
    """The Adam step at fraction ``frac`` of the budget (lr → lr/10, log-linear)."""
    return lr * math.pow(10.0, -frac)
