"""Objective training sets with multiple scattering: macrostate → clusters → FEFF → χ(k).

The ONNE paper's full pipeline (Sec. II): a macrostate (Gaussian shells, as
:class:`~sklearn_rdf.exafs.MacrostateGenerator` draws them) gives microstates — an integer
number of neighbours per shell component, their distances sampled from its Gaussian — which the
genetic algorithm of :func:`~sklearn_rdf.exafs.assemble_cluster` places on spheres around the
absorber; FEFF (:func:`sklearn_rdf.physics.feff_paths.cluster_paths`) computes every scattering
path of the cluster, single and multiple, and χ(k) is their sum, averaged over
``clusters_per_spectrum`` clusters of the same macrostate. S0², ΔE0 and noise are drawn and
applied as in the single-scattering generator.

Cost (measured, docs/exafs.md): FEFF8L takes about 0.3–0.5 CPU-s a cluster and the GA
0.05–0.7 CPU-s, against about 10 µs a spectrum from the tables, so a 10,000-spectrum training
set costs CPU-hours; single scattering from the tables stays the default.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._cluster import _check_int, assemble_cluster
from ._generator import MacrostateGenerator

__all__ = ["ClusterMacrostateGenerator"]


def _cluster_task(absorber, distances, symbols, seed, ga, feff):
    """Assemble one cluster and run FEFF on it (a joblib task)."""
    from ..physics.feff_paths import cluster_paths

    atoms = assemble_cluster(absorber, distances, symbols, random_state=seed, **ga)
    paths = cluster_paths(atoms, **feff)
    return paths, atoms.info["min_distance"], atoms.info["cpu_seconds"]


class ClusterMacrostateGenerator(MacrostateGenerator):
    """Objective training spectra with multiple scattering: GA-assembled clusters run by FEFF.

    Needs a FEFF (extra ``feff``: xraylarch's feff8l/feff6l; or extra ``feff10``: feff10-rs).
    Every shell must share one absorber (the cluster's centre).

    Parameters
    ----------
    shells : sequence of Shell
        The shells (all pairs with the same absorber).
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹) of χ(k), within FEFF's grid (≤ 20 Å⁻¹).
    r : array-like of shape (n_r,)
        Distances (Å) of every partial R(r).
    tables : mapping pair → ScatteringTable or None, default None
        Single-scattering tables (the package's by default): they give the absorption edge
        and :meth:`chi`, the single-scattering χ of any R(r), for comparison.
    s02, e0_shift, noise, noise_kweight, e0_step : see MacrostateGenerator
        S0² and ΔE0 (eV) ranges, noise on k^noise_kweight χ(k), ΔE0 kernel spacing (eV), as
        in :class:`MacrostateGenerator`.
    pair_samples : None or int, default None
        None: y is the macrostate's density. An int: y is the histogram of the distances of
        the atoms actually placed (the clusters' microstate, averaged over the clusters); the
        number of distances is set by the clusters, not by the int.
    feff : {"auto", "feff8l", "feff6l", "feff10"}, default "auto"
        Which FEFF (:func:`sklearn_rdf.physics.feff_paths.cluster_paths`).
    nleg : int, default 4
        Most legs per scattering path (2: single scattering through FEFF).
    rmax : float or None, default None
        Longest half path length (Å); None: per cluster, 2.2 × its nearest-neighbour distance
        (FEFF's default) or its farthest neighbour + 0.1 Å, whichever is longer.
    scf : float or None, default None
        FEFF8L/FEFF10 self-consistency radius (Å); None: overlapped atomic potentials.
    clusters_per_spectrum : int, default 1
        Clusters (microstates) averaged into each spectrum.
    population_size, n_generations : int, default 40, 150
        Settings of the genetic algorithm (:func:`~sklearn_rdf.exafs.assemble_cluster`).
    n_jobs : int or None, default None
        Clusters run in parallel through joblib (None: one).
    verbose : bool, default False
        Show a tqdm progress bar over the clusters.

    Attributes
    ----------
    pairs : list of str
        The partials, in the order of y's blocks.
    absorber : str
        The absorbing element.

    See Also
    --------
    MacrostateGenerator : the same macrostates, single scattering from the tables (default).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.exafs import ClusterMacrostateGenerator, Shell
    >>> from sklearn_rdf.physics.feff_paths import available_feff
    >>> gen = ClusterMacrostateGenerator(
    ...     [Shell("Cu-Cu", n=(4, 8), distance=(2.45, 2.65), sigma=(0.05, 0.1))],
    ...     k=np.arange(2, 12.01, 0.05), r=np.linspace(2.0, 3.2, 61), n_generations=20)
    >>> if available_feff():  # needs the extra feff or feff10
    ...     X, Y, params = gen.sample(2, random_state=0)
    ...     assert X.shape == (2, 201) and "n_paths" in params
    """

    def __init__(
        self,
        shells,
        k,
        r,
        tables=None,
        *,
        s02=1.0,
        e0_shift=0.0,
        noise: float = 0.0,
        noise_kweight: int = 2,
        e0_step: float = 0.5,
        pair_samples: int | None = None,
        feff: str = "auto",
        nleg: int = 4,
        rmax=None,
        scf=None,
        clusters_per_spectrum: int = 1,
        population_size: int = 40,
        n_generations: int = 150,
        n_jobs: int | None = None,
        verbose: bool = False,
    ):
        if isinstance(tables, str):
            raise ValueError("multiple scattering needs FEFF, not the toy kernel (tables='toy')")
        super().__init__(
            shells, k, r, tables, s02=s02, e0_shift=e0_shift, noise=noise,
            noise_kweight=noise_kweight, e0_step=e0_step, pair_samples=pair_samples,
        )  # fmt: skip
        absorbers = {p.split("-")[0] for p in self.pairs}
        if len(absorbers) != 1:
            raise ValueError(
                f"a cluster has one absorber; the shells name {sorted(absorbers)} (use one "
                "generator per absorber)"
            )
        self.absorber = absorbers.pop()
        if self.k[-1] > 20.0:
            raise ValueError(f"k must stay within FEFF's grid (≤ 20 Å⁻¹), got {self.k[-1]}")
        from ..physics.feff_paths import BACKENDS

        if feff not in (*BACKENDS, "auto"):
            raise ValueError(f"feff must be 'auto' or one of {BACKENDS}, got {feff!r}")
        if isinstance(nleg, bool) or not isinstance(nleg, numbers.Integral) or not 2 <= nleg <= 8:
            raise ValueError(f"nleg must be an integer in 2..8, got {nleg!r}")
        for name, value in (("rmax", rmax), ("scf", scf)):
            if value is not None and not (isinstance(value, numbers.Real) and value > 0):
                raise ValueError(f"{name} must be None or a distance > 0 Å, got {value!r}")
        if scf is not None and feff == "feff6l":
            raise ValueError("scf needs FEFF8L or FEFF10 (FEFF6 has no self-consistency)")
        cps = clusters_per_spectrum
        if isinstance(cps, bool) or not isinstance(cps, numbers.Integral) or cps < 1:
            raise ValueError(f"clusters_per_spectrum must be an integer >= 1, got {cps!r}")
        self.feff = feff
        self.nleg = int(nleg)
        self.rmax = rmax
        self.scf = scf
        self.clusters_per_spectrum = int(cps)
        # checked here, not first inside a joblib worker after the macrostates are drawn
        self.population_size = _check_int(population_size, "population_size", 4)
        self.n_generations = _check_int(n_generations, "n_generations", 0)
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.edge = self.tables[self.pairs[0]].edge

    def _microstate(self, comps, rng):
        """Distances (Å) and symbols of one cluster from a sample's components."""
        dist, syms = [], []
        for pair, n, mu, sig in comps:
            count = int(np.floor(n)) + int(rng.random() < n - np.floor(n))
            d = rng.normal(mu, sig, size=count)
            while np.any(bad := d < 0.5 * mu):  # a Gaussian tail inside the absorber: redraw
                d[bad] = rng.normal(mu, sig, size=int(bad.sum()))
            dist.extend(d)
            syms.extend([pair.split("-")[1]] * count)
        return np.asarray(dist), syms

    def _histogram(self, dist, syms):
        """Microstate partials R(r) (Å⁻¹) of one cluster: its distances binned on the r grid."""
        mid = (self.r[1:] + self.r[:-1]) / 2
        edges = np.concatenate([[2 * self.r[0] - mid[0]], mid, [2 * self.r[-1] - mid[-1]]])
        out = np.zeros((len(self.pairs), self.r.size))
        syms = np.asarray(syms)
        for j, pair in enumerate(self.pairs):
            counts, _ = np.histogram(dist[syms == pair.split("-")[1]], bins=edges)
            out[j] = counts / np.diff(edges)
        return out.ravel()

    def sample(self, n_samples: int, random_state=None):
        """Draw ``n_samples`` macrostates, assemble their clusters and run FEFF on them.

        Parameters
        ----------
        n_samples : int
            Number of spectra.
        random_state : int, numpy.random.Generator or None, default None
            Seed of the draw (macrostates, microstates and the GA); results do not depend on
            ``n_jobs``.

        Returns
        -------
        X : ndarray of shape (n_samples, n_k)
            χ(k) summed over every FEFF path, averaged over the clusters, unweighted, with S0²,
            ΔE0 and noise applied.
        Y : ndarray of shape (n_samples, n_pairs·n_r)
            The partials R(r) (Å⁻¹): the macrostate density, or with ``pair_samples`` the
            clusters' own distances.
        params : pandas.DataFrame
            As :meth:`MacrostateGenerator.sample`, plus per sample ``n_atoms`` (mean neighbours
            per cluster), ``n_paths``, ``min_distance`` (Å, mean GA minimum neighbour
            distance), ``ms_fraction`` (k²-weighted rms of the multiple-scattering part over
            that of all paths), ``ga_cpu_s`` and ``feff_cpu_s`` (CPU seconds per spectrum).
        """
        import pandas as pd
        from joblib import Parallel, delayed
        from tqdm.auto import tqdm

        rng = np.random.default_rng(random_state)
        comps_all, rows, s02, e0 = self._draw_macrostates(n_samples, rng)
        cps = self.clusters_per_spectrum
        micro = [[self._microstate(comps, rng) for _ in range(cps)] for comps in comps_all]
        seeds = rng.integers(0, 2**63 - 1, size=(n_samples, cps))
        ga = {"population_size": self.population_size, "n_generations": self.n_generations}
        feff = {"feff": self.feff, "edge": self.edge, "rmax": self.rmax, "nleg": self.nleg,
                "scf": self.scf}  # fmt: skip
        tasks = [(i, c) for i in range(n_samples) for c in range(cps) if micro[i][c][0].size]
        jobs = (
            delayed(_cluster_task)(self.absorber, *micro[i][c], seeds[i, c], ga, feff)
            for i, c in tasks
        )
        results = Parallel(n_jobs=self.n_jobs, return_as="generator")(jobs)
        X = np.zeros((n_samples, self.k.size))
        stats = np.zeros((n_samples, 5))  # atoms, paths, min distance, ⟨k⁴χ_MS²⟩, ⟨k⁴χ²⟩
        cost = np.zeros((n_samples, 2))
        w2 = self.k**4
        bar = tqdm(results, total=len(tasks), disable=not self.verbose, desc="clusters")
        for (i, c), (paths, dmin, ga_cpu) in zip(tasks, bar, strict=True):
            chi = paths.chi(self.k, s02=s02[i], e0_shift=e0[i])
            ms = chi - paths.chi(self.k, s02=s02[i], e0_shift=e0[i], legs=2)
            X[i] += chi / cps
            stats[i, :5] += [
                micro[i][c][0].size, paths.n_paths, dmin if np.isfinite(dmin) else np.nan,
                np.mean(w2 * ms**2), np.mean(w2 * chi**2),
            ]  # fmt: skip
            cost[i] += [ga_cpu, paths.cpu_seconds]
        if self.pair_samples is None:
            Y = self.rdf(comps_all)
        else:
            Y = np.stack(
                [
                    np.mean([self._histogram(*m) for m in micro[i]], axis=0)
                    for i in range(n_samples)
                ]
            )
        X = self._add_noise(X, rng)
        params = pd.DataFrame(rows)[
            ["pair", "shell", "n", "distance", "sigma2", "components", "s02", "e0_shift",
             "sample"]
        ]  # fmt: skip
        with np.errstate(invalid="ignore", divide="ignore"):
            per_sample = pd.DataFrame(
                {
                    "n_atoms": stats[:, 0] / cps,
                    "n_paths": stats[:, 1] / cps,
                    "min_distance": stats[:, 2] / cps,
                    "ms_fraction": np.sqrt(stats[:, 3] / stats[:, 4]),
                    "ga_cpu_s": cost[:, 0],
                    "feff_cpu_s": cost[:, 1],
                }
            )
        params = params.join(per_sample, on="sample")
        return X, Y, params
