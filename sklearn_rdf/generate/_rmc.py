"""Reverse Monte Carlo: the baseline that fits g(r) without any notion of chemistry.

McGreevy & Pusztai (1988): one atom at a time is displaced by a uniform random vector of at
most ``max_step`` Å; a move that brings two atoms closer than the hard core is refused; else it
is accepted with probability min(1, exp(−Δχ²/2)), χ² = Σ_k (g_k − g_target,k)² / δ², with the
tolerance δ annealed geometrically from ``tolerance_start`` to ``tolerance_end`` over the
budget. g(r) is the plain histogram on the target's bins, updated incrementally (the N − 1
distances of the moved atom before and after). With a ``weighting`` the histogram is the
Faber–Ziman total Σ_α≤β w_αβ g_αβ: each pair of species α, β adds its weight
w_αβ (1 + δ_αβ) N² / (2 N_α N_β) instead of 1 (1 for every pair when number-weighted, the
same arithmetic as before). The move loop is compiled with numba when it is
installed (``use_numba="auto"``), else a numpy version (one vectorised distance update per
move, about 10–20x slower) runs.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from .._validation import check_positive_int, check_positive_real
from ..physics.differentiable import histogram_bins
from ._scoring import SpectralScoreMixin
from ._structures import (
    SpectralTarget,
    atom_counts,
    box_length,
    check_species,
    core_radius_for,
    replica_seeds,
    to_atoms,
)
from ._weighting import resolve_weighting
from .spectra import first_minimum

__all__ = ["ReverseMonteCarlo"]

_CHUNK = 20000


def _moves_python(x, hist, norm, target, L, edges0, width, core2, idx, disp, u, inv_tol2,
                  types, pair_w):  # fmt: skip
    """One chunk of moves (plain loops; compiled by numba when available); ``pair_w``
    (n_species, n_species) is what one pair of species adds to its bin."""
    n = x.shape[0]
    n_bins = hist.shape[0]
    r_max = edges0 + width * n_bins
    accepted = 0
    old_bins = np.empty(n, np.int64)
    new_bins = np.empty(n, np.int64)
    old_w = np.empty(n)
    new_w = np.empty(n)
    change = np.zeros(n_bins)
    for m in range(idx.shape[0]):
        i = idx[m]
        ti = types[i]
        nx = x[i, 0] + disp[m, 0]
        ny = x[i, 1] + disp[m, 1]
        nz = x[i, 2] + disp[m, 2]
        nx -= L * np.floor(nx / L)
        ny -= L * np.floor(ny / L)
        nz -= L * np.floor(nz / L)
        reject = False
        n_old = 0
        n_new = 0
        for j in range(n):
            if j == i:
                continue
            dx = nx - x[j, 0]
            dy = ny - x[j, 1]
            dz = nz - x[j, 2]
            dx -= L * np.round(dx / L)
            dy -= L * np.round(dy / L)
            dz -= L * np.round(dz / L)
            d2 = dx * dx + dy * dy + dz * dz
            if d2 < core2:
                reject = True
                break
            if d2 < r_max * r_max:
                k = int((np.sqrt(d2) - edges0) / width)
                if 0 <= k < n_bins:
                    new_bins[n_new] = k
                    new_w[n_new] = pair_w[ti, types[j]]
                    n_new += 1
            ox = x[i, 0] - x[j, 0]
            oy = x[i, 1] - x[j, 1]
            oz = x[i, 2] - x[j, 2]
            ox -= L * np.round(ox / L)
            oy -= L * np.round(oy / L)
            oz -= L * np.round(oz / L)
            o2 = ox * ox + oy * oy + oz * oz
            if o2 < r_max * r_max:
                k = int((np.sqrt(o2) - edges0) / width)
                if 0 <= k < n_bins:
                    old_bins[n_old] = k
                    old_w[n_old] = pair_w[ti, types[j]]
                    n_old += 1
        if reject:
            continue
        for a in range(n_new):
            change[new_bins[a]] += new_w[a]
        for a in range(n_old):
            change[old_bins[a]] -= old_w[a]
        delta = 0.0
        for k in range(n_bins):  # Σ (o + c·Δ)² − o², o = c·hist − target
            if change[k] != 0.0:
                step = norm[k] * change[k]
                delta += step * (2.0 * (norm[k] * hist[k] - target[k]) + step)
        delta *= inv_tol2[m]
        if delta <= 0.0 or u[m] < np.exp(-0.5 * delta):
            for k in range(n_bins):
                hist[k] += change[k]
            x[i, 0] = nx
            x[i, 1] = ny
            x[i, 2] = nz
            accepted += 1
        for a in range(n_new):
            change[new_bins[a]] = 0.0
        for a in range(n_old):
            change[old_bins[a]] = 0.0
    return accepted


def _moves_numpy(x, hist, norm, target, L, edges0, width, core2, idx, disp, u, inv_tol2,
                 types, pair_w):  # fmt: skip
    """The same chunk of moves with one vectorised distance update per move."""
    n_bins = hist.shape[0]
    accepted = 0
    others = np.ones(x.shape[0], dtype=bool)
    weighted = not np.all(pair_w == 1.0)
    for m in range(idx.shape[0]):
        i = idx[m]
        new = np.mod(x[i] + disp[m], L)
        others[i] = False
        rest = x[others]
        pw = pair_w[types[i], types[others]] if weighted else None
        others[i] = True
        dn = rest - new
        dn -= L * np.round(dn / L)
        d2n = np.einsum("ij,ij->i", dn, dn)
        if d2n.min() < core2:
            continue
        do = rest - x[i]
        do -= L * np.round(do / L)
        d_old = np.sqrt(np.einsum("ij,ij->i", do, do))
        kn = ((np.sqrt(d2n) - edges0) / width).astype(np.int64)
        ko = ((d_old - edges0) / width).astype(np.int64)
        on, oo = (kn >= 0) & (kn < n_bins), (ko >= 0) & (ko < n_bins)
        if weighted:
            change = np.bincount(kn[on], pw[on], minlength=n_bins)[:n_bins]
            change = change - np.bincount(ko[oo], pw[oo], minlength=n_bins)[:n_bins]
        else:
            change = np.bincount(kn[on], minlength=n_bins)[:n_bins]
            change = change - np.bincount(ko[oo], minlength=n_bins)[:n_bins]
        old = norm * hist - target
        new_diff = old + norm * change
        delta = (new_diff @ new_diff - old @ old) * inv_tol2[m]
        if delta <= 0.0 or u[m] < np.exp(-0.5 * delta):
            hist += change
            x[i] = new
            accepted += 1
    return accepted


def _kernel(use_numba):
    if use_numba in ("auto", True):
        try:
            import numba
        except ImportError:
            if use_numba is True:
                raise ValueError("use_numba=True but numba is not installed") from None
            return _moves_numpy, "numpy"
        return numba.njit(cache=False, fastmath=False)(_moves_python), "numba"
    return _moves_numpy, "numpy"


def hard_core_start(n: int, L: float, core_radius: float, rng, max_tries: int = 10000):
    """Random sequential addition of ``n`` points in a periodic cube, no pair closer than
    ``core_radius`` (ValueError when the hard core does not fit)."""
    x = np.empty((n, 3))
    core2 = core_radius**2
    for i in range(n):
        for _ in range(max_tries):
            trial = rng.uniform(0.0, L, 3)
            d = x[:i] - trial
            d -= L * np.round(d / L)
            if i == 0 or np.einsum("ij,ij->i", d, d).min() >= core2:
                x[i] = trial
                break
        else:
            raise ValueError(
                f"cannot place {n} atoms with a hard core of {core_radius:.3g} Å in a box of "
                f"{L:.3g} Å: lower the density or the core radius"
            )
    return x


def run_rmc(counts, L, r, g, *, core_radius, max_step, tolerance_start, tolerance_end,
            n_moves, max_time, seed, use_numba="auto", start=None, pair_w=None):  # fmt: skip
    """One RMC replica from random positions (hard core) or from ``start`` (N, 3) (Å, in the
    box); returns positions, types and statistics. ``pair_w`` (n_species, n_species): what a
    pair of species adds to the histogram (default 1: the number-weighted g)."""
    rng = np.random.default_rng(seed)
    n = int(np.sum(counts))
    types = np.repeat(np.arange(len(counts)), counts)
    edges, width = histogram_bins(r)
    vol = 4.0 / 3.0 * np.pi * (edges[1:] ** 3 - edges[:-1] ** 3)
    rho = n / L**3
    norm = 2.0 / (n * rho * vol)
    core2 = core_radius**2
    if start is None:
        x = hard_core_start(n, L, core_radius, rng)
    else:
        x = np.mod(np.array(start, dtype=np.float64), L)
    d = x[:, None, :] - x[None, :, :]
    d -= L * np.round(d / L)
    d2 = np.einsum("ijk,ijk->ij", d, d)
    iu = np.triu_indices(n, 1)
    dist = np.sqrt(d2[iu])
    k = ((dist - edges[0]) / width).astype(np.int64)
    inside = (k >= 0) & (k < r.size)
    if pair_w is None:
        pair_w = np.ones((len(counts), len(counts)))
        hist = np.bincount(k[inside], minlength=r.size)[: r.size].astype(float)
    else:
        pair_w = np.ascontiguousarray(pair_w, dtype=np.float64)
        w = pair_w[types[iu[0]], types[iu[1]]]
        hist = np.bincount(k[inside], w[inside], minlength=r.size)[: r.size]
    kernel, backend = _kernel(use_numba)
    target = np.asarray(g, dtype=float)
    t0 = time.process_time()
    done = accepted = 0
    while True:
        frac = (time.process_time() - t0) / max_time if max_time else done / n_moves
        if frac >= 1.0:
            break
        m = _CHUNK if max_time else min(_CHUNK, n_moves - done)
        step_frac = np.clip(frac + np.arange(m) / max(n_moves or 1, 1) * (0 if max_time else 1),
                            0, 1)  # fmt: skip
        tol = tolerance_start * (tolerance_end / tolerance_start) ** step_frac
        accepted += kernel(
            x, hist, norm, target, float(L), float(edges[0]), float(width), float(core2),
            rng.integers(0, n, m), rng.uniform(-max_step, max_step, (m, 3)),
            rng.uniform(0.0, 1.0, m), 1.0 / tol**2, types, pair_w,
        )  # fmt: skip
        done += m
    cpu = time.process_time() - t0
    return {
        "positions": np.mod(x, L),
        "types": types,
        "box": np.full(3, L),
        "n_steps": done,
        "cpu_s": cpu,
        "accepted": accepted,
        "backend": backend,
        "moves_per_s": done / max(cpu, 1e-9),
        "g_model": norm * hist,  # the incrementally updated (weighted) g on the target bins
    }


class ReverseMonteCarlo(SpectralScoreMixin, BaseEstimator):
    """Reverse Monte Carlo fit of periodic structures to a target g(r).

    Parameters
    ----------
    n_atoms : int, default 216
    species : str or sequence of str, default "Si"
    composition : sequence of float, optional
    density : float, default 0.05
        Number density (atoms/Å³).
    n_moves : int, default 200000
        Attempted moves per replica (ignored when ``max_time`` is given).
    max_time : float, optional
        CPU seconds per replica.
    max_step : float, default 0.3
        Largest displacement per move and coordinate (Å).
    core_radius : float, optional
        Hard core (Å); default 0.85 × the first r where the target g exceeds 0.5.
    tolerance_start, tolerance_end : float, default 0.3 and 0.01
        Annealed χ² tolerance δ (units of g).
    weighting : {"number", "xray", "neutron"} or dict, default "number"
        Which total the target g(r) is, as in :class:`SpectrumGuidedGenerator` (X-ray: f(0) =
        Z); the χ² and :meth:`score` use that total.
    use_numba : {"auto", True, False}, default "auto"
    n_jobs : int, default 1
    random_state : int, RandomState or None

    Attributes
    ----------
    targets_, species_, counts_, box_length_, core_radius_, adf_cutoff_ : as in
        :class:`SpectrumGuidedGenerator`
    weighting_, pair_weights_ : as in :class:`SpectrumGuidedGenerator`
    last_stats_ : list of dict
        Per replica of the last :meth:`sample`: moves, accepted, CPU s, moves/s, backend.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.generate import ReverseMonteCarlo
    >>> r = np.arange(0.05, 4.0, 0.1)
    >>> g = np.where(r > 2.2, 1.0, 0.0)
    >>> rmc = ReverseMonteCarlo(n_atoms=32, n_moves=2000, use_numba=False, random_state=0)
    >>> len(rmc.fit(r, g).sample(1)[0])
    32
    """

    def __init__(
        self,
        n_atoms=216,
        species="Si",
        composition=None,
        density=0.05,
        *,
        n_moves=200000,
        max_time=None,
        max_step=0.3,
        core_radius=None,
        tolerance_start=0.3,
        tolerance_end=0.01,
        weighting="number",
        use_numba="auto",
        n_jobs=1,
        random_state=None,
    ):
        self.n_atoms = n_atoms
        self.species = species
        self.composition = composition
        self.density = density
        self.n_moves = n_moves
        self.max_time = max_time
        self.max_step = max_step
        self.core_radius = core_radius
        self.tolerance_start = tolerance_start
        self.tolerance_end = tolerance_end
        self.weighting = weighting
        self.use_numba = use_numba
        self.n_jobs = n_jobs
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = self.max_time is not None
        tags.target_tags.required = False
        return tags

    def fit(self, r, g, *, references=None):
        """Store the target g(r) (and reference g curves for the diversity of :meth:`score`).

        Returns
        -------
        self
        """
        species = check_species(self.species)
        counts = atom_counts(self.n_atoms, species, self.composition)
        L = box_length(int(counts.sum()), self.density)
        weighting = resolve_weighting(self.weighting, species, counts)
        target = SpectralTarget("g", r, g, (references or {}).get("g"))
        edge = target.x[-1] + 0.5 * (target.x[-1] - target.x[-2])
        if edge >= L / 2:
            raise ValueError(
                f"the target r range (up to {edge:.3f} Å) goes beyond half the box length "
                f"({L / 2:.3f} Å)"
            )
        for name in ("max_step", "tolerance_start", "tolerance_end"):
            check_positive_real(getattr(self, name), name)
        if self.max_time is None:
            check_positive_int(self.n_moves, "n_moves")
        else:
            check_positive_real(self.max_time, "max_time")
        signed = weighting.has_negative  # a negative pair weight: its first shell is a dip
        self.core_radius_ = core_radius_for(target, self.core_radius, signed=signed)
        self.adf_cutoff_ = first_minimum(target.x, np.abs(target.y) if signed else target.y)
        self.species_, self.counts_, self.box_length_ = species, counts, L
        self.targets_ = {"g": target}
        self.weighting_ = weighting
        self.pair_weights_ = weighting.real_space()
        return self

    def _pair_w(self):
        """What a pair of species adds to the histogram (None: 1 for all, number-weighted)."""
        if self.weighting_.is_number:
            return None
        from ..physics.differentiable import pair_weight_matrix

        n = float(self.counts_.sum())  # w_αβ (1 + δ_αβ) N² / (2 N_α N_β)
        return pair_weight_matrix(self.pair_weights_, self.species_, self.counts_, n * n / 2)

    def sample(self, n_samples: int = 1, *, start=None):
        """Run ``n_samples`` replicas; returns a list of ``ase.Atoms``.

        Parameters
        ----------
        n_samples : int, default 1
        start : ase.Atoms or sequence of ase.Atoms, optional
            Starting structures (e.g. a liquid: GLASS's "RMC from liquid"), one per replica or
            one for all, with the fitted atom counts per species; their fractional
            coordinates are mapped into the fitted cubic box (a start at another density is
            rescaled affinely). Default: random positions with the hard core.

        Returns
        -------
        list of ase.Atoms
        """
        from joblib import Parallel, delayed

        check_is_fitted(self, "targets_")
        n = check_positive_int(n_samples, "n_samples")
        seeds = replica_seeds(self.random_state, n)
        starts = self._starts(start, n)
        t = self.targets_["g"]
        pair_w = self._pair_w()
        results = Parallel(n_jobs=self.n_jobs)(
            delayed(run_rmc)(
                self.counts_,
                self.box_length_,
                t.x,
                t.y,
                core_radius=self.core_radius_,
                max_step=self.max_step,
                tolerance_start=self.tolerance_start,
                tolerance_end=self.tolerance_end,
                n_moves=self.n_moves,
                max_time=self.max_time,
                seed=seed,
                use_numba=self.use_numba,
                start=x0,
                pair_w=pair_w,
            )
            for seed, x0 in zip(seeds, starts, strict=True)
        )
        self.last_stats_ = [
            {k: res[k] for k in ("n_steps", "accepted", "cpu_s", "moves_per_s", "backend")}
            for res in results
        ]
        out = []
        for res in results:
            symbols = [self.species_[k] for k in res["types"]]
            info = {"method": "rmc", "n_steps": res["n_steps"], "cpu_s": res["cpu_s"]}
            out.append(to_atoms(res["positions"], res["box"], symbols, info))
        return out

    def _starts(self, start, n: int) -> list:
        """Start positions per replica (None: random), species in the order of counts_."""
        if start is None:
            return [None] * n
        from ase import Atoms

        structures = [start] if isinstance(start, Atoms) else list(start)
        if len(structures) not in (1, n):
            raise ValueError(
                f"start must hold 1 or n_samples={n} structures, got {len(structures)}"
            )
        out = []
        for atoms in structures:
            if not isinstance(atoms, Atoms):
                raise ValueError(f"start structures must be ase.Atoms, got {type(atoms).__name__}")
            symbols = np.array(atoms.get_chemical_symbols())
            counts = [int(np.sum(symbols == s)) for s in self.species_]
            if counts != self.counts_.tolist() or sum(counts) != len(atoms):
                raise ValueError(
                    f"a start structure has counts {dict(zip(self.species_, counts, strict=True))}"
                    f" of {len(atoms)} atoms; the fit expects "
                    f"{dict(zip(self.species_, self.counts_.tolist(), strict=True))}"
                )
            if atoms.cell.rank < 3 or not abs(atoms.cell.volume) > 0:
                # ase would read the positions (Å) as fractions of a unit cell: nonsense
                raise ValueError(
                    "a start structure needs its periodic cell (3 cell vectors): its fractional"
                    f" coordinates are mapped into the box, got cell {atoms.cell.tolist()}"
                )
            frac = atoms.get_scaled_positions(wrap=True)
            if not np.all(np.isfinite(frac)):
                raise ValueError("a start structure has non-finite positions")
            order = np.concatenate([np.flatnonzero(symbols == s) for s in self.species_])
            out.append(frac[order] * self.box_length_)
        return out * n if len(out) == 1 else out
