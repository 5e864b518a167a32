"""Compute the embedded Ge–Se family and write ``data/ge_se_glasses.npz``.

Run ``python -m sklearn_rdf.datasets._ge_se_build`` to regenerate the shipped file from the
model of :mod:`sklearn_rdf.datasets.ge_se` (deterministic: no randomness is involved). Needs
``xraydb`` (a core dependency) for the atomic form factors f0(q); the package itself reads
the file and does not need xraydb.

For each material: partial g_αβ(r) on a fine grid r = 0–10 Å (Δr = 0.002 Å; every partial is
1 well before 10 Å), G_αβ(r) = 4πρr(g_αβ − 1), F_αβ(q) = ∫ G_αβ sin(qr) dr
(:func:`~sklearn_rdf.physics.sine_transform_G_to_F`), and the Faber–Ziman sums
S(q) − 1 = Σ_α≤β (2 − δ_αβ) c_α c_β f_α f_β F_αβ/q / ⟨f⟩², F(q) = q(S(q) − 1) (weights
from :func:`~sklearn_rdf.physics.scattering.faber_ziman_weights`, as for neutrons). On the
59-point r grid: the partials, the total g = Σ w_αβ(0) g_αβ, G = 4πρr(g − 1), R = 4πρr²g, and
G_transform, the sine transform of the Cu Kα-limited F(q) (what transforming the measurement
would give).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from ..physics import g_to_G, g_to_R, sine_transform_F_to_G, sine_transform_G_to_F
from ..physics.scattering import faber_ziman_weights
from .ge_se import DATA_FILE, FORMAT_VERSION, GE_SE_MATERIALS, R_GRID, ge_se_model, q_grid

R_FINE = (0.0, 10.0, 0.002)  # start, stop, step (Å)


def form_factors(elements, q) -> dict[str, np.ndarray]:
    """X-ray atomic form factors f0(q) of xraydb (Waasmaier–Kirfel), q in Å⁻¹."""
    import xraydb

    s = np.asarray(q, dtype=np.float64) / (4.0 * np.pi)  # xraydb's f0 takes sin(θ)/λ
    return {el: np.asarray(xraydb.f0(el, s), dtype=np.float64).reshape(s.shape) for el in elements}


def xray_structure_factor(model, q) -> dict[str, np.ndarray]:
    """Faber–Ziman X-ray S(q) and F(q) = q(S(q) − 1) of a :class:`~.ge_se.GlassModel`.

    S(q) − 1 = Σ_α≤β w_αβ(q) F_αβ(q)/q with the q-dependent weights of
    :func:`~sklearn_rdf.physics.scattering.faber_ziman_weights` on the form factors f_α(q).
    Returns ``S``, ``F``, ``mean_f`` = ⟨f(q)⟩ and ``mean_f2`` = ⟨f²(q)⟩ on ``q`` (Å⁻¹, > 0).
    """
    q = np.asarray(q, dtype=np.float64)
    elements, rho = model.elements, model.rho
    c = np.array([model.composition[el] for el in elements])
    f = form_factors(elements, q)
    f_rows = np.array([f[el] for el in elements])
    start, stop, step = R_FINE
    r_fine = np.arange(start, stop + step / 2, step)
    weights = faber_ziman_weights(elements, c, f_rows)
    S_minus_1 = np.zeros_like(q)
    for key, g in model.partial_g(r_fine).items():
        S_minus_1 += weights[key] * sine_transform_G_to_F(r_fine, g_to_G(r_fine, g, rho), q) / q
    return {
        "S": 1.0 + S_minus_1,
        "F": q * S_minus_1,
        "mean_f": c @ f_rows,
        "mean_f2": c @ f_rows**2,
    }


def xray_weights(model) -> dict[str, float]:
    """Faber–Ziman weights at q = 0, w_αβ = (2 − δ_αβ) c_α c_β f_α(0) f_β(0) / ⟨f(0)⟩².

    Keyed "α-β" (α ≤ β); Σ w = 1 and the total is g = Σ w_αβ g_αβ.
    """
    f0 = form_factors(model.elements, [0.0])
    return faber_ziman_weights(
        model.elements,
        [model.composition[el] for el in model.elements],
        [float(f0[el][0]) for el in model.elements],
    )


def build() -> dict[str, np.ndarray]:
    """All arrays of the data file, keyed as :func:`~.ge_se.load_ge_se_glass` reads them."""
    import xraydb

    q = q_grid()
    r = R_GRID.copy()
    info = {
        "format_version": FORMAT_VERSION,
        "xraydb": xraydb.__version__,
        "generator": __name__,
        "r_fine": list(R_FINE),
    }
    out: dict[str, np.ndarray] = {"q": q, "r": r, "info": np.array(json.dumps(info))}
    for name in GE_SE_MATERIALS:
        model = ge_se_model(name)
        weights = xray_weights(model)
        partials = model.partial_g(r)
        g_total = sum(weights[key] * g for key, g in partials.items())
        out[f"{name}__pairs"] = np.array(list(partials))
        out[f"{name}__weights"] = np.array([weights[key] for key in partials])
        for key, g in partials.items():
            out[f"{name}__g_{key}"] = g
        out[f"{name}__g"] = g_total
        out[f"{name}__G"] = g_to_G(r, g_total, model.rho)
        out[f"{name}__R"] = g_to_R(r, g_total, model.rho)
        for key, value in xray_structure_factor(model, q).items():
            out[f"{name}__{key}"] = value
        out[f"{name}__G_transform"] = sine_transform_F_to_G(q, out[f"{name}__F"], r)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent / "data" / DATA_FILE
    parser.add_argument("--out", type=Path, default=default, help=f"default: {default}")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **build())
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
