"""F(q) ↔ G(r) sine transforms."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from sklearn_rdf.physics import (
    find_rdf_peaks,
    g_to_G,
    gaussian_shells_g,
    lorch,
    sine_transform_F_to_G,
    sine_transform_G_to_F,
    trapezoid_weights,
)

RHO = 0.034
SHELLS = [(2.36, 2.7, 0.09), (3.75, 8.0, 0.25)]


def gaussian_F(q, centres=(2.4, 3.8), amps=(1.0, 0.6), widths=(0.08, 0.2)):
    """F(q) whose G(r) is a sum of antisymmetrised Gaussians: both decay fast."""
    return sum(
        a * np.sin(q * c) * np.exp(-((w * q) ** 2) / 2)
        for c, a, w in zip(centres, amps, widths, strict=True)
    )


def gaussian_G(r, centres=(2.4, 3.8), amps=(1.0, 0.6), widths=(0.08, 0.2)):
    out = 0.0
    for c, a, w in zip(centres, amps, widths, strict=True):
        norm = a / (w * np.sqrt(2 * np.pi))
        out = out + norm * (
            np.exp(-((r - c) ** 2) / (2 * w**2)) - np.exp(-((r + c) ** 2) / (2 * w**2))
        )
    return out


def test_analytic_pair():
    q = np.linspace(0, 80, 8001)
    r = np.linspace(0.01, 8, 300)
    np.testing.assert_allclose(
        sine_transform_F_to_G(q, gaussian_F(q), r), gaussian_G(r), atol=1e-8
    )


def test_round_trip_F_G_F_gaussian_shell_model():
    # A Gaussian-shell glass model: F(q) from G(r) on a fine grid, then back and forth.
    r_fine = np.linspace(0, 40, 8001)
    g = gaussian_shells_g(r_fine, SHELLS, RHO, continuum_start=4.6, continuum_width=0.3)
    G = g_to_G(r_fine, g, RHO) * np.exp(-((r_fine / 15) ** 2))  # decay within r_max
    q = np.linspace(0, 60, 6001)
    F = sine_transform_G_to_F(r_fine, G, q)
    G_back = sine_transform_F_to_G(q, F, r_fine)
    F_back = sine_transform_G_to_F(r_fine, G_back, q)
    rel = np.linalg.norm(F_back - F) / np.linalg.norm(F)
    assert rel < 1e-6


def test_non_uniform_grid_matches_uniform():
    q_u = np.linspace(0, 60, 4001)
    rng = np.random.default_rng(0)
    q_n = np.sort(np.concatenate([[0, 60], rng.uniform(0, 60, 6000)]))
    r = np.linspace(0.5, 6, 100)
    G_u = sine_transform_F_to_G(q_u, gaussian_F(q_u), r)
    G_n = sine_transform_F_to_G(q_n, gaussian_F(q_n), r)
    np.testing.assert_allclose(G_n, G_u, atol=2e-3 * np.abs(G_u).max())


def test_q_limits_and_lorch():
    q = np.linspace(0, 30, 3001)
    F = gaussian_F(q)
    r = np.linspace(0.5, 6, 50)
    cut = sine_transform_F_to_G(q, F, r, q_max=10.0)
    manual = sine_transform_F_to_G(q[q <= 10.0], F[q <= 10.0], r)
    np.testing.assert_allclose(cut, manual)
    lor = sine_transform_F_to_G(q, F, r, q_max=10.0, window="lorch")
    sel = q <= 10.0
    np.testing.assert_allclose(lor, sine_transform_F_to_G(q[sel], F[sel] * lorch(q[sel], 10.0), r))
    assert lorch([0.0, 10.0], 10.0) == pytest.approx([1.0, 0.0], abs=1e-15)
    # the Lorch window damps the truncation ripples
    ripple = np.abs(cut - gaussian_G(r))[r < 2.0].max()
    assert np.abs(lor - gaussian_G(r))[r < 2.0].max() < ripple


def test_chunking_does_not_change_the_result():
    q = np.linspace(0, 20, 500)
    r = np.linspace(0.1, 10, 333)
    a = sine_transform_F_to_G(q, gaussian_F(q), r)
    b = sine_transform_F_to_G(q, gaussian_F(q), r, max_chunk_bytes=8 * 500 * 7)
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_large_transform_runs_in_bounded_memory():
    q = np.linspace(0, 50, 10_000)
    r = np.linspace(0.01, 30, 10_000)
    F = gaussian_F(q)
    tracemalloc.start()
    G = sine_transform_F_to_G(q, F, r)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert G.shape == (10_000,)
    assert peak < 2 * 2**30, f"peak {peak / 2**20:.0f} MiB"
    assert peak < 100 * 2**20  # the chunk bound (64 MiB) plus the inputs


def test_trapezoid_weights_integrate_exactly_linear_functions():
    x = np.array([0.0, 0.1, 0.5, 0.55, 2.0])
    np.testing.assert_allclose(trapezoid_weights(x) @ (3 * x + 1), 3 * 2.0**2 / 2 + 2.0)


@pytest.mark.parametrize(
    ("q", "F", "match"),
    [
        ([0.0, 2.0, 1.0], [0, 0, 0], "strictly increasing"),
        ([0.0, 1.0, 2.0], [0, np.nan, 0], "F contains NaN"),
        ([0.0, 1.0, 2.0], [0, 0], "mismatched lengths"),
        ([-1.0, 1.0, 2.0], [0, 0, 0], "q must be >= 0"),
        ([0.0, np.inf, 2.0], [0, 0, 0], "q contains NaN or inf"),
    ],
)
def test_bad_input_is_named(q, F, match):
    with pytest.raises(ValueError, match=match):
        sine_transform_F_to_G(q, F, [1.0, 2.0])


def test_bad_limits_and_window():
    q = np.linspace(0, 10, 11)
    with pytest.raises(ValueError, match=r"q_min .* must be smaller"):
        sine_transform_F_to_G(q, q, [1.0], q_min=5, q_max=4)
    with pytest.raises(ValueError, match="fewer than 2 q points"):
        sine_transform_F_to_G(q, q, [1.0], q_min=4.1, q_max=4.9)
    with pytest.raises(ValueError, match="unknown window"):
        sine_transform_F_to_G(q, q, [1.0], window="hann")
    with pytest.raises(ValueError, match="r must be >= 0"):
        sine_transform_F_to_G(q, q, [-1.0])


def test_transform_does_not_modify_inputs():
    q = np.linspace(0, 10, 101)
    F = gaussian_F(q)
    r = np.linspace(1, 5, 7)
    copies = [a.copy() for a in (q, F, r)]
    sine_transform_F_to_G(q, F, r, window="lorch")
    sine_transform_G_to_F(r, F[:7], q)
    for a, c in zip((q, F, r), copies, strict=True):
        np.testing.assert_array_equal(a, c)


def test_sio2_neutron_peaks(shared_data):
    """Vitreous SiO2 (NIMROD, neutron): Si–O 1.61, O–O 2.62, Si–Si 3.10 Å within 0.03 Å."""
    from sklearn_rdf.datasets import read

    curve = read(shared_data / "sio2_glass_neutron" / "SiO2_NIMROD.mint01")
    q, F_int = curve.x, curve.y if curve.y.ndim == 1 else curve.y[:, 0]
    keep = q > 0
    # The file's F(Q) is an interference cross-section (barn/sr/atom); Q·F(Q) has the shape of
    # the reduced F(q) = q(S(q) − 1), so the peak positions of its transform are those of G(r).
    r = np.arange(0.5, 6.0, 0.005)
    G = sine_transform_F_to_G(q[keep], q[keep] * F_int[keep], r, q_max=40.0)
    peaks = find_rdf_peaks(r, G).positions[:3]
    np.testing.assert_allclose(peaks, [1.61, 2.62, 3.10], atol=0.03)


def test_several_curves_as_columns_and_lorch_at_the_last_q_used():
    q = np.linspace(0.3, 10, 500)
    F2 = np.column_stack([gaussian_F(q), 2 * gaussian_F(q)])
    r = np.linspace(0.5, 6, 40)
    G2 = sine_transform_F_to_G(q, F2, r, window="lorch")
    assert G2.shape == (40, 2)
    np.testing.assert_allclose(G2[:, 1], 2 * sine_transform_F_to_G(q, F2[:, 0], r, window="lorch"))
    # a q_max beyond the data does not change the window: it ends at the last q integrated
    np.testing.assert_allclose(
        sine_transform_F_to_G(q, F2[:, 0], r, window="lorch", q_max=20.0), G2[:, 0]
    )
    back = sine_transform_G_to_F(r, G2, q)
    assert back.shape == (500, 2)
