"""The embedded Ge–Se glass family: a structural model, not measured data.

Six materials, as in §4.1 of the WT-RDF+ paper: the binary glass Ge0.25Se0.75 ("binary") and
the ternary glasses Ag_x(Ge0.25Se0.75)_(100−x) with x = 5, 10, 15, 20, 25 at.% Ag ("ternary_A"
… "ternary_E"). The paper's measurements are not public; these curves are computed from a
documented structural model so that everything in the package runs out of the box with data
of the right kind (Cu Kα X-ray F(q) in, reduced PDF G(r) out). **They are a model, not
measured data.**

Model
-----
Each partial pair distribution g_αβ(r) (α, β ∈ {Ag, Ge, Se}) is a sum of Gaussian coordination
shells plus a continuum that rises to 1 (:func:`sklearn_rdf.physics.gaussian_shells_g` with
ρ c_β), at the number density ρ of the glass.

First shells (bonds), chemically ordered network:

- Ge–Se 2.36 Å, every Ge four-fold bonded to Se (Ge(Se1/2)4 tetrahedra), no Ge–Ge or Ge–Ag
  bonds: the chemically ordered network of Se chains cross-linked by tetrahedra found by
  neutron diffraction with isotope substitution for GeSe3 [Zeidler2019]_; the Ge–Se bond
  length of Ge–Se glasses [Petri2000]_, [Zeidler2019]_.
- Se two-fold in the binary: N_Se(Ge) = 4/3 and N_Se(Se) = 2/3 Se–Se homopolar bonds at
  2.33 Å (the Se–Se bond of Se chains).
- Ag–Se 2.64 Å with N_Ag(Se) rising linearly from 2.6 at x = 5 to 3.3 at x = 25, and
  Ag–Ag 3.02 Å with N_Ag(Ag) = 1.9 x/25 [Zeidler2018]_.
- Ag breaks Se–Se bonds, which vanish near the glass-forming limit x ≈ 28 [Zeidler2018]_:
  N_Se(Se) = (2/3)(1 − x/28) (a linear interpolation of that statement).

Second shells follow from the bonds (a Bethe-lattice estimate): the neighbours of α at two
bonds through a bonded atom k number N_αk (Z_k − 1) N_kβ / Z_k (Z_k: bonds of k), at the
distance the law of cosines gives for the two bond lengths and the bond angle at k — 109.47°
at Ge (tetrahedron) and at Ag, 100° at Se (assumed). This puts the Se–Se tetrahedral edge at
3.85 Å, Ge–Ge and Ge–Se across a Se bridge at 3.6 Å and Se–Se across Ag at 4.3 Å: the second
peak of G(r) near 3.6–3.9 Å. Widths σ (Å): 0.07 for Ge–Se and Se–Se bonds, 0.12 for Ag–Se,
0.20 for Ag–Ag, 0.12 for the rigid tetrahedral edges, 0.25 across Se and 0.30 across Ag.

Beyond the second shells each partial rises to 1 as a broad step ½[1 + erf((r − r_c)/(√2 w))]
of width w = 0.65 Å standing for the unresolved further shells. Its position r_c is not
chosen by hand: it makes every partial obey the q → 0 sum rule ρ c_β ∫ 4πr²(g_αβ − 1) dr =
c_β (S_αβ(0) − 1) with S_αβ(0) = 0.05 (an ideally mixed glass of low compressibility), which
puts r_c between 3.3 and 5 Å and keeps S(q) ≥ 0 over the measured range. The model has no
first sharp diffraction peak (the intermediate-range order of real Ge–Se glasses).

Number density: ρ = ρ_m N_A / M̄. For the binary ρ_m = 4.36 g/cm³ is assumed, a value
typical of GexSe1−x glasses near x = 0.25 (whose measured densities lie near 4.3–4.4 g/cm³,
e.g. the series of [Yang2013]_; we did not take it from one table: pass your sample's
density to :func:`ge_se_model` when you have it). For the ternaries, whose Ag-rich and
Ag-poor regions phase-separate [Mitkova1999]_, [Zeidler2018]_, the volume is estimated as
that of an Ag2Se part (crystalline Ag2Se, 8.216 g/cm³ [CRC]_) plus a Ge–Se backbone with the
binary's volume per atom.

X-ray weighting: Faber–Ziman, S(q) − 1 = Σ_αβ c_α c_β f_α(q) f_β(q) [S_αβ(q) − 1] / ⟨f(q)⟩²,
with the q-dependent atomic form factors f0 of xraydb (Waasmaier–Kirfel), F(q) = q(S(q) − 1),
S_αβ(q) − 1 from the sine transform of G_αβ(r) = 4πρr(g_αβ(r) − 1). The q range is that of a
Cu Kα (λ = 1.5406 Å) laboratory diffractometer scanning 2θ = 5°–150° (150° being a usual upper
limit of θ–2θ goniometers): q = 0.356–7.879 Å⁻¹ (q_max = 4π sin(75°)/λ; the paper's
"≈ 7.9 Å⁻¹"), 377 points (Δq ≈ 0.02 Å⁻¹). Counting noise is optional (see
:func:`load_ge_se_glasses`).

Target: the reduced PDF G(r) = 4πρr(g(r) − 1) in Å⁻² — what the WT-RDF model of the paper
predicts, the sine transform of F — on 59 points r = 1.5, 1.6, …, 7.3 Å (the paper's 59
points; this range holds the first two peaks), with the total g(r) = Σ w_αβ g_αβ(r) weighted
by the q = 0 Faber–Ziman weights w_αβ = c_α c_β f_α(0) f_β(0)/⟨f(0)⟩².

The curves are computed by :mod:`sklearn_rdf.datasets._ge_se_build` (needs xraydb) and ship
as ``data/ge_se_glasses.npz``; ``python -m sklearn_rdf.datasets._ge_se_build`` regenerates
that file (the tests check that it still matches this module).

References
----------
.. [Zeidler2018] A. Zeidler, P. S. Salmon, D. A. J. Whittaker, A. Piarristeguy, A. Pradel,
   H. E. Fischer, C. J. Benmore, O. Gulbiten, "Structure of semiconducting versus fast-ion
   conducting glasses in the Ag–Ge–Se system", R. Soc. Open Sci. 5, 171401 (2018),
   PubMed 29410843.
.. [Zeidler2019] A. Zeidler, P. S. Salmon et al., "Structure of the intermediate phase glasses
   GeSe3 and GeSe4: the deployment of neutron diffraction with isotope substitution",
   Front. Mater. 6, 133 (2019), doi:10.3389/fmats.2019.00133.
.. [Petri2000] I. Petri, P. S. Salmon, H. E. Fischer, "Defects in a disordered world: the
   structure of glassy GeSe2", Phys. Rev. Lett. 84, 2413 (2000).
.. [Mitkova1999] M. Mitkova, Y. Wang, P. Boolchand, "Dual chemical role of Ag as an additive
   in chalcogenide glasses", Phys. Rev. Lett. 83, 3848 (1999).
.. [Yang2013] G. Yang, Y. Gueguen, J.-C. Sangleboeuf, T. Rouxel, C. Boussard-Plédel,
   J. Troles, P. Lucas, B. Bureau, "Physical properties of the GexSe1−x glasses in the
   0 < x < 0.42 range in correlation with their structure", J. Non-Cryst. Solids (2013).
.. [CRC] CRC Handbook of Chemistry and Physics, "Physical constants of inorganic compounds"
   (silver selenide, Ag2Se).
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import combinations_with_replacement
from types import MappingProxyType

import numpy as np
from scipy.optimize import brentq
from sklearn.utils import Bunch

from .._validation import check_random_state_local
from ..physics import Curve, gaussian_shells_g

__all__ = [
    "GE_SE_MATERIALS",
    "GlassModel",
    "ge_se_model",
    "load_ge_se_glass",
    "load_ge_se_glasses",
]

#: Material names in the paper's order, and their Ag content x (at.%).
GE_SE_MATERIALS: tuple[str, ...] = (
    "binary",
    "ternary_A",
    "ternary_B",
    "ternary_C",
    "ternary_D",
    "ternary_E",
)
AG_PERCENT: dict[str, float] = dict(zip(GE_SE_MATERIALS, (0, 5, 10, 15, 20, 25), strict=True))

WAVELENGTH = 1.5406  # Cu Kα1 (Å)
TWO_THETA_RANGE = (5.0, 150.0)  # degrees
N_Q = 377
R_GRID = np.round(np.linspace(1.5, 7.3, 59), 10)  # Å, Δr = 0.1 Å
DATA_FILE = "ge_se_glasses.npz"
FORMAT_VERSION = 1

_AVOGADRO = 6.02214076e23
_MOLAR_MASS = {"Ag": 107.8682, "Ge": 72.630, "Se": 78.971}  # g/mol (IUPAC standard)
_MASS_DENSITY_BINARY = 4.36  # g/cm³, assumed (see the module docstring)
_MASS_DENSITY_AG2SE = 8.216  # g/cm³, crystalline Ag2Se [CRC]

_BONDS = {  # (α, β): (length Å, σ Å); coordination numbers in _first_shell_cn
    ("Ge", "Se"): (2.36, 0.07),
    ("Se", "Se"): (2.33, 0.07),
    ("Ag", "Se"): (2.64, 0.12),
}
_AG_AG = (3.02, 0.20)
_BOND_ANGLE = {"Ge": 109.4712, "Ag": 109.4712, "Se": 100.0}  # degrees, at the middle atom
_SECOND_SIGMA = {"Ge": 0.12, "Se": 0.25, "Ag": 0.30}  # Å, by the middle atom
_CONTINUUM_WIDTH = 0.65  # Å: how fast each partial's continuum rises to 1
_S_ZERO = 0.05  # S_αβ(q → 0) of every partial (ideal mixing, low compressibility)


def q_grid() -> np.ndarray:
    """The q grid (Å⁻¹): 2θ = 5°–150° at λ = 1.5406 Å, 377 points uniform in q."""
    lo, hi = (4 * np.pi / WAVELENGTH * np.sin(np.radians(t / 2)) for t in TWO_THETA_RANGE)
    return np.linspace(lo, hi, N_Q)


def _composition(ag_percent: float) -> dict[str, float]:
    x = ag_percent / 100.0
    comp = {"Ag": x, "Ge": 0.25 * (1 - x), "Se": 0.75 * (1 - x)}
    return {el: c for el, c in comp.items() if c > 0}


def _mass_density(comp: dict[str, float]) -> float:
    """Binary: assumed; ternary: volume of Ag2Se (all Ag) plus backbone at the binary's."""
    v_backbone = (0.25 * _MOLAR_MASS["Ge"] + 0.75 * _MOLAR_MASS["Se"]) / _MASS_DENSITY_BINARY
    v_ag2se = (2 * _MOLAR_MASS["Ag"] + _MOLAR_MASS["Se"]) / 3 / _MASS_DENSITY_AG2SE
    c_ag = comp.get("Ag", 0.0)
    volume = 1.5 * c_ag * v_ag2se + (1 - 1.5 * c_ag) * v_backbone  # cm³ per mol of atoms
    return sum(c * _MOLAR_MASS[el] for el, c in comp.items()) / volume


def _first_shell_cn(ag_percent: float) -> dict[tuple[str, str], float]:
    """Bonded coordination numbers N_α(β) (neighbours β around one α)."""
    x = float(ag_percent)
    comp = _composition(x)
    cn = {("Ge", "Se"): 4.0, ("Se", "Se"): (2.0 / 3.0) * (1.0 - x / 28.0)}
    if x > 0:
        cn[("Ag", "Se")] = 2.6 + 0.7 * (x - 5.0) / 20.0
    for (a, b), n in list(cn.items()):
        if a != b:
            cn[(b, a)] = n * comp[a] / comp[b]
    return cn


@dataclass(frozen=True)
class GlassModel:
    """Gaussian-shell model of one glass (see the module docstring).

    Attributes
    ----------
    name : str
    ag_percent : float
        x of Ag_x(Ge0.25Se0.75)_(100−x), at.%.
    composition : dict
        Atomic fractions c_α.
    mass_density : float
        g/cm³.
    rho : float
        Number density (atoms/Å³).
    shells : dict
        (α, β) → tuple of (r_k Å, N_k, σ_k Å): neighbours β around one α.
    continuum : dict
        (α, β) → (r_c, w) in Å: where the partial's continuum reaches 1/2 and its width.
    """

    name: str
    ag_percent: float
    composition: Mapping[str, float]
    mass_density: float
    rho: float
    shells: Mapping[tuple[str, str], tuple[tuple[float, float, float], ...]]
    continuum: Mapping[tuple[str, str], tuple[float, float]]
    elements: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "elements", tuple(sorted(self.composition)))

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Unordered pairs (α ≤ β alphabetically): Ag-Ag, Ag-Ge, ..., Se-Se."""
        return list(combinations_with_replacement(self.elements, 2))

    def partial_g(self, r) -> dict[str, np.ndarray]:
        """Partial pair distribution functions g_αβ(r) on ``r`` (Å), keyed "α-β"."""
        out = {}
        for a, b in self.pairs:
            start, width = self.continuum[(a, b)]
            out[f"{a}-{b}"] = gaussian_shells_g(
                r,
                self.shells[(a, b)],
                self.rho * self.composition[b],
                continuum_start=start,
                continuum_width=width,
            )
        return out

    def coordination(self) -> dict[str, float]:
        """Bonded (first-shell) coordination numbers N_α(β), keyed "α-β" (α around)."""
        return {f"{a}-{b}": n for (a, b), n in _first_shell_cn(self.ag_percent).items()}


def _second_shells(comp, cn) -> dict[tuple[str, str], list[tuple[float, float, float]]]:
    lengths = {}
    for (a, b), (length, _) in _BONDS.items():
        lengths[(a, b)] = lengths[(b, a)] = length
    z = {k: sum(n for (a, _), n in cn.items() if a == k) for k in comp}
    shells: dict[tuple[str, str], list] = {}
    for (a, k), n_ak in cn.items():
        for (k2, b), n_kb in cn.items():
            if k2 != k or z[k] <= 1:
                continue
            count = n_ak * (z[k] - 1.0) * n_kb / z[k]
            r1, r2 = lengths[(a, k)], lengths[(k, b)]
            theta = np.radians(_BOND_ANGLE[k])
            dist = float(np.sqrt(r1**2 + r2**2 - 2 * r1 * r2 * np.cos(theta)))
            shells.setdefault((a, b), []).append((dist, count, _SECOND_SIGMA[k]))
    return shells


@lru_cache(maxsize=32)
def _model(ag_percent: float, mass_density: float | None) -> GlassModel:
    comp = _composition(ag_percent)
    cn = _first_shell_cn(ag_percent)
    shells = {pair: [] for pair in combinations_with_replacement(sorted(comp), 2)}
    shells.update({(b, a): [] for a, b in list(shells)})
    for (a, b), n in cn.items():
        length, sigma = _BONDS[tuple(sorted((a, b)))]
        shells[(a, b)].append((length, n, sigma))
    if ag_percent > 0:
        shells[("Ag", "Ag")].append((_AG_AG[0], 1.9 * ag_percent / 25.0, _AG_AG[1]))
    for pair, extra in _second_shells(comp, cn).items():
        shells[pair].extend(extra)
    rho_m = _mass_density(comp) if mass_density is None else float(mass_density)
    rho = rho_m * _AVOGADRO * 1e-24 / sum(c * _MOLAR_MASS[el] for el, c in comp.items())
    name = {v: k for k, v in AG_PERCENT.items()}.get(ag_percent, f"Ag{ag_percent:g}")
    frozen = {pair: tuple(sorted(s)) for pair, s in shells.items() if s}
    continuum = {
        pair: (_continuum_start(s, rho, comp[pair[1]]), _CONTINUUM_WIDTH)
        for pair, s in frozen.items()
    }
    return GlassModel(
        name,
        float(ag_percent),
        MappingProxyType(comp),
        rho_m,
        rho,
        MappingProxyType(frozen),
        MappingProxyType(continuum),
    )


def _continuum_start(shells, rho: float, c_beta: float) -> float:
    """r_c that makes a partial obey the q → 0 sum rule.

    ρ c_β ∫ 4πr² (g_αβ − 1) dr = c_β (S_αβ(0) − 1). The shells hold Σ N_k neighbours and a
    continuum ½[1 + erf((r − r_c)/(√2 w))] leaves (4π/3) ρ c_β (r_c³ + 3 r_c w²) out, so with
    S_αβ(0) = s0 for every pair (ideal mixing, total S(0) = s0):
    Σ N_k + c_β (1 − s0) = (4π/3) ρ c_β (r_c³ + 3 r_c w²).
    """
    w = _CONTINUUM_WIDTH
    target = (sum(n for _, n, _ in shells) + c_beta * (1.0 - _S_ZERO)) / (
        4.0 / 3.0 * np.pi * rho * c_beta
    )
    return float(brentq(lambda rc: rc**3 + 3 * w**2 * rc - target, 0.0, 50.0))


def _positive_real(value) -> bool:
    """True for a finite real number > 0 (bools, strings, arrays and complex are not)."""
    real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    return real and bool(np.isfinite(value)) and value > 0


def ge_se_model(
    material: str | float = "binary", *, mass_density: float | None = None
) -> GlassModel:
    """The structural model of one glass of the family.

    Parameters
    ----------
    material : str or float
        A name of :data:`GE_SE_MATERIALS` or the Ag content x (at.%, 0 ≤ x ≤ 25).
    mass_density : float, optional
        g/cm³; default: the estimate of the module docstring.

    Returns
    -------
    GlassModel
    """
    if isinstance(material, str):
        if material not in AG_PERCENT:
            raise ValueError(f"unknown material {material!r}; known: {', '.join(AG_PERCENT)}")
        x = float(AG_PERCENT[material])
    else:
        real = isinstance(material, numbers.Real) and not isinstance(material, bool)
        if not (real and 0 <= material <= 25):
            raise ValueError(f"Ag content x must be in [0, 25] at.%, got {material!r}")
        x = float(material)
    if mass_density is not None and not _positive_real(mass_density):
        raise ValueError(f"mass_density (g/cm³) must be finite and > 0, got {mass_density!r}")
    return _model(x, None if mass_density is None else float(mass_density))


# -------------------------------------------------------------------------------- loader


@lru_cache(maxsize=1)
def _stored() -> dict[str, np.ndarray]:
    ref = resources.files("sklearn_rdf.datasets") / "data" / DATA_FILE
    with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as npz:
        data = {key: npz[key] for key in npz.files}
    info = json.loads(str(data["info"]))
    if info.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"{DATA_FILE} has format {info.get('format_version')}, "
            f"expected {FORMAT_VERSION}: regenerate it"
        )
    return data


def _noisy(q, S, mean_f, mean_f2, counts: float, rng):
    """Poisson counting noise on the coherent intensity I = ⟨f²⟩ + ⟨f⟩²(S − 1)."""
    scale = counts / mean_f2[0]  # expected counts per electron² of intensity
    expected = scale * (mean_f2 + mean_f**2 * (S - 1.0))
    observed = rng.poisson(expected).astype(np.float64)
    S_obs = 1.0 + (observed / scale - mean_f2) / mean_f**2
    sigma_S = np.sqrt(expected) / scale / mean_f**2
    return S_obs, q * (S_obs - 1.0), q * sigma_S


def load_ge_se_glass(
    name: str = "binary", *, counts: float | None = None, random_state=0
) -> Bunch:
    """One material of the embedded Ge–Se family (a model, not measured data).

    Parameters
    ----------
    name : str, default "binary"
        One of :data:`GE_SE_MATERIALS`.
    counts : float, optional
        Add Poisson counting noise to S(q) and F(q): the expected counts per q point of the
        coherent intensity at q → 0 (e.g. 1e5). The intensity falls with the form factors,
        so the noise grows with q as in a laboratory measurement (Compton scattering and
        absorption are left out). Default: no noise. The r-space curves stay noise-free.
    random_state : int, RandomState or None, default 0
        Seed of the noise. None draws a fresh seed from the operating system (NumPy's
        global RNG is neither used nor moved).

    Returns
    -------
    Bunch
        ``name``, ``ag_percent``, ``composition`` (atomic fractions), ``mass_density``
        (g/cm³), ``rho`` (atoms/Å³), ``r`` (59 points, Å), ``G`` (target: reduced PDF
        G(r) in Å⁻²; also as ``target``), ``G_transform`` (the sine transform of the
        noise-free F(q) over the Cu Kα q range on ``r``: what transforming the measurement
        gives, with its finite resolution), ``g`` (pair distribution function), ``R`` (radial
        distribution function 4πρr²g, Å⁻¹), ``partials`` ("Ag-Se" → g_αβ(r) on ``r``),
        ``coordination`` ("Ge-Se" → N bonded neighbours Se around Ge), ``weights``
        (Faber–Ziman weights at q = 0), ``q`` (Å⁻¹), ``F`` (F(q) = q(S − 1), Å⁻¹), ``S``,
        ``F_errors`` (σ of F with noise, else None), ``quantity`` ("G"), ``units``,
        ``wavelength`` (Å), ``two_theta_range`` (degrees), ``model`` (the
        :class:`GlassModel`), ``G_curve`` and ``F_curve`` (as
        :class:`~sklearn_rdf.physics.Curve`).

    Examples
    --------
    >>> from sklearn_rdf.datasets import load_ge_se_glass
    >>> glass = load_ge_se_glass("binary")
    >>> glass.r.shape, glass.G.shape, glass.quantity
    ((59,), (59,), 'G')
    >>> round(glass.coordination["Ge-Se"], 2)
    4.0
    """
    if name not in AG_PERCENT:
        raise ValueError(f"unknown material {name!r}; known: {', '.join(GE_SE_MATERIALS)}")
    data = _stored()
    model = ge_se_model(name)
    q = data["q"].copy()
    S, F, F_errors = data[f"{name}__S"].copy(), data[f"{name}__F"].copy(), None
    if counts is not None:
        if not _positive_real(counts):
            raise ValueError(
                f"counts must be finite and > 0 (a real number, or None), got {counts!r}"
            )
        rng = check_random_state_local(random_state)
        S, F, F_errors = _noisy(
            q, S, data[f"{name}__mean_f"], data[f"{name}__mean_f2"], float(counts), rng
        )
    r = data["r"].copy()
    pairs = [str(p) for p in data[f"{name}__pairs"]]
    partials = {p: data[f"{name}__g_{p}"].copy() for p in pairs}
    weights = dict(zip(pairs, data[f"{name}__weights"].tolist(), strict=True))
    meta = {
        "material": name,
        "rho": model.rho,
        "composition": dict(model.composition),
        "model": "Gaussian-shell model (sklearn_rdf.datasets.ge_se), not measured data",
    }
    G = data[f"{name}__G"].copy()
    return Bunch(
        name=name,
        ag_percent=model.ag_percent,
        composition=dict(model.composition),
        mass_density=model.mass_density,
        rho=model.rho,
        r=r,
        G=G,
        target=G,
        G_transform=data[f"{name}__G_transform"].copy(),
        g=data[f"{name}__g"].copy(),
        R=data[f"{name}__R"].copy(),
        partials=partials,
        coordination=model.coordination(),
        weights=weights,
        q=q,
        F=F,
        S=S,
        F_errors=F_errors,
        quantity="G",
        units={
            "r": "Å",
            "G": "Å⁻²",
            "g": "1",
            "R": "Å⁻¹",
            "q": "Å⁻¹",
            "F": "Å⁻¹",
            "S": "1",
            "rho": "atoms/Å³",
            "mass_density": "g/cm³",
        },
        wavelength=WAVELENGTH,
        two_theta_range=TWO_THETA_RANGE,
        model=model,
        G_curve=Curve(r, G, "G", metadata=dict(meta)),
        F_curve=Curve(q, F, "F", metadata=dict(meta), errors=F_errors),
    )


def load_ge_se_glasses(*, counts: float | None = None, random_state=0) -> Bunch:
    """The six materials of the embedded Ge–Se family (a model, not measured data).

    Instant and offline: the curves ship with the package (see the module docstring for the
    model, its sources and how the file is regenerated).

    Parameters
    ----------
    counts : float, optional
        Poisson counting noise on F(q), as in :func:`load_ge_se_glass` (each material gets
        its own stream from one generator seeded by ``random_state``).
    random_state : int, RandomState or None, default 0
        Seed of the noise; None: a fresh seed from the operating system (never NumPy's
        global RNG).

    Returns
    -------
    Bunch
        ``materials`` (names, in order binary, ternary_A … ternary_E), ``r`` (59, Å),
        ``q`` (377, Å⁻¹) and, one column per material (scikit-learn's multi-output layout):
        ``G`` = ``target`` (59, 6) reduced PDF G(r) in Å⁻², ``G_transform``, ``g`` and ``R``
        (59, 6), ``F``
        and ``S`` (377, 6); ``data`` maps each name to its :func:`load_ge_se_glass` Bunch
        (composition, density, partials, ...); ``quantity`` = "G"; ``DESCR``.

    Examples
    --------
    >>> from sklearn_rdf.datasets import load_ge_se_glasses
    >>> glasses = load_ge_se_glasses()
    >>> glasses.materials[:2], glasses.G.shape, glasses.F.shape
    (('binary', 'ternary_A'), (59, 6), (377, 6))
    """
    rng = check_random_state_local(random_state)
    per = {}
    for name in GE_SE_MATERIALS:
        seed = None if counts is None else int(rng.randint(0, 2**31 - 1))
        per[name] = load_ge_se_glass(name, counts=counts, random_state=seed)
    stack = lambda key: np.column_stack([per[n][key] for n in GE_SE_MATERIALS])  # noqa: E731
    G = stack("G")
    return Bunch(
        materials=GE_SE_MATERIALS,
        r=per["binary"].r.copy(),
        q=per["binary"].q.copy(),
        G=G,
        target=G,
        G_transform=stack("G_transform"),
        g=stack("g"),
        R=stack("R"),
        F=stack("F"),
        S=stack("S"),
        data=per,
        quantity="G",
        units=dict(per["binary"].units),
        DESCR=__doc__,
    )
