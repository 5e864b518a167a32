"""Structure and vibrations of one minimised configuration.

- Pair distribution functions g(r), total and partial g_αβ(r) (→ 1 at large r), with
  :class:`freud.density.RDF` on a fixed grid of bin centres.
- Faber–Ziman partial structure factors S_αβ(q) (→ 1 at large q) and the number-weighted total
  S(q) = 1 + Σ_αβ c_α c_β (S_αβ(q) − 1), computed directly from the atomic positions on the
  box's reciprocal lattice (:class:`freud.diffraction.StaticStructureFactorDirect` in 3D; freud
  has no 2D version, so the same sum is written with numpy in 2D), averaged over all k vectors
  in each |q| bin.
- The vibrational density of states from the eigenvalues of the mass-weighted dynamical matrix.
"""

from __future__ import annotations

import numpy as np
from scipy.constants import angstrom, atomic_mass, electron_volt

from ...physics import coordination_number, find_rdf_peaks
from .systems import GlassSystem, Grid

__all__ = [
    "coordination_metadata",
    "pair_correlations",
    "pair_names",
    "shell_coordination",
    "structure_factors",
    "vibrational_dos",
]

#: ν (THz) = sqrt(λ) · _METAL_TO_THZ for an eigenvalue λ in eV/(Å² u) of the dynamical matrix.
_METAL_TO_THZ = np.sqrt(electron_volt / (angstrom**2 * atomic_mass)) / (2.0 * np.pi) / 1e12


def pair_names(species: tuple[str, ...]) -> list[tuple[int, int]]:
    """Index pairs (α ≤ β) of the partials, in the order used everywhere."""
    return [(a, b) for a in range(len(species)) for b in range(a, len(species))]


def _freud_box(box_lengths, dim: int):
    import freud

    if dim == 2:
        return freud.box.Box(Lx=box_lengths[0], Ly=box_lengths[1], is2D=True)
    return freud.box.Box(Lx=box_lengths[0], Ly=box_lengths[1], Lz=box_lengths[2])


def _wrapped(box, positions: np.ndarray, dim: int) -> np.ndarray:
    pts = np.array(positions, dtype=np.float32, copy=True)
    if dim == 2:
        pts[:, 2] = 0.0
    return box.wrap(pts)


def pair_correlations(
    positions, types, box_lengths, dim: int, grid: Grid, n_species: int
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Total g(r) and the partials g_αβ(r) on ``grid`` (bin centres).

    The total is over all pairs of atoms (number-weighted: g = Σ_αβ c_α c_β g_αβ).

    Returns
    -------
    r : ndarray (n_r,)
    g : ndarray (n_r,)
    partials : dict {(α, β): ndarray (n_r,)} for α ≤ β (type indices from 0)
    """
    import freud

    box = _freud_box(box_lengths, dim)
    half = 0.5 * min(box_lengths[:dim])
    if grid.hi >= half:
        raise ValueError(f"r_max = {grid.hi} must stay below half the box length ({half:.3f})")
    pts = _wrapped(box, positions, dim)
    rdf = freud.density.RDF(bins=grid.n, r_max=grid.hi, r_min=grid.lo)
    g = np.array(rdf.compute(system=(box, pts)).rdf, dtype=np.float64)
    r = np.array(rdf.bin_centers, dtype=np.float64)
    partials = {}
    if n_species > 1:
        for a, b in pair_names(tuple(range(n_species))):
            rdf = freud.density.RDF(bins=grid.n, r_max=grid.hi, r_min=grid.lo)
            neighbors = {"r_max": grid.hi, "exclude_ii": a == b}
            rdf.compute(
                system=(box, pts[types == b]), query_points=pts[types == a], neighbors=neighbors
            )
            partials[(a, b)] = np.array(rdf.rdf, dtype=np.float64)
    return r, g, partials


def _density_modes_2d(box_lengths, pts, types, n_species: int, grid: Grid):
    """|k| and ρ_α(k) = Σ_{i∈α} exp(i k·r_i) for every 2D reciprocal-lattice k in the grid.

    Only one of each ±k pair is kept (S(k) = S(−k)): k_y > 0, or k_y = 0 and k_x > 0.
    """
    lx, ly = box_lengths[0], box_lengths[1]
    nx = int(np.ceil(grid.hi * lx / (2 * np.pi)))
    ny = int(np.ceil(grid.hi * ly / (2 * np.pi)))
    ix, iy = np.meshgrid(np.arange(-nx, nx + 1), np.arange(0, ny + 1), indexing="ij")
    half = (iy > 0) | (ix > 0)
    k = np.column_stack([2 * np.pi * ix[half] / lx, 2 * np.pi * iy[half] / ly])
    kmod = np.hypot(k[:, 0], k[:, 1])
    keep = (kmod >= grid.lo) & (kmod < grid.hi)
    k, kmod = k[keep], kmod[keep]
    xy = pts[:, :2].astype(np.float64)
    modes = [np.exp(1j * (xy[types == a] @ k.T)).sum(axis=0) for a in range(n_species)]
    return kmod, modes


def _bin_average(kmod, values, grid: Grid) -> np.ndarray:
    edges = grid.lo + grid.width * np.arange(grid.n + 1)
    total, _ = np.histogram(kmod, bins=edges, weights=values)
    count, _ = np.histogram(kmod, bins=edges)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / count


def _fill_empty_bins(q: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, int]:
    """Linear interpolation over the |q| bins that hold no reciprocal-lattice vector."""
    empty = ~np.isfinite(s)
    if np.all(empty):
        raise ValueError("no k vector of the reciprocal lattice falls in the q grid")
    if np.any(empty):
        s = s.copy()
        s[empty] = np.interp(q[empty], q[~empty], s[~empty])
    return s, int(np.count_nonzero(empty))


def structure_factors(
    positions, types, box_lengths, dim: int, grid: Grid, n_species: int
) -> tuple[np.ndarray, np.ndarray, dict, int]:
    """Total S(q) and Faber–Ziman partials S_αβ(q) on ``grid`` (bin centres), direct sums.

    Every k vector of the reciprocal lattice with |k| in the grid is used. At low q a small box
    leaves some bins without any k vector; those are interpolated linearly from their
    neighbours and counted in the returned ``n_empty``.

    Returns
    -------
    q : ndarray (n_q,)
    S : ndarray (n_q,)  number-weighted total, 1 + Σ c_α c_β (S_αβ − 1)
    partials : dict {(α, β): ndarray (n_q,)} for α ≤ β (Faber–Ziman: → 1 at large q)
    n_empty : int  number of interpolated (empty) bins
    """
    import freud

    box = _freud_box(box_lengths, dim)
    pts = _wrapped(box, positions, dim)
    n = pts.shape[0]
    q = grid.centers
    conc = np.array([np.count_nonzero(types == a) / n for a in range(n_species)])
    if dim == 2:  # freud's StaticStructureFactorDirect is 3D only: the same sum with numpy
        kmod, modes = _density_modes_2d(box_lengths, pts, types, n_species, grid)
    partials = {}
    total = np.ones_like(q)
    for a, b in pair_names(tuple(range(n_species))):
        pa, pb = pts[types == a], pts[types == b]
        if dim == 2:
            raw = _bin_average(kmod, np.real(modes[a] * np.conj(modes[b])) / n, grid)
        else:
            sf = freud.diffraction.StaticStructureFactorDirect(
                bins=grid.n, k_max=grid.hi, k_min=grid.lo, num_sampled_k_points=0
            )
            sf.compute(system=(box, pb), query_points=pa, N_total=n)
            raw = np.array(sf.S_k, dtype=np.float64)
        # raw = (1/N) <Re ρ_α ρ_β*>; Faber–Ziman: S_αβ = raw/(c_α c_β) + 1 − δ_αβ/c_α
        raw, n_empty = _fill_empty_bins(q, raw)
        s_ab = raw / (conc[a] * conc[b]) + 1.0 - (1.0 / conc[a] if a == b else 0.0)
        partials[(a, b)] = s_ab
        total += (1 if a == b else 2) * conc[a] * conc[b] * (s_ab - 1.0)
    return q, total, (partials if n_species > 1 else {}), n_empty


def vibrational_dos(eigenvalues, system: GlassSystem) -> tuple[np.ndarray, np.ndarray, dict]:
    """VDOS on the system's frequency grid from the dynamical matrix eigenvalues.

    The ``dim`` eigenvalues of smallest magnitude are the rigid translations of the periodic
    box and are left out. A remaining negative eigenvalue is an imaginary (unstable) mode:
    it is counted (``n_imaginary``) and left out of the VDOS. Each mode is a Gaussian of width
    ``system.freq_sigma``; the VDOS is normalised to unit area on the grid (trapezoid rule).

    Returns
    -------
    freq : ndarray (n_freq,)   ω (τ⁻¹) for LJ units, ν (THz) for metal units
    vdos : ndarray (n_freq,)
    info : dict  n_zero_modes, n_imaginary, min_eigenvalue, max_freq, zero_mode_max (|λ|)
    """
    lam = np.sort(np.asarray(eigenvalues, dtype=np.float64))
    scale = float(np.max(np.abs(lam)))
    order = np.argsort(np.abs(lam), kind="stable")
    zero = np.zeros(lam.size, dtype=bool)
    zero[order[: system.dim]] = True
    rest = lam[~zero]
    tol = 1e-6 * scale
    n_imag = int(np.count_nonzero(rest < -tol))
    omega = np.sqrt(np.clip(rest[rest >= -tol], 0.0, None))
    freq_of_mode = omega if system.units == "lj" else omega * _METAL_TO_THZ
    freq = system.freq_grid.centers
    sigma = system.freq_sigma
    z = (freq[:, None] - freq_of_mode[None, :]) / sigma
    vdos = np.exp(-0.5 * z**2).sum(axis=1)
    vdos /= np.trapezoid(vdos, freq)
    info = {
        "n_zero_modes": int(np.count_nonzero(np.abs(lam) <= tol)),
        "n_imaginary": n_imag,
        "min_eigenvalue": float(lam[0]),
        "zero_mode_max": float(np.max(np.abs(lam[zero]))),
        "max_freq": float(freq_of_mode.max()),
        "frac_modes_above_grid": float(np.mean(freq_of_mode > system.freq_grid.hi)),
    }
    return freq, vdos, info


#: A peak of g(r) counts as a coordination shell when its prominence is at least this fraction
#: of max(g) − min(g): lower ones are sub-peaks.
SHELL_REL_PROMINENCE = 0.2
#: Shells are located on g(r) smoothed by a Gaussian of this many bins, so that single-bin
#: spikes of rare pairs (few counts per bin) are not taken for shells; CN integrates the raw g.
SHELL_SMOOTHING_BINS = 2.0


def shell_coordination(r, g, density: float, dim: int) -> dict:
    """First-shell coordination number and peak positions of a (total or partial) g(r).

    The first shell is the first peak of the smoothed g(r) (Gaussian of
    :data:`SHELL_SMOOTHING_BINS` bins) whose prominence is at least
    :data:`SHELL_REL_PROMINENCE` of its range; it runs from r = 0 to the lowest point of the
    smoothed g between that peak and the next such peak (or the end of the grid).
    CN = ∫ R(r) dr over it (:func:`sklearn_rdf.physics.coordination_number`) with the raw
    R(r) = 4πρr²g(r) in 3D and 2πρr g(r) in 2D; for a partial CN_αβ (β neighbours of an α
    atom) pass g_αβ and ρ c_β.

    Returns
    -------
    dict with ``cn``, ``r_shell`` (upper limit of the shell), ``r_first_peak`` (the shell's
    peak) and ``r_main_peak`` (highest point of the raw g).
    """
    from scipy.ndimage import gaussian_filter1d

    r = np.asarray(r, dtype=np.float64)
    g = np.asarray(g, dtype=np.float64)
    smooth = gaussian_filter1d(g, SHELL_SMOOTHING_BINS, mode="nearest")
    peaks = find_rdf_peaks(r, smooth, rel_prominence=SHELL_REL_PROMINENCE)
    if len(peaks) == 0:
        raise ValueError("g(r) has no peak")
    i = int(peaks.indices[0])
    j = int(peaks.indices[1]) if len(peaks) > 1 else r.size - 1
    r_shell = float(r[i + int(np.argmin(smooth[i : j + 1]))])
    R = (4.0 * np.pi * r**2 if dim == 3 else 2.0 * np.pi * r) * density * g
    shell = coordination_number(r, R, r_lo=float(r[0]), r_hi=r_shell)
    return {
        "cn": shell.cn,
        "r_shell": r_shell,
        "r_first_peak": float(r[i]),
        "r_main_peak": float(r[np.argmax(g)]),
    }


def coordination_metadata(
    r, g, partials: dict, density: float, concentrations, species: tuple[str, ...], dim: int
) -> dict:
    """Shell metadata of one sample: total (``cn``, ``r_shell``, peaks) and, per ordered pair,
    ``cn_α_β`` (β neighbours of an α atom), ``r_main_peak_α_β`` (α ≤ β) and their mean
    ``cn_partials_mean`` = Σ_α c_α Σ_β CN_αβ (mean neighbours per atom over the partial shells).
    """
    meta = shell_coordination(r, g, density, dim)
    if not partials:
        return meta
    cn_mean = 0.0
    for (a, b), gab in partials.items():
        for i, j in ((a, b), (b, a)) if a != b else ((a, b),):
            name = f"{species[i]}_{species[j]}"
            try:
                part = shell_coordination(r, gab, density * concentrations[j], dim)
            except ValueError:  # a partial without any peak
                part = {"cn": float("nan"), "r_main_peak": float("nan")}
            meta[f"cn_{name}"] = part["cn"]
            cn_mean += concentrations[i] * part["cn"]
            if i <= j:
                meta[f"r_main_peak_{name}"] = part["r_main_peak"]
    meta["cn_partials_mean"] = float(cn_mean)
    return meta
