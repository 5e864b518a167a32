"""Why two real curves stay out of reach of the resolution goals (issue 13); prints numbers.

``python -m benchmarks.resolution_diagnostics`` (needs ``../shared/data``; a few seconds):

- liquid Ne (digitised S(q) to 14.85 Å⁻¹): what lies beyond 7.9 Å⁻¹ — a level offset of S(q)
  (a ramp δq in F), not structure; how much of the Fourier transform's error it is; and the
  scores against the published g(r) of the same state point;
- Argon at 1 GPa (raw X-ray, diamond cell): how little a truth to 9 Å⁻¹ differs from the
  transform cut at 7.9, i.e. why it is not a resolution test;
- and it draws ``docs/figures/resolution_mg2sio4.png`` (Mg2SiO4 and SiO2 cut at 7.9 Å⁻¹).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from sklearn_rdf.benchmark._resolution import R_GRID, _OracleTail, _real_curves
from sklearn_rdf.physics import gaussian_shells_F, sine_transform_F_to_G, sine_transform_G_to_F
from sklearn_rdf.physics.shell_fit import fit_gaussian_shells
from sklearn_rdf.resolution import ShellRDFRegressor

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _mae(a, b) -> float:
    return float(np.mean(np.abs(a - b)))


def ne(data_dir: Path = SHARED_DATA, q_cut: float = 7.9) -> dict:
    """The Ne 42 K numbers (see the module docstring)."""
    curve = next(c for c in _real_curves(data_dir) if c.name.startswith("Ne"))
    q, F = curve.q, curve.F
    cut, tail = q <= q_cut, q > q_cut
    X = R_GRID.reshape(-1, 1)
    rho = fit_gaussian_shells(q, F, q_extend=float(q[-1]), n_shells=1).rho
    G_true = sine_transform_F_to_G(q, F, R_GRID)
    G_ft = sine_transform_F_to_G(q[cut], F[cut], R_GRID)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        oracle = _OracleTail((q[cut], F[cut]), full=(q, F)).fit(X, G_true)
        shells = ShellRDFRegressor((q[cut], F[cut]), q_extend=float(q[-1])).fit(X, G_true)
    F_oracle = np.interp(q[tail], oracle.q_h_, oracle.F_h_)
    hi = cut & (q >= 4.0)  # is the offset visible in the data? F − shells on [4, cut] vs q
    left = F[hi] - gaussian_shells_F(q[hi], shells.shells_)
    delta_data = float(left @ q[hi] / (q[hi] @ q[hi]))
    A = np.column_stack([q[tail], F_oracle])  # tail = δ q + oracle shells
    coef = np.linalg.lstsq(A, F[tail], rcond=None)[0]
    G_ramp = sine_transform_F_to_G(q[tail], coef[0] * q[tail], R_GRID)
    pub = np.loadtxt(data_dir / "liquid_ne" / "ne_42K_rdf_new.csv", delimiter=",", skiprows=1)
    G_pub = 4 * np.pi * rho * R_GRID * (np.interp(R_GRID, pub[:, 0], pub[:, 1]) - 1)
    rr = np.arange(0.01, 19.0, 0.01)
    F_pub = sine_transform_G_to_F(
        rr, 4 * np.pi * rho * rr * (np.interp(rr, pub[:, 0], pub[:, 1]) - 1), q
    )
    return {
        "tail points": int(tail.sum()),
        "S-1 beyond the cut, mean": float(np.mean(F[tail] / q[tail])),
        "F tail rms": float(np.sqrt(np.mean(F[tail] ** 2))),
        "oracle shells: tail variance explained": float(
            1 - np.mean((F[tail] - F_oracle) ** 2) / np.mean(F[tail] ** 2)
        ),
        "ramp delta (S offset)": float(coef[0]),
        "the same offset fitted to the data on [4, cut] after the shells": delta_data,
        "ramp + oracle shells: tail variance explained": float(
            1 - np.mean((F[tail] - A @ coef) ** 2) / np.mean(F[tail] ** 2)
        ),
        "MAE FT vs truth": _mae(G_ft, G_true),
        "MAE of the ramp's transform": float(np.mean(np.abs(G_ramp))),
        "MAE FT vs truth minus ramp": _mae(G_ft, G_true - G_ramp),
        "MAE vs published g: FT cut": _mae(G_ft, G_pub),
        "MAE vs published g: shells": _mae(shells.predict(X), G_pub),
        "MAE vs published g: oracle": _mae(oracle.predict(X), G_pub),
        "MAE vs published g: full-range FT (the truth)": _mae(G_true, G_pub),
        "F from published g vs digitised F, q <= cut (rms)": float(
            np.sqrt(np.mean((F_pub[cut] - F[cut]) ** 2))
        ),
        "digitised F rms, q <= cut": float(np.sqrt(np.mean(F[cut] ** 2))),
        "F tail rms from published g": float(np.sqrt(np.mean(F_pub[tail] ** 2))),
    }


def argon_1gpa(data_dir: Path = SHARED_DATA, q_cut: float = 7.9) -> dict:
    """Argon 1 GPa reduced as Glassure's tests do (Q 0.3–9 Å⁻¹): cut vs "full" transform."""
    from sklearn_rdf.datasets import read
    from sklearn_rdf.reduction import reduce_xray

    raw = data_dir / "raw_xray_glassure"
    red = reduce_xray(
        read(raw / "Argon_1GPa.chi"),
        read(raw / "Argon_1GPa_bkg.chi"),
        composition={"Ar": 1},
        density=1.9,
        background_scale=0.57,
        q_min=0.3,
        q_max=9.0,
        r_cutoff=2.4,
    )
    q, F = red.F.x, red.F.y
    G_full = sine_transform_F_to_G(q, F, R_GRID)
    G_cut = sine_transform_F_to_G(q, F, R_GRID, q_max=q_cut)
    return {
        "q_max used": float(q[-1]),
        "MAE cut (7.9) vs 'truth' (9.0)": _mae(G_cut, G_full),
        "mean |G| of the 'truth'": float(np.mean(np.abs(G_full))),
        "Fourier resolution of the 'truth', 2π/q_max (Å)": float(2 * np.pi / q[-1]),
    }


def figure(path, data_dir: Path = SHARED_DATA, q_cut: float = 7.9) -> None:
    """docs/figures/resolution_mg2sio4.png: Mg2SiO4 (X-ray) and SiO2 (neutron) cut at q_cut."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sklearn_rdf.resolution import WaveletTailRDFRegressor

    curves = {c.name: c for c in _real_curves(data_dir)}
    r = np.arange(1.0, 6.0, 0.005)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    for ax, name in zip(axes, ("Mg2SiO4 (X-ray)", "SiO2 (neutron)"), strict=True):
        c = curves[name]
        cut = c.q <= q_cut
        sf, ext = (c.q[cut], c.F[cut]), float(c.q[-1])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            shells = ShellRDFRegressor(sf, rho=c.rho, q_extend=ext).fit(r[:, None], r)
            kernel = WaveletTailRDFRegressor(sf, rho=c.rho, q_extend=ext).fit(r[:, None], r)
        ax.plot(r, sine_transform_F_to_G(c.q, c.F, r), "k", lw=2, label=f"truth (q ≤ {ext:.0f})")
        ax.plot(r, sine_transform_F_to_G(*sf, r), color="tab:gray", label=f"Fourier (q ≤ {q_cut})")
        ax.plot(r, shells.predict(r[:, None]), color="tab:red", label="ShellRDFRegressor")
        ax.plot(r, kernel.predict(r[:, None]), ":", color="tab:orange", label="WT kernel + shells")
        ax.set(title=name, xlabel="r (Å)", ylabel="G(r) (Å⁻²)")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    figure(Path(__file__).resolve().parents[1] / "docs" / "figures" / "resolution_mg2sio4.png")
    for name, func in (("Ne 42 K", ne), ("Argon 1 GPa", argon_1gpa)):
        print(f"--- {name}")
        for key, value in func().items():
            print(f"  {key}: {value:.4g}" if isinstance(value, float) else f"  {key}: {value}")
