"""Materials for the benchmark: the embedded Ge–Se family or a user's own files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..physics import Curve, as_structure_factor, convert

__all__ = ["Material", "embedded_materials", "user_material"]


@dataclass
class Material:
    """One material: the target G(r) on its r points and the structure factor F(q).

    ``r`` in Å, ``target`` the reduced PDF G(r) = 4πρr(g − 1) in Å⁻², ``q`` in Å⁻¹ and
    ``F`` = q(S(q) − 1) in Å⁻¹.
    """

    name: str
    r: np.ndarray
    target: np.ndarray
    q: np.ndarray
    F: np.ndarray
    metadata: dict = field(default_factory=dict)

    @property
    def structure_factor(self) -> tuple[np.ndarray, np.ndarray]:
        return self.q, self.F

    def triple(self):
        """``(r, target, (q, F))`` as :func:`cross_material_scores` takes it."""
        return self.r.reshape(-1, 1), self.target, self.structure_factor


def embedded_materials(*, counts: float | None = None, random_state=0) -> dict[str, Material]:
    """The six materials of the embedded Ge–Se family (a model, not measured data)."""
    from ..datasets import load_ge_se_glasses

    glasses = load_ge_se_glasses(counts=counts, random_state=random_state)
    out = {}
    for name in glasses.materials:
        m = glasses.data[name]
        out[name] = Material(
            name,
            m.r,
            m.G,
            m.q,
            m.F,
            {"composition": m.composition, "rho": m.rho, "source": "embedded Ge–Se model"},
        )
    return out


def _read(path, what: str) -> Curve:
    from ..datasets import read

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{what} file {str(path)!r} does not exist")
    return read(path)


def user_material(
    sq_path,
    rdf_path,
    *,
    sq_quantity: str | None = None,
    rdf_quantity: str | None = None,
    rho: float | None = None,
    composition: dict[str, float] | None = None,
    name: str | None = None,
    resample: bool = True,
) -> Material:
    """A material from a structure-factor file and an RDF file (any format ``read`` knows).

    With ``resample`` (default) the target is interpolated (linearly) onto the protocol's r
    grid, the embedded data's r = 1.5, 1.6, …, 7.3 Å (59 points, Δr = 0.1 Å) where the file
    covers it, so that the benchmark's cost and its errors are those of the paper's protocol
    whatever the file's sampling (a 999-point PDFgetX3 file would otherwise cost the Gaussian
    process, O(n³), minutes). ``resample=False`` keeps the file's own r points.

    The structure factor must be S(q) or F(q) (converted to F = q(S − 1)); the RDF file G(r)
    (used as is) or g(r) / R(r) (converted to G(r), which needs ``rho`` in atoms/Å³). Plain
    column files whose labels do not say what they hold need ``sq_quantity`` / ``rdf_quantity``.
    A Gudrun interference cross-section (``.mint01``, quantity "F_barn") is normalised to S(q)
    with the mean neutron scattering length of ``composition`` (e.g. ``{"Si": 1, "O": 2}``).
    """
    sq = _read(sq_path, "structure-factor")
    if sq.quantity == "F_barn" and sq_quantity is None:
        if composition is None:
            raise ValueError(
                f"{sq_path}: holds Gudrun's interference cross-section F(Q) in barn/sr/atom; "
                "normalising it to S(q) needs the composition (--composition Si:1,O:2)"
            )
        from ..datasets import interference_to_S

        sq = interference_to_S(sq, composition=composition)
    rdf = _read(rdf_path, "RDF")
    sq_q = sq_quantity or sq.quantity
    rdf_q = rdf_quantity or rdf.quantity
    if sq_q not in ("S", "F"):
        raise ValueError(
            f"{sq_path}: holds {sq.quantity!r}, not S(q) or F(q); pass sq_quantity "
            "('S' or 'F', --sq-quantity on the command line) if it does"
        )
    if rdf_q not in ("G", "g", "R"):
        raise ValueError(
            f"{rdf_path}: holds {rdf.quantity!r}, not G(r), g(r) or R(r); pass rdf_quantity "
            "('G', 'g' or 'R', --rdf-quantity on the command line) if it does"
        )
    y_sq = sq.y if sq.y.ndim == 1 else sq.y[:, 0]
    q, F = as_structure_factor(Curve(sq.x, y_sq, sq_q))
    r = np.asarray(rdf.x, dtype=np.float64)
    y = rdf.y if rdf.y.ndim == 1 else rdf.y[:, 0]
    rho = rho if rho is not None else rdf.metadata.get("rho", sq.metadata.get("rho"))
    # r = 0 carries no information (G(0) = 0) and the wavelet model needs r > 0: PDFgetX3
    # writes G(r) from r = 0 by default.
    keep = r > 0
    r, y = r[keep], np.asarray(y, dtype=np.float64)[keep]
    if rdf_q != "G":
        if rho is None:
            raise ValueError(
                f"{rdf_path}: holds {rdf_q}(r); converting it to G(r) needs the number density "
                "(rho, --rho on the command line, in atoms/Å³)"
            )
        y = convert(r, y, rdf_q, "G", rho=rho)
    n_file = r.size
    if resample and r.size:
        from ..datasets.ge_se import R_GRID

        order = np.argsort(r)
        r, y = r[order], np.asarray(y, dtype=np.float64)[order]
        grid = R_GRID[(R_GRID >= r[0]) & (R_GRID <= r[-1])]
        if grid.size < 5:
            raise ValueError(
                f"{rdf_path}: r = {r[0]:.3g}–{r[-1]:.3g} Å covers {grid.size} points of the "
                "protocol grid (1.5–7.3 Å, Δr = 0.1 Å); keep the file's own points instead "
                "(resample=False, --keep-grid on the command line)"
            )
        r, y = grid, np.interp(grid, r, y)
    if q[-1] <= 0 or r.size < 5:
        raise ValueError(f"{rdf_path}: needs at least 5 r points, got {r.size}")
    return Material(
        name or Path(rdf_path).stem,
        r,
        np.asarray(y, dtype=np.float64),
        q,
        F,
        {
            "rho": rho,
            "sq_file": str(sq_path),
            "rdf_file": str(rdf_path),
            "resampled": f"{n_file} points → {r.size} (protocol grid)" if resample else "no",
        },
    )
