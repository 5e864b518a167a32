"""Physics behind the reduction: conventions, geometry, windows, Q range, weights, density."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.physics import (
    CONVENTIONS,
    Curve,
    as_composition,
    convert,
    density_from_low_r,
    hanning,
    kaiser,
    krogh_moe_ratio,
    lorch,
    mass_to_number_density,
    noise_limited_q_max,
    partial_coordination_number,
    polarisation_factor,
    q_to_two_theta,
    sine_transform_F_to_G,
    to_inverse_angstrom,
    two_theta_to_q,
    xray_form_factors,
    xray_weights,
)
from sklearn_rdf.physics.scattering import normalisation_condition

R = np.linspace(0.5, 5.0, 10)
G = np.sin(R)
RHO, MEAN_B = 0.07, 5.2517  # SiO2: ⟨b⟩ in fm


@pytest.mark.parametrize("target", ["D", "T", "G_keen", "G_over_r"])
def test_conventions_round_trip_through_g(target):
    there = convert(R, G, "G", target, rho=RHO, mean_b=MEAN_B)
    back = convert(R, there, target, "G", rho=RHO, mean_b=MEAN_B)
    assert np.allclose(back, G)


def test_conventions_follow_keen():
    b2 = MEAN_B**2 / 100  # barn
    g = 1 + G / (4 * np.pi * RHO * R)
    assert np.allclose(convert(R, G, "G", "D", mean_b=MEAN_B), b2 * G)
    assert np.allclose(
        convert(R, G, "G", "T", rho=RHO, mean_b=MEAN_B), b2 * (G + 4 * np.pi * RHO * R)
    )
    assert np.allclose(convert(R, G, "G", "G_keen", rho=RHO, mean_b=MEAN_B), b2 * (g - 1))
    q = np.linspace(0.5, 10, 5)
    assert np.allclose(convert(q, 0.1 * q, "F_barn", "S", mean_b=MEAN_B), 1 + 0.1 * q / b2)
    assert np.allclose(convert(q, 0.1 * q, "F_barn", "F", mean_b=MEAN_B), q * 0.1 * q / b2)
    assert CONVENTIONS["D"].unit == "barn/sr/atom/Å²"
    with pytest.raises(ValueError, match="needs the mean scattering length"):
        convert(R, G, "D", "G")
    with pytest.raises(ValueError, match="needs the number density"):
        convert(R, G, "T", "G", mean_b=MEAN_B)
    with pytest.raises(ValueError, match="q-space and D a r-space"):
        convert(q, q, "F_barn", "D", mean_b=MEAN_B)
    curve = Curve(R, G, "G", metadata={"rho": RHO, "mean_b_fm": MEAN_B}).to("T")
    assert curve.quantity == "T" and curve.y_unit == "barn/sr/atom/Å²"


def test_geometry():
    q = np.array([0.5, 3.0, 7.9])
    assert np.allclose(two_theta_to_q(q_to_two_theta(q, 1.5406), 1.5406), q)
    assert np.allclose(to_inverse_angstrom([10.0, 20.0], "nm⁻¹"), [1.0, 2.0])
    with pytest.raises(ValueError, match="no wavelength was given"):
        to_inverse_angstrom([10.0], "°2θ")
    with pytest.raises(ValueError, match="wavelength must be a finite number > 0"):
        two_theta_to_q([10.0], -1.0)
    with pytest.raises(ValueError, match="beyond 4π/λ"):
        q_to_two_theta([9.0], 1.5406)
    P = polarisation_factor(two_theta_to_q([90.0], 1.0), 1.0, 0.5)
    assert P[0] == pytest.approx(0.5)  # (1 + cos² 90°)/2


def test_windows():
    q = np.linspace(0, 20, 201)
    for window, end in ((lorch, 0.0), (hanning, 0.0), (kaiser, 1 / np.i0(2.5))):
        M = window(q, 20.0)
        assert M[0] == pytest.approx(1.0) and M[-1] == pytest.approx(end, abs=1e-12)
        assert np.all(np.diff(M) <= 1e-12)
    assert kaiser(q, 20.0, beta=0.0) == pytest.approx(np.ones_like(q))
    F = np.sin(2.0 * q)
    r = np.linspace(0.5, 4, 50)
    for name in ("lorch", "hanning", "kaiser"):
        assert sine_transform_F_to_G(q, F, r, window=name).shape == r.shape


def test_noise_limited_q_max_on_real_files(shared_data):
    from sklearn_rdf.datasets import read

    sio2 = read(shared_data / "sio2_glass_neutron/SiO2_NIMROD.mint01")
    keep = sio2.x > 0
    cut = noise_limited_q_max(sio2.x[keep], sio2.x[keep] * sio2.y[keep])
    assert 28.0 < cut.q_max < 40.0  # the file runs to 50 Å⁻¹
    argon = read(shared_data / "liquid_ar_neutron/yarnell.sq")
    assert noise_limited_q_max(argon.x, argon.x * (argon.y - 1)).q_max == argon.x[-1]
    q = np.linspace(0.1, 20, 400)
    padded = np.where(q < 12, np.sin(q), 0.0)
    assert noise_limited_q_max(q, padded).reason.startswith("F(q) is zero padding")


def test_xray_weights_and_form_factors():
    q = np.linspace(0.0, 20.0, 101)
    w = xray_weights({"Si": 1, "O": 2}, q, average=False)
    assert np.allclose(sum(w.values()), 1.0)
    z = xray_weights({"Si": 1, "O": 2}, [0.0])
    # Q = 0: f = Z, so w_SiO = 2 c_Si c_O Z_Si Z_O / ⟨Z⟩²
    assert z["Si-O"] == pytest.approx(2 * (1 / 3) * (2 / 3) * 14 * 8 / (10.0**2), rel=1e-3)
    with pytest.raises(ValueError, match="unknown element 'Xx'"):
        xray_form_factors(["Xx"], q)


def test_xray_partial_cn_uses_q_averaged_weights():
    r = np.linspace(0.5, 3.0, 501)
    q = np.linspace(0.5, 20.0, 200)
    rho, w = 0.066, xray_weights({"Si": 1, "O": 2}, q)["Si-O"]
    shell = np.exp(-(((r - 1.61) / 0.05) ** 2)) / (0.05 * np.sqrt(np.pi))
    g_sio = 4.0 * shell / (4 * np.pi * rho * (2 / 3) * r**2)
    cn = partial_coordination_number(
        r,
        g=w * g_sio,
        rho=rho,
        pair=("Si", "O"),
        composition={"Si": 1, "O": 2},
        radiation="xray",
        q=q,
        r_lo=1.3,
        r_hi=1.9,
    )
    assert cn.cn == pytest.approx(4.0, abs=0.01) and cn.weight == pytest.approx(w)
    with pytest.raises(ValueError, match="pass q"):
        partial_coordination_number(
            r, g=g_sio, rho=rho, pair=("Si", "O"), composition={"Si": 1, "O": 2}, radiation="xray"
        )
    with pytest.raises(ValueError, match="pair must name two species"):
        partial_coordination_number(r, g=g_sio, rho=rho, pair=("Si", "C"), composition="SiO2")


def test_composition_and_density():
    assert as_composition({"D": 2, "O": 1}) == {"D": 2.0, "O": 1.0}
    assert mass_to_number_density(2.2, "SiO2") == pytest.approx(0.06615, rel=1e-3)
    for bad, message in (
        ({"Si": -1, "O": 2}, "finite and >= 0"),
        ({"Si": 0}, "sums to zero"),
        ({"Xx": 1}, "unknown element 'Xx'"),
        ({}, "non-empty mapping"),
    ):
        with pytest.raises(ValueError, match=message):
            as_composition(bad)
    with pytest.raises(ValueError, match="density .* must be finite and > 0"):
        mass_to_number_density(0.0, "SiO2")
    assert normalisation_condition({"H": 2, "O": 1}) == pytest.approx(0.0152, abs=5e-4)


def test_density_from_low_r_and_sum_rule():
    r = np.linspace(0.01, 4.0, 400)
    G = np.where(r < 1.3, -4 * np.pi * 0.08 * r, np.sin(4 * r))
    assert density_from_low_r(r, G, r_max=1.2) == pytest.approx(0.08)
    with pytest.raises(ValueError, match="no atomic core"):
        density_from_low_r(r, -G, r_max=1.2)
    q = np.linspace(0, 20, 2001)
    S = 1 - 0.05 * np.pi**1.5 * 1.5**3 * np.exp(-(q**2) * 1.5**2 / 4)
    assert krogh_moe_ratio(q, S, 0.05) == pytest.approx(1.0, abs=1e-6)
