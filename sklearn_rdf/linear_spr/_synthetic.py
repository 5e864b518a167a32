"""SYNTHETIC RDF → spectrum data for tests, examples and benchmark sizes (not a simulation).

The structures are Gaussian-shell pair distribution functions g(r) of an a-Si-like glass
(:func:`sklearn_rdf.physics.gaussian_shells_g`, ρ = 0.05 atoms/Å³, shells near 2.35, 3.84 and
5.8 Å) whose shell widths σ_k (Å), positions r_k (Å) and coordination numbers N_k vary with
a per-sample disorder parameter d ∈ [0, 1]. The "spectra" are a VDOS-shaped reference (four
Gaussian bands on a frequency grid in THz) plus a FIXED random linear map of g(r) − g_ref(r)
(a sum of smooth r–ω bumps near the shells), optionally a quadratic term, plus Gaussian
noise. The linear part is what LinearSPR is built for; the quadratic term gives a CNN
something a linear map cannot fit. Nothing here is physics beyond the shape of the curves:
the real evaluation uses the simulated glasses of :mod:`sklearn_rdf.datasets`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state

from .._validation import check_positive_int, check_positive_real
from ..physics import gaussian_shells_g

__all__ = ["make_synthetic_rdf_spectra"]

_RHO = 0.05  # atoms/Å³
# reference VDOS bands: centre (THz), width (THz), weight
_BANDS = ((4.5, 1.2, 0.35), (10.0, 1.5, 0.15), (13.0, 1.2, 0.15), (15.3, 0.6, 0.35))


def _shells(d: float, rng: np.random.RandomState) -> list[tuple[float, float, float]]:
    jitter = rng.normal(size=6)
    return [
        (2.35 + 0.03 * d + 0.01 * jitter[0], 4.0 + 0.15 * d * jitter[1], 0.05 + 0.10 * d),
        (3.84 - 0.05 * d + 0.02 * jitter[2], 12.0 + 0.5 * d * jitter[3], 0.15 + 0.25 * d),
        (5.80 + 0.05 * jitter[4], 25.0 + 1.0 * jitter[5], 0.30 + 0.30 * d),
    ]


def _gauss(x, centre, width):
    return np.exp(-0.5 * ((x - centre) / width) ** 2)


def make_synthetic_rdf_spectra(
    n_samples: int = 500,
    *,
    n_bins: int = 300,
    n_freq: int = 300,
    r_max: float = 8.0,
    freq_max: float = 20.0,
    noise: float = 0.01,
    nonlinearity: float = 0.0,
    random_state=None,
) -> Bunch:
    """SYNTHETIC pairs (g(r), spectrum) with a known, mostly linear structure–spectrum map.

    Parameters
    ----------
    n_samples : int, default 500
        Number of structures.
    n_bins : int, default 300
        Points of the r grid, uniform on (0, ``r_max``] Å.
    n_freq : int, default 300
        Points of the frequency grid, uniform on [0, ``freq_max``] THz.
    r_max : float, default 8.0
        Largest r (Å).
    freq_max : float, default 20.0
        Largest frequency (THz).
    noise : float, default 0.01
        Standard deviation of the additive Gaussian noise, as a fraction of the reference
        spectrum's maximum.
    nonlinearity : float, default 0.0
        Weight of a quadratic term (the squared linear response, rescaled) added to the
        spectra; 0 gives an exactly linear map plus noise.
    random_state : int, RandomState or None
        Seeds the map and the structures.

    Returns
    -------
    Bunch
        ``X`` (n_samples, n_bins): g(r) (dimensionless); ``r`` (Å); ``Y`` (n_samples,
        n_freq): spectra (arbitrary units); ``freq`` (THz); ``coef`` (n_freq, n_bins): the
        true linear map; ``metadata``: DataFrame with the disorder parameter and shell
        parameters per sample; ``DESCR``.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    n_bins = check_positive_int(n_bins, "n_bins")
    n_freq = check_positive_int(n_freq, "n_freq")
    if n_bins < 2 or n_freq < 2:
        raise ValueError(f"need n_bins >= 2 and n_freq >= 2, got {n_bins} and {n_freq}")
    r_max = check_positive_real(r_max, "r_max")
    freq_max = check_positive_real(freq_max, "freq_max")
    for name, value in (("noise", noise), ("nonlinearity", nonlinearity)):
        if value != 0:
            check_positive_real(value, name)  # >= 0 and finite
    rng = check_random_state(random_state)
    r = np.linspace(r_max / n_bins, r_max, n_bins)
    freq = np.linspace(0.0, freq_max, n_freq)
    y_ref = sum(w * _gauss(freq, c, s) for c, s, w in _BANDS)

    # fixed random linear map: smooth bumps coupling r near a shell to a band of frequencies
    n_terms = 24
    r_centres = rng.choice([2.35, 3.84, 5.8], size=n_terms) + rng.normal(0, 0.15, n_terms)
    r_widths = rng.uniform(0.08, 0.3, n_terms)
    w_centres = rng.uniform(1.0, 0.9 * freq_max, n_terms)
    w_widths = rng.uniform(0.4, 2.0, n_terms)
    amps = rng.normal(size=n_terms)
    coef = sum(
        a * np.outer(_gauss(freq, wc, ww), _gauss(r, rc, rw))
        for a, rc, rw, wc, ww in zip(amps, r_centres, r_widths, w_centres, w_widths, strict=True)
    )

    g_ref = gaussian_shells_g(r, _shells(0.5, np.random.RandomState(0)), _RHO)
    d = rng.uniform(0.0, 1.0, n_samples)
    shells = [_shells(di, rng) for di in d]
    X = np.stack([gaussian_shells_g(r, s, _RHO) for s in shells])
    response = (X - g_ref) @ coef.T
    # one fixed amplitude: the response's spread is 20 % of the reference maximum for a
    # glass with the full range of disorder (set on 64 structures from a fixed seed)
    probe_rng = np.random.RandomState(1)
    probe = np.stack(
        [gaussian_shells_g(r, _shells(di, probe_rng), _RHO) for di in np.linspace(0, 1, 64)]
    )
    amplitude = 0.2 * y_ref.max() / np.std((probe - g_ref) @ coef.T)
    coef = amplitude * coef
    response = amplitude * response
    Y = y_ref + response
    if nonlinearity:
        Y = Y + nonlinearity * response**2 / y_ref.max()
    Y = Y + noise * y_ref.max() * rng.normal(size=Y.shape)

    shell_arr = np.asarray(shells)
    metadata = pd.DataFrame({"disorder": d})
    for k in range(shell_arr.shape[1]):
        metadata[f"r{k + 1}"] = shell_arr[:, k, 0]
        metadata[f"N{k + 1}"] = shell_arr[:, k, 1]
        metadata[f"sigma{k + 1}"] = shell_arr[:, k, 2]
    return Bunch(
        X=X,
        r=r,
        Y=Y,
        freq=freq,
        coef=coef,
        metadata=metadata,
        DESCR="SYNTHETIC Gaussian-shell g(r) of an a-Si-like glass -> VDOS-shaped spectra "
        "through a fixed random linear map (+ optional quadratic term) + noise. Not a "
        "simulation; see sklearn_rdf.linear_spr._synthetic.",
    )
