"""Differentiable spectra (physics/differentiable.py) against freud, the package's sine
transform, dense kernels and finite differences."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from _structure_fixtures import diamond_positions  # noqa: E402

from sklearn_rdf.physics import (  # noqa: E402
    faber_ziman_weights,
    neutron_weights,
    sine_transform_G_to_F,
)
from sklearn_rdf.physics.differentiable import (  # noqa: E402
    WINDOW_SIGMAS,
    bond_angle_distribution,
    histogram_bins,
    pair_distribution,
    partial_pair_distributions,
    structure_factor_exact,
    structure_factor_from_g,
    weighted_total,
    xray_weights_q0,
)


def _random(n=216, rho=0.05, seed=0):
    L = (n / rho) ** (1 / 3)
    x = np.random.default_rng(seed).uniform(0, L, (n, 3))
    return x, np.full(3, L)


def _asi(k=0):
    from sklearn_rdf.datasets import load_simulated_glasses, load_simulated_structures

    d = load_simulated_structures("a-si")
    c = load_simulated_glasses("a-si")
    return d.positions[k].astype(np.float64), d.box[k], c, d.index[k]


@pytest.mark.parametrize("which", ["random", "a-si"])
def test_g_matches_freud(which):
    freud = pytest.importorskip("freud")
    if which == "random":
        x, box = _random()
    else:
        x, box, _, _ = _asi(3)
    r = np.arange(0.02, 8.0, 0.04)
    g = pair_distribution(torch.tensor(x), box, r).numpy()
    fbox = freud.box.Box(*box)
    rdf = freud.density.RDF(bins=r.size, r_max=8.0).compute((fbox, fbox.wrap(x)))
    np.testing.assert_allclose(rdf.bin_centers, r, atol=1e-6)
    # freud works in float32: one pair may sit on the other side of a bin edge
    assert np.max(np.abs(rdf.rdf - g)) < 1e-4


def test_windowed_kernel_equals_dense_and_tends_to_histogram():
    from scipy.special import erf

    x, box = _random(64, seed=1)
    r = np.arange(0.05, 3.9, 0.1)
    edges, _ = histogram_bins(r)
    sigma = 0.15
    g = pair_distribution(torch.tensor(x), box, r, sigma=sigma).numpy()
    # dense: every pair (minimum image) × every bin
    d = x[:, None] - x[None]
    d -= box * np.round(d / box)
    dist = np.sqrt((d**2).sum(-1))[np.triu_indices(64, 1)]
    dist = dist[dist < edges[-1] + 10 * sigma]
    s = np.sqrt(2) * sigma
    mass = 0.5 * (erf((edges[1:, None] - dist) / s) - erf((edges[:-1, None] - dist) / s))
    vol = 4 / 3 * np.pi * (edges[1:] ** 3 - edges[:-1] ** 3)
    dense = 2 * mass.sum(1) / (64 * (64 / np.prod(box)) * vol)
    assert np.max(np.abs(g - dense)) < 1e-3  # the window drops < 6e-5 of each pair
    assert WINDOW_SIGMAS == 4.0
    hard = pair_distribution(torch.tensor(x), box, r).numpy()
    tiny = pair_distribution(torch.tensor(x), box, r, sigma=1e-5).numpy()
    # σ = 1e-5 Å: only a pair within a few σ of a bin edge splits between two bins
    diff = np.abs(hard - tiny)
    assert np.mean(diff < 1e-8) > 0.8 and diff.max() < 0.05


def test_S_from_g_is_the_package_sine_transform():
    x, box = _random()
    r = np.arange(0.02, 7.8, 0.04)  # last edge + 4σ below L/2 = 8.14 Å
    q = np.arange(0.5, 20.0, 0.1)
    g = pair_distribution(torch.tensor(x), box, r, sigma=0.05)
    S = structure_factor_from_g(r, g, q, 0.05).numpy()
    F = sine_transform_G_to_F(r, 4 * np.pi * 0.05 * r * (g.numpy() - 1), q)
    np.testing.assert_allclose(S, 1 + F / q, atol=1e-12)
    with pytest.raises(ValueError, match="q must be > 0"):
        structure_factor_from_g(r, g, np.r_[0.0, q], 0.05)


def test_exact_S_is_the_k_vector_sum():
    x, box = _random(40, seed=2)
    q = np.arange(1.05, 4.0, 0.1)
    S = structure_factor_exact(torch.tensor(x), box, q).numpy()
    # independent numpy loop over the reciprocal lattice
    nmax = int(np.ceil(q[-1] + 0.05) * box[0] / (2 * np.pi)) + 1
    total, count = np.zeros(q.size), np.zeros(q.size)
    for a in range(-nmax, nmax + 1):
        for b in range(-nmax, nmax + 1):
            for c in range(-nmax, nmax + 1):
                k = 2 * np.pi * np.array([a, b, c]) / box
                km = np.linalg.norm(k)
                idx = int(np.floor((km - 1.0) / 0.1))
                if km == 0 or not 0 <= idx < q.size:
                    continue
                rho = np.exp(1j * x @ k).sum()
                total[idx] += abs(rho) ** 2 / len(x)
                count[idx] += 1
    ref = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    np.testing.assert_allclose(S, ref, atol=1e-9, equal_nan=True)


def test_exact_S_of_a_si_against_the_snapshot():
    # The snapshot's S(q) is freud's StaticStructureFactorDirect, which samples its k vectors
    # "isotropically" (dynasor) rather than using every lattice vector: the two agree on
    # average (measured 2026-12-01: mean |ΔS| 0.048, largest 0.56 at one low-q bin).
    x, box, curves, row = _asi(0)
    S = structure_factor_exact(torch.tensor(x), box, curves.q).numpy()
    diff = np.abs(S - curves.S[row])
    assert np.mean(diff) < 0.07
    peak = curves.q[np.argmax(curves.S[row])]
    assert abs(curves.q[np.argmax(S)] - peak) <= 0.15


def test_partials_and_weighted_totals():
    x, box = _random(120, seed=3)
    types = np.r_[np.zeros(40, int), np.ones(80, int)]
    r = np.arange(0.05, 3.9, 0.1)
    xt = torch.tensor(x)
    parts = partial_pair_distributions(xt, box, r, types, sigma=0.1)
    assert set(parts) == {(0, 0), (0, 1), (1, 1)}
    # number weights (equal lengths) give back the total g
    w = faber_ziman_weights(["Si", "O"], [1 / 3, 2 / 3], [1.0, 1.0])
    total = weighted_total(parts, ["Si", "O"], w).numpy()
    g = pair_distribution(xt, box, r, sigma=0.1).numpy()
    np.testing.assert_allclose(total, g, atol=1e-10)
    wn = neutron_weights(["Si", "O"], [1 / 3, 2 / 3])
    wx = xray_weights_q0(["Si", "O"], [1 / 3, 2 / 3])
    assert abs(sum(wn.values()) - 1) < 1e-12 and abs(sum(wx.values()) - 1) < 1e-12
    assert wx["Si-Si"] > wn["Si-Si"]  # Z_Si/Z_O = 1.75 > b_Si/b_O = 0.71
    with pytest.raises(ValueError, match="unknown species"):
        xray_weights_q0(["Si", "Xx"], [0.5, 0.5])


def test_adf_of_diamond_peaks_at_tetrahedral_angle():
    x, a = diamond_positions(2)
    theta = np.arange(0.5, 180, 1.0)
    P = bond_angle_distribution(torch.tensor(x), [2 * a] * 3, theta, r_cut=2.85).numpy()
    assert abs(theta[np.argmax(P)] - 109.47) < 1.0
    assert abs(P.sum() * 1.0 - 1.0) < 1e-9


def test_gradients_pass_finite_differences():
    rng = np.random.default_rng(4)
    box = np.full(3, 6.0)
    x = torch.tensor(rng.uniform(0, 6.0, (8, 3)), dtype=torch.float64, requires_grad=True)
    q = np.arange(1.25, 3.0, 0.5)  # every bin holds k vectors of the 6 Å box
    theta = np.arange(5.0, 180.0, 10.0)
    r = np.arange(0.1, 1.7, 0.2)  # last edge 1.6 Å + 4σ = 2.8 Å < L/2
    assert torch.autograd.gradcheck(lambda y: pair_distribution(y, box, r, sigma=0.3), (x,))
    assert torch.autograd.gradcheck(lambda y: structure_factor_exact(y, box, q), (x,))
    assert torch.autograd.gradcheck(
        lambda y: bond_angle_distribution(y, box, theta, r_cut=2.5, sigma_deg=8.0), (x,)
    )


def test_bad_input():
    x, box = _random(10)
    r = np.arange(0.05, 4.0, 0.1)
    with pytest.raises(ValueError, match="half the smallest box length"):
        pair_distribution(torch.tensor(x), box, r)
    with pytest.raises(ValueError, match="at least 2 atoms"):
        pair_distribution(torch.tensor(x[:1]), box, r[:5])
    with pytest.raises(ValueError, match="uniform"):
        pair_distribution(torch.tensor(x), box, np.r_[0.1, 0.2, 0.4])
    with pytest.raises(ValueError, match="box must be"):
        pair_distribution(torch.tensor(x), [1.0, -1.0, 1.0], r[:5])


@pytest.mark.parametrize("partials", [False, True])
def test_smeared_g_refuses_a_window_beyond_half_the_box(partials):
    # Pairs beyond L/2 are not counted, so a Gaussian window reaching past L/2 silently
    # dropped mass: an ideal gas gave g = 0.74 in the last bin instead of 1.
    x, box = _random(400, rho=0.4)  # L = 10 Å
    r = np.arange(0.05, 4.9, 0.1)  # last edge 4.9 Å < 5 Å, but 4.9 + 4 × 0.2 > 5
    xt = torch.tensor(x)
    with pytest.raises(ValueError, match="half the smallest box length"):
        if partials:
            partial_pair_distributions(xt, box, r, np.zeros(400, int), sigma=0.2)
        else:
            pair_distribution(xt, box, r, sigma=0.2)
    g = pair_distribution(xt, box, r[:-10], sigma=0.2).numpy()  # window inside: unbiased
    assert np.all(np.abs(g[-5:] - 1.0) < 0.05)


def test_nan_positions_are_refused():
    # a NaN atom's pairs were silently dropped: g(r) came out finite and too low
    x, box = _random(100, rho=0.1)
    xt = torch.tensor(x)
    xt[5, 0] = float("nan")
    r = np.arange(0.05, 4.0, 0.1)
    with pytest.raises(ValueError, match="NaN or inf .*atom 5"):
        pair_distribution(xt, box, r)
    with pytest.raises(ValueError, match="NaN or inf"):
        bond_angle_distribution(xt, box, np.arange(0.5, 180.0, 1.0), r_cut=2.5)


@pytest.mark.parametrize("bad", ["negative", "beyond"])
def test_partials_refuse_types_outside_the_species(bad):
    # types >= n_species were silently left out of every partial
    x, box = _random(60, rho=0.1)
    types = np.r_[np.zeros(30, int), np.ones(30, int)]
    if bad == "negative":
        types[0] = -1
    else:
        types[0] = 2
    with pytest.raises(ValueError, match="species indices"):
        partial_pair_distributions(torch.tensor(x), box, np.arange(0.05, 3.5, 0.1), types, 2)
