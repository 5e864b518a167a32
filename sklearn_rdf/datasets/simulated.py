"""Simulated glasses: the pre-generated snapshot shipped with the package (no LAMMPS needed).

The snapshot holds melt-quenched, energy-minimised glasses made with LAMMPS by
:mod:`sklearn_rdf.datasets.simulate` (extra ``simulate``): pair distribution functions g(r),
structure factors S(q) and vibrational densities of states on fixed grids, with one metadata row
per sample. It is regenerated from its seed by
``python -m sklearn_rdf.datasets.simulate.snapshot`` (see ``docs/simulated-glasses.md``).

Units (also in the returned ``units``, with the package's symbols): Lennard-Jones systems
("ka3d", "ka2d") in reduced units — r in σ_AA, q in σ_AA⁻¹, ω in τ⁻¹ with
τ = σ_AA (m/ε_AA)^½, energies in ε_AA; the others in Å, Å⁻¹, ν = ω/2π in THz, eV, K, ps, bar.
The snapshot files store them in ASCII ("angstrom", "1/angstrom", "sigma_AA"); the loader
gives the symbols ("Å", "Å⁻¹", "σ_AA").

Layout: ``X`` is a scikit-learn feature matrix, one row per sample, (n_samples, n_r): each g(r)
is the feature vector of one glass (LinearSPR and any regressor take it as is). This differs on
purpose from the package's rule that several curves on one r grid are the *columns* of a target
y, shape (n_points, n_curves): there the curves are outputs to predict at the points r, here
they are the inputs of one prediction per glass.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np

from ..physics.scattering import neutron_scattering_lengths, neutron_weights

__all__ = [
    "SIMULATED_SYSTEMS",
    "load_simulated_glasses",
    "load_simulated_structures",
    "neutron_scattering_lengths",
    "neutron_weighted",
    "neutron_weights",
]

#: Systems of the shipped snapshot (keys of :func:`load_simulated_glasses`).
SIMULATED_SYSTEMS = ("ka3d", "ka2d", "a-si", "cuzr", "sio2", "sic")

#: Unit strings of the snapshot files (ASCII) -> the package's symbols.
_UNIT_SYMBOLS = {
    "angstrom": "Å",
    "1/angstrom": "Å⁻¹",
    "atoms/angstrom^3": "atoms/Å³",
    "g/cm^3": "g/cm³",
    "nu = omega/2pi (THz)": "ν = ω/2π (THz)",
    "sigma_AA": "σ_AA",
    "1/sigma_AA": "σ_AA⁻¹",
    "atoms/sigma_AA^2": "atoms/σ_AA²",
    "atoms/sigma_AA^3": "atoms/σ_AA³",
    "omega (1/tau)": "ω (τ⁻¹)",
    "epsilon_AA per atom": "ε_AA per atom",
    "epsilon_AA/k_B": "ε_AA/k_B",
    "tau": "τ",
    "epsilon_AA/k_B/tau": "ε_AA/(k_B τ)",
    "epsilon_AA/sigma_AA^2": "ε_AA/σ_AA²",
    "epsilon_AA/sigma_AA^3": "ε_AA/σ_AA³",
}

_DESCR = """\
Simulated glasses: {title}
{rule}
{n} samples of {n_atoms} atoms ({dim}D), made by melt-quench molecular dynamics with LAMMPS
{lammps} and energy-minimised (conjugate gradient, force tolerance 1e-10).
Potential: {references}.
State points vary between samples: {varied}.

X        total pair distribution function g(r), shape (n_samples, n_r), → 1 at large r:
         one row per sample, the scikit-learn feature-matrix layout
r        bin centres, {r_unit}, {n_r} bins of {dr:g} on [{r_lo:g}, {r_hi:g}]
Y        vibrational density of states, unit area on freq; from the eigenvalues of the
         dynamical matrix (LAMMPS dynamical_matrix, central differences), each mode a Gaussian
         of width {sigma:g}; the {dim} rigid translations of the box left out
freq     {freq_unit}, {n_freq} bins on [{f_lo:g}, {f_hi:g}]
S, q     number-weighted total structure factor S(q) (→ 1), direct sum over the box's
         reciprocal lattice, q in {q_unit}
partials {partials}
metadata one row per sample (pandas DataFrame): index, seed, density ({density_unit}),
         composition (x_*), temperatures, quench time and rate, energy per atom, pressure,
         coordination numbers — cn: first shell of the total g(r) (its first prominent peak,
         up to the minimum after it); cn_A_B: B neighbours of an A atom in the first shell of
         g_AB; cn_partials_mean = Σ_A x_A Σ_B cn_A_B — r_first_peak, r_main_peak(_A_B),
         n_imaginary and n_zero_modes of the dynamical matrix, max_freq, wall times (s)

Regenerate: {command}
Generated with seed {seed}; {timing}.
"""


def _load_npz(system: str) -> dict:
    if system not in SIMULATED_SYSTEMS:
        raise ValueError(
            f"unknown simulated system {system!r}; known: {', '.join(SIMULATED_SYSTEMS)}"
        )
    resource = resources.files("sklearn_rdf.datasets") / "data" / f"simulated_{system}.npz"
    if not resource.is_file():
        raise ValueError(
            f"the simulated-glass snapshot for {system!r} is missing from this installation "
            f"({resource}); regenerate it with python -m sklearn_rdf.datasets.simulate.snapshot"
        )
    with resources.as_file(resource) as path, np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def _metadata_frame(data: dict):
    import pandas as pd

    columns = {k[len("meta_") :]: data[k] for k in sorted(data) if k.startswith("meta_")}
    return pd.DataFrame(columns)


def load_simulated_glasses(system: str = "ka3d", *, return_X_y: bool = False):
    """Load the shipped snapshot of simulated glasses of one system.

    Parameters
    ----------
    system : {"ka3d", "ka2d", "a-si", "cuzr", "sio2", "sic"}, default "ka3d"
        Kob–Andersen Lennard-Jones glass (3D A80B20, 2D A65B35; reduced units), amorphous Si
        (Vink's Stillinger–Weber), Cu_x Zr_(1−x) (Mendelev EAM), vitreous SiO2 (Vashishta
        1990), amorphous SiC (Tersoff).
    return_X_y : bool, default False
        If True, return ``(X, Y)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        X : ndarray of shape (n_samples, n_r)
            Total (number-weighted) pair distribution function g(r) of each sample: one row
            per sample, scikit-learn's feature-matrix layout (what LinearSPR and any
            regressor take as X). The package's "curves as columns" layout, (n_points,
            n_curves), is for targets y tabulated on one r grid; here each g(r) is the
            feature vector of one glass.
        r : ndarray of shape (n_r,)
            The r grid (bin centres): σ_AA for "ka3d"/"ka2d", Å otherwise.
        Y : ndarray of shape (n_samples, n_freq)
            Vibrational density of states, normalised to unit area on ``freq``.
        freq : ndarray of shape (n_freq,)
            ω in τ⁻¹ (LJ) or ν = ω/2π in THz.
        q, S : ndarrays of shape (n_q,) and (n_samples, n_q)
            Total structure factor S(q) (→ 1 at large q).
        partials : dict or None
            ``{"A-B": ndarray (n_samples, n_r)}`` partial g_AB(r) (α ≤ β), None for one
            species.
        S_partials : dict or None
            Faber–Ziman partial S_AB(q) where stored (SiO2, SiC, CuZr), else None.
        metadata : pandas.DataFrame
            One row per sample (see ``DESCR``).
        species : list of str
            Species names (the keys of ``partials`` are pairs of them).
        units : dict
            Units of r, q, freq, density, energy, temperature, time, quench_rate, pressure,
            with the package's symbols: "Å", "Å⁻¹", "atoms/Å³" (or "σ_AA", "σ_AA⁻¹", ... for
            the Lennard-Jones systems).
        system : str
            The system's name, as passed.
        info : dict
            The snapshot's provenance record (grids, protocol, references, seed, command,
            timing; its ``units`` as in ``units``).
        DESCR : str
            Description of the data set (scikit-learn's name for it).
    (X, Y) : tuple, if ``return_X_y``.

    Examples
    --------
    >>> from sklearn_rdf.datasets import load_simulated_glasses
    >>> data = load_simulated_glasses("a-si")
    >>> data.X.shape[1] == data.r.size, data.Y.shape[1] == data.freq.size
    (True, True)
    >>> X, Y = load_simulated_glasses("ka2d", return_X_y=True)
    """
    from sklearn.utils import Bunch

    data = _load_npz(system)
    info = json.loads(str(data["info"]))
    info["units"] = {k: _UNIT_SYMBOLS.get(v, v) for k, v in info["units"].items()}
    X = data["X"].astype(np.float64)
    Y = data["Y"].astype(np.float64)
    if return_X_y:
        return X, Y
    names = [str(s) for s in data.get("pair_names", np.array([], dtype=str))]
    partials = (
        {name: data["partials"][:, i].astype(np.float64) for i, name in enumerate(names)}
        if names
        else None
    )
    s_partials = (
        {name: data["S_partials"][:, i].astype(np.float64) for i, name in enumerate(names)}
        if "S_partials" in data
        else None
    )
    return Bunch(
        X=X,
        r=data["r"].astype(np.float64),
        Y=Y,
        freq=data["freq"].astype(np.float64),
        q=data["q"].astype(np.float64),
        S=data["S"].astype(np.float64),
        partials=partials,
        S_partials=s_partials,
        metadata=_metadata_frame(data),
        species=list(info["species"]),
        units=dict(info["units"]),
        system=system,
        info=info,
        DESCR=_descr(info, X.shape[0], names, s_partials is not None),
    )


def _descr(info: dict, n: int, names: list[str], has_s_partials: bool) -> str:
    grids = info["grids"]
    if names:
        partials = f"partial g_AB(r) for {', '.join(names)} (→ 1)"
        if has_s_partials:
            partials += "; S_partials: Faber–Ziman partial S_AB(q) (→ 1)"
    else:
        partials = "none (one species)"
    title = info["title"]
    return _DESCR.format(
        title=title,
        rule="=" * (len(title) + 19),
        n=n,
        n_atoms=info["n_atoms"],
        dim=info["dim"],
        lammps=info["lammps_version"],
        references="; ".join(info["references"]),
        varied=info["varied"],
        r_unit=info["units"]["r"],
        n_r=grids["r"]["n"],
        dr=grids["r"]["width"],
        r_lo=grids["r"]["lo"],
        r_hi=grids["r"]["hi"],
        sigma=info["freq_sigma"],
        freq_unit=info["units"]["freq"],
        n_freq=grids["freq"]["n"],
        f_lo=grids["freq"]["lo"],
        f_hi=grids["freq"]["hi"],
        q_unit=info["units"]["q"],
        partials=partials,
        command=info["command"],
        seed=info["seed"],
        timing=info["timing"],
        density_unit=info["units"]["density"],
    )


def neutron_weighted(data) -> tuple[np.ndarray, np.ndarray | None]:
    """Neutron-weighted total g_N(r) and S_N(q) of each sample of a loaded snapshot.

    Parameters
    ----------
    data : Bunch
        From :func:`load_simulated_glasses` for a system of real elements with partials.

    Returns
    -------
    g_N : ndarray (n_samples, n_r)
    S_N : ndarray (n_samples, n_q) or None when the snapshot has no partial S(q)
    """
    if data.partials is None or data.units["r"] != "Å":
        raise ValueError(f"system {data.system!r} has no element partials to weight")
    n = data.X.shape[0]
    g_n = np.zeros_like(data.X)
    s_n = None if data.S_partials is None else np.ones_like(data.S)
    for i in range(n):
        conc = [data.metadata[f"x_{s}"].iloc[i] for s in data.species]
        for name, w in neutron_weights(data.species, conc).items():
            g_n[i] += w * data.partials[name][i]
            if s_n is not None:
                s_n[i] += w * (data.S_partials[name][i] - 1.0)
    return g_n, s_n


def load_simulated_structures(system: str = "a-si"):
    """Load the coordinates of the snapshot's samples (``simulated_<system>_coords.npz``).

    They were regenerated from the snapshot's seeds by
    ``python -m sklearn_rdf.datasets.simulate.coordinates`` and kept only where the g(r) of
    the re-simulated structure equals the stored row of :func:`load_simulated_glasses`.

    Parameters
    ----------
    system : str, default "a-si"
        One of :data:`SIMULATED_SYSTEMS` whose coordinates are shipped.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        positions : ndarray (n_samples, n_atoms, 3), float32, Å (σ_AA for LJ), in [0, L).
        types : ndarray (n_samples, n_atoms), int8 index into ``species``.
        box : ndarray (n_samples, 3), box lengths L.
        index : ndarray (n_samples,), the row of each sample in :func:`load_simulated_glasses`.
        energy : ndarray (n_samples,), potential energy per atom after minimisation.
        species : list of str
        info : dict (seed, LAMMPS version, command, the g(r) check)

    Examples
    --------
    >>> from sklearn_rdf.datasets import load_simulated_structures
    >>> data = load_simulated_structures("a-si")
    >>> data.positions.shape
    (50, 216, 3)
    """
    from sklearn.utils import Bunch

    if system not in SIMULATED_SYSTEMS:
        raise ValueError(
            f"unknown simulated system {system!r}; known: {', '.join(SIMULATED_SYSTEMS)}"
        )
    resource = resources.files("sklearn_rdf.datasets") / "data" / f"simulated_{system}_coords.npz"
    if not resource.is_file():
        raise ValueError(
            f"no coordinates are shipped for {system!r} ({resource}); regenerate them with "
            f"python -m sklearn_rdf.datasets.simulate.coordinates --systems {system}"
        )
    with resources.as_file(resource) as path, np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    info = json.loads(str(arrays.pop("info")))
    return Bunch(
        positions=arrays["positions"],
        types=arrays["types"],
        box=arrays["box"],
        index=arrays["index"],
        energy=arrays["energy"],
        species=list(info["species"]),
        info=info,
    )
