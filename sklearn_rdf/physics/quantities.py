"""Named pair-correlation quantities, their units, and converters between them.

The package uses one convention everywhere (see ``docs/conventions.md``):

========  ==============================  =====================================  ==========
symbol    name                            definition                             units
========  ==============================  =====================================  ==========
``g``     pair distribution function      g(r) → 1 at large r, 0 inside the core  1
``G``     reduced pair distribution fn.   G(r) = 4πρ r (g(r) − 1)                 Å⁻²
``R``     radial distribution function    R(r) = 4πρ r² g(r)  (∫R dr = CN)        Å⁻¹
``S``     total structure factor          S(q) → 1 at large q                     1
``F``     reduced structure factor        F(q) = q (S(q) − 1)                     Å⁻¹
========  ==============================  =====================================  ==========

r is in Å, q in Å⁻¹ and the number density ρ in atoms/Å³. The sine-transform pair linking them
(Eq. 2 of the WT-RDF+ paper) is G(r) = (2/π) ∫ F(q) sin(qr) dq and F(q) = ∫ G(r) sin(qr) dr.

Other conventions of the field (Keen, J. Appl. Cryst. 34, 172 (2001); Gudrun, RMCProfile)
weight the partials by the scattering lengths instead of normalising by ⟨b⟩² = (Σ c_α b_α)²;
:data:`CONVENTIONS` names them and :func:`convert` reaches them with ``mean_b`` (⟨b⟩ in fm):

============  ==============================================  ========================
symbol        definition                                      units
============  ==============================================  ========================
``F_barn``    F(Q) = Σ c_α c_β b_α b_β [S_αβ(Q) − 1] = ⟨b⟩²(S − 1)  barn/sr/atom (Keen F)
``G_keen``    G(r) = Σ c_α c_β b_α b_β [g_αβ(r) − 1] = ⟨b⟩²(g − 1)  barn/sr/atom (Keen G)
``D``         D(r) = 4πρ r G_keen(r) = ⟨b⟩² G(r)               barn/sr/atom/Å²
``T``         T(r) = D(r) + 4πρ r ⟨b⟩² = ⟨b⟩² R(r)/r            barn/sr/atom/Å²
``G_over_r``  G(r)/r = 4πρ (g(r) − 1)                          Å⁻³
============  ==============================================  ========================

The package's G (PDFgetX3's and PDFgui's G(r)) is D(r)/⟨b⟩²; RMCProfile's "G(r)" is Keen's
G_keen, its "F(Q)" Keen's F_barn; the sine transform of Q·F_barn(Q) is D(r).

The WT-RDF+ paper writes "g(r)" for what is R(r) here (its Eq. 1, dN/dr = 4πr²ρ(r)), "G(r)"
for R(r)/r in one place and for the sine transform of S_R in another, and "S_R(q)" for F(q).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._validation import as_curve, as_grid, check_density, check_same_length

__all__ = [
    "CONVENTIONS",
    "QUANTITIES",
    "Curve",
    "F_to_S",
    "G_to_R",
    "G_to_g",
    "Quantity",
    "R_to_G",
    "R_to_g",
    "S_to_F",
    "as_structure_factor",
    "convert",
    "g_to_G",
    "g_to_R",
]


@dataclass(frozen=True)
class Quantity:
    """Description of one named quantity: symbol, long name, its grid variable and units."""

    symbol: str
    name: str
    definition: str
    grid: str  # "r" (Å) or "q" (Å⁻¹); other spaces (k, E) for EXAFS readers
    grid_unit: str
    unit: str


#: The named quantities (g, G, R, S, F) by symbol, with definition, grid and units.
QUANTITIES: dict[str, Quantity] = {
    "g": Quantity("g", "pair distribution function", "g(r) → 1 at large r", "r", "Å", "1"),
    "G": Quantity(
        "G", "reduced pair distribution function", "G(r) = 4πρr(g(r) − 1)", "r", "Å", "Å⁻²"
    ),
    "R": Quantity("R", "radial distribution function", "R(r) = 4πρr²g(r)", "r", "Å", "Å⁻¹"),
    "S": Quantity("S", "total structure factor", "S(q) → 1 at large q", "q", "Å⁻¹", "1"),
    "F": Quantity("F", "reduced structure factor", "F(q) = q(S(q) − 1)", "q", "Å⁻¹", "Å⁻¹"),
}

#: The field's other named quantities (Keen 2001, Gudrun, RMCProfile), reached by
#: :func:`convert` with ``mean_b`` (⟨b⟩, fm; 1 barn = 100 fm²) and, for D and T, ``rho``.
CONVENTIONS: dict[str, Quantity] = {
    "F_barn": Quantity(
        "F_barn",
        "total-scattering structure factor (Keen's F(Q), Gudrun .mint01, RMCProfile F(Q))",
        "F(Q) = Σ c_α c_β b_α b_β [S_αβ(Q) − 1] = ⟨b⟩²(S(Q) − 1)",
        "q",
        "Å⁻¹",
        "barn/sr/atom",
    ),
    "G_keen": Quantity(
        "G_keen",
        "total radial distribution function (Keen's G(r), RMCProfile G(r))",
        "G(r) = Σ c_α c_β b_α b_β [g_αβ(r) − 1] = ⟨b⟩²(g(r) − 1)",
        "r",
        "Å",
        "barn/sr/atom",
    ),
    "D": Quantity(
        "D",
        "differential correlation function (Keen's D(r))",
        "D(r) = 4πρr G_keen(r) = ⟨b⟩² G(r)",
        "r",
        "Å",
        "barn/sr/atom/Å²",
    ),
    "T": Quantity(
        "T",
        "total correlation function (Keen's T(r))",
        "T(r) = D(r) + 4πρr⟨b⟩² = ⟨b⟩² R(r)/r",
        "r",
        "Å",
        "barn/sr/atom/Å²",
    ),
    "G_over_r": Quantity(
        "G_over_r",
        "reduced PDF divided by r",
        "G(r)/r = 4πρ(g(r) − 1)",
        "r",
        "Å",
        "Å⁻³",
    ),
}

_R_SPACE = ("g", "G", "R")
_Q_SPACE = ("S", "F")


def _check_quantity(symbol: str, name: str = "quantity") -> Quantity:
    try:
        return QUANTITIES[symbol] if symbol in QUANTITIES else CONVENTIONS[symbol]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown {name} {symbol!r}; known quantities: "
            f"{', '.join([*QUANTITIES, *CONVENTIONS])}"
        ) from None


def _mean_b2_barn(mean_b, source: str, target: str) -> float:
    """⟨b⟩² in barn from ⟨b⟩ in fm (1 barn = 100 fm²)."""
    if mean_b is None:
        raise ValueError(
            f"converting {source} to {target} needs the mean scattering length mean_b "
            "(⟨b⟩ = Σ c_α b_α in fm; sklearn_rdf.physics.mean_coherent_length(composition))"
        )
    value = float(mean_b)
    if not np.isfinite(value) or value == 0:
        raise ValueError(f"mean_b (fm) must be finite and non-zero, got {mean_b!r}")
    return value**2 / 100.0


def _to_normalised(x, y, source: str, rho, mean_b, target: str):
    """(symbol, values) of a CONVENTIONS quantity as the package's S, g or G."""
    if source == "G_over_r":
        x, y = _pair(x, y, "r", source)
        return "G", x * y
    b2 = _mean_b2_barn(mean_b, source, target)
    x, y = _pair(x, y, CONVENTIONS[source].grid, source)
    if source == "F_barn":
        return "S", 1.0 + y / b2
    if source == "G_keen":
        return "g", 1.0 + y / b2
    if source == "D":
        return "G", y / b2
    if rho is None:
        raise ValueError(f"converting T to {target} needs the number density rho")
    return "G", y / b2 - 4.0 * np.pi * check_density(rho) * x


def _from_normalised(x, y, symbol: str, target: str, rho, mean_b, source: str):
    """A package quantity ``symbol`` (S, g or G) as the CONVENTIONS quantity ``target``."""
    if target == "G_over_r":
        x, y = _pair(x, y, "r", symbol, positive=True)
        return y / x
    b2 = _mean_b2_barn(mean_b, source, target)
    x, y = _pair(x, y, CONVENTIONS[target].grid, symbol)
    if target in ("F_barn", "G_keen"):
        return b2 * (y - 1.0)
    if target == "D":
        return b2 * y
    if rho is None:
        raise ValueError(f"converting {source} to T needs the number density rho")
    return b2 * (y + 4.0 * np.pi * check_density(rho) * x)


def _pair(x, y, xname: str, yname: str, *, positive: bool = False):
    """Validated grid (≥ 0, or > 0 with ``positive``) and values: one curve (n,) or several
    curves as columns (n, m); the grid comes back shaped to broadcast against the values."""
    x = as_grid(
        x,
        xname,
        strictly_increasing=False,
        min_size=1,
        min_value=0.0,
        min_inclusive=not positive,
    )
    y = as_curve(y, yname, ndim=(1, 2))
    check_same_length(x, y, xname, yname)
    return (x if y.ndim == 1 else x[:, None]), y


def g_to_G(r, g, rho) -> np.ndarray:
    """G(r) = 4πρ r (g(r) − 1) in Å⁻² from g(r); r in Å, ρ in atoms/Å³."""
    r, g = _pair(r, g, "r", "g")
    return 4.0 * np.pi * check_density(rho) * r * (g - 1.0)


def G_to_g(r, G, rho) -> np.ndarray:
    """g(r) = 1 + G(r) / (4πρ r); needs r > 0."""
    r, G = _pair(r, G, "r", "G", positive=True)
    return 1.0 + G / (4.0 * np.pi * check_density(rho) * r)


def g_to_R(r, g, rho) -> np.ndarray:
    """R(r) = 4πρ r² g(r) in Å⁻¹ (its integral over a shell is the coordination number)."""
    r, g = _pair(r, g, "r", "g")
    return 4.0 * np.pi * check_density(rho) * r**2 * g


def R_to_g(r, R, rho) -> np.ndarray:
    """g(r) = R(r) / (4πρ r²); needs r > 0."""
    r, R = _pair(r, R, "r", "R", positive=True)
    return R / (4.0 * np.pi * check_density(rho) * r**2)


def G_to_R(r, G, rho) -> np.ndarray:
    """R(r) = r G(r) + 4πρ r² (from G = 4πρr(g − 1))."""
    r, G = _pair(r, G, "r", "G")
    return r * G + 4.0 * np.pi * check_density(rho) * r**2


def R_to_G(r, R, rho) -> np.ndarray:
    """G(r) = R(r)/r − 4πρ r; needs r > 0."""
    r, R = _pair(r, R, "r", "R", positive=True)
    return R / r - 4.0 * np.pi * check_density(rho) * r


def S_to_F(q, S) -> np.ndarray:
    """F(q) = q (S(q) − 1) in Å⁻¹; q in Å⁻¹."""
    q, S = _pair(q, S, "q", "S")
    return q * (S - 1.0)


def F_to_S(q, F) -> np.ndarray:
    """S(q) = 1 + F(q)/q; needs q > 0."""
    q, F = _pair(q, F, "q", "F", positive=True)
    return 1.0 + F / q


_CONVERTERS = {
    ("g", "G"): g_to_G,
    ("G", "g"): G_to_g,
    ("g", "R"): g_to_R,
    ("R", "g"): R_to_g,
    ("G", "R"): G_to_R,
    ("R", "G"): R_to_G,
}


def convert(x, y, source: str, target: str, rho=None, *, mean_b=None) -> np.ndarray:
    """Convert ``y`` on grid ``x`` from quantity ``source`` to ``target``.

    ``source``/``target`` are symbols of :data:`QUANTITIES` or :data:`CONVENTIONS`.
    Conversions within r space (g, G, R) need the number density ``rho``; within q space
    (S, F) they do not. The weighted conventions (F_barn, G_keen, D, T) need ``mean_b``
    (⟨b⟩ = Σ c_α b_α in fm), T and the r-space targets g and R also ``rho``; G_over_r needs
    neither. Converting between r and q space is a Fourier transform: use
    :mod:`sklearn_rdf.physics.transforms`.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import convert
    >>> r = np.array([1.0, 2.0])
    >>> convert(r, np.array([0.5, -0.2]), "D", "G", mean_b=10.0)  # ⟨b⟩² = 1 barn
    array([ 0.5, -0.2])
    >>> convert(r, np.array([0.5, -0.2]), "G", "G_over_r")
    array([ 0.5, -0.1])
    """
    src, dst = _check_quantity(source, "source"), _check_quantity(target, "target")
    if src.symbol in CONVENTIONS or dst.symbol in CONVENTIONS:
        if src.grid != dst.grid:
            raise ValueError(
                f"{source} is a {src.grid}-space and {target} a {dst.grid}-space quantity: "
                "use sklearn_rdf.physics.transforms"
            )
        symbol = src.symbol
        if symbol in CONVENTIONS:
            symbol, y = _to_normalised(x, y, symbol, rho, mean_b, target)
        if dst.symbol in CONVENTIONS:
            via = (
                "S" if dst.grid == "q" else ("G" if dst.symbol in ("D", "T", "G_over_r") else "g")
            )
            y = convert(x, y, symbol, via, rho=rho)
            return _from_normalised(x, y, via, dst.symbol, rho, mean_b, source)
        return convert(x, y, symbol, dst.symbol, rho=rho)
    if src.symbol == dst.symbol:
        x, y = _pair(x, y, src.grid, src.symbol)
        return y
    if {src.symbol, dst.symbol} <= set(_Q_SPACE):
        return S_to_F(x, y) if src.symbol == "S" else F_to_S(x, y)
    if {src.symbol, dst.symbol} <= set(_R_SPACE):
        if rho is None:
            raise ValueError(f"converting {source} to {target} needs the number density rho")
        return _CONVERTERS[(src.symbol, dst.symbol)](x, y, rho)
    raise ValueError(
        f"{source} is a {src.grid}-space and {target} a {dst.grid}-space quantity: use "
        "sklearn_rdf.physics.transforms (sine_transform_F_to_G / sine_transform_G_to_F)"
    )


@dataclass
class Curve:
    """A named quantity tabulated on a grid, with units and provenance.

    Parameters
    ----------
    x : ndarray of shape (n,)
        The grid: r in Å for g, G, R; q in Å⁻¹ for S, F; other spaces (k in Å⁻¹, E in eV)
        for quantities a reader returns as is (for example EXAFS χ(k)).
    y : ndarray of shape (n,) or (n, m)
        The values (several columns for files with more than one data column).
    quantity : str
        A symbol of :data:`QUANTITIES` ("g", "G", "R", "S", "F") or another documented name
        ("chi", "mu", "I", "F_barn" ...) when the values are not one of the five.
    x_unit, y_unit : str
        Units of the grid and of the values.
    metadata : dict
        Anything known about the data (composition, density ``rho``, source file, header).
    errors : ndarray or None
        One standard uncertainty per value, when the file gives them.
    """

    x: np.ndarray
    y: np.ndarray
    quantity: str
    x_unit: str = ""
    y_unit: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    errors: np.ndarray | None = None

    def __post_init__(self):
        self.x = as_grid(self.x, "x", strictly_increasing=False, min_size=1)
        self.y = as_curve(self.y, "y", ndim=(1, 2))
        check_same_length(self.x, self.y, "x", "y")
        if self.errors is not None:
            self.errors = as_curve(self.errors, "errors", ndim=(1, 2))
            check_same_length(self.x, self.errors, "x", "errors")
            if self.errors.shape != self.y.shape:
                raise ValueError(
                    f"errors must have the shape of y, {self.y.shape}, got {self.errors.shape}"
                )
        known = QUANTITIES.get(self.quantity) or CONVENTIONS.get(self.quantity)
        if known is not None:
            self.x_unit = self.x_unit or known.grid_unit
            self.y_unit = self.y_unit or known.unit

    def __len__(self) -> int:
        return self.x.shape[0]

    @property
    def rho(self) -> float | None:
        """Number density (atoms/Å³) from the metadata, if known."""
        value = self.metadata.get("rho")
        return None if value is None else float(value)

    def to(self, target: str, rho=None, *, mean_b=None) -> Curve:
        """Return this curve as another quantity of the same space.

        Uses ``metadata['rho']`` and ``metadata['mean_b_fm']`` when ``rho`` / ``mean_b`` are
        not given (see :func:`convert`).
        """
        rho = self.rho if rho is None else rho
        mean_b = self.metadata.get("mean_b_fm") if mean_b is None else mean_b
        y = convert(self.x, self.y, self.quantity, target, rho=rho, mean_b=mean_b)
        return Curve(self.x, y, target, metadata=dict(self.metadata))

    def __iter__(self):
        """Unpack as ``x, y`` so that a Curve stands wherever a ``(q, F)`` pair does."""
        return iter((self.x, self.y))


def as_structure_factor(
    structure_factor, name: str = "structure_factor", *, allow_2d: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Validated float64 copies (q, F) of a structure-factor argument.

    Accepts a ``(q, F)`` pair of arrays (F = q(S(q) − 1) in Å⁻¹ on q in Å⁻¹), or a
    :class:`~sklearn_rdf.physics.Curve` with quantity "F", or "S" (converted with
    :func:`~sklearn_rdf.physics.S_to_F`). With ``allow_2d``, F may hold several structure
    factors on the same q grid as the columns of an array of shape (n_q, n_curves).

    Raises
    ------
    ValueError
        If it is missing or not a pair, q is not strictly increasing or has fewer than 2
        points, F has NaN/inf, or their lengths differ.
    """
    if structure_factor is None:
        raise ValueError(
            f"{name} is required: pass (q, F) with q in Å⁻¹ and F(q) = q(S(q) − 1) in Å⁻¹, "
            "or a sklearn_rdf.physics.Curve of quantity 'F' or 'S'"
        )
    if isinstance(structure_factor, Curve):
        if structure_factor.quantity not in ("F", "S"):
            raise ValueError(
                f"{name} must be a Curve of quantity 'F' (q(S(q) − 1)) or 'S', got "
                f"quantity {structure_factor.quantity!r}"
            )
        q, y = structure_factor.x, structure_factor.y
        if structure_factor.quantity == "S":
            y = S_to_F(q, y)
    elif isinstance(structure_factor, Mapping | str):
        raise ValueError(f"{name} must be a (q, F) pair or a Curve, got {structure_factor!r}")
    else:
        try:
            q, y = structure_factor
        except (TypeError, ValueError):
            raise ValueError(
                f"{name} must be a (q, F) pair of arrays or a Curve, got "
                f"{type(structure_factor).__name__}"
            ) from None
    q = as_grid(q, f"{name} q", min_value=0.0, min_size=2)
    F = as_curve(y, f"{name} F", ndim=(1, 2) if allow_2d else (1,))
    check_same_length(q, F, f"{name} q", f"{name} F")
    return q, F
