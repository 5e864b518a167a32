"""ONNERegressor, the macrostate generator and the two peers (sklearn_rdf.exafs)."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf._output import read_manifest
from sklearn_rdf.exafs import (
    MacrostateGenerator,
    ONNERegressor,
    Shell,
    fit_cumulant_shells,
    read_chi,
    tikhonov_inversion,
)
from sklearn_rdf.physics import gaussian_shells_R
from sklearn_rdf.physics.exafs import chi_from_rdf, chi_shell, load_scattering_table, shell_moments

K = np.round(np.arange(2.0, 12.0001, 0.1), 4)
R = np.round(np.arange(1.6, 3.2001, 0.04), 4)


def _toy_gen(**kw):
    shells = [Shell("A-B", n=(1, 5), distance=(2.1, 2.6), sigma=(0.04, 0.12))]
    return MacrostateGenerator(shells, K, R, "toy", **kw)


@pytest.fixture(scope="module")
def fitted():
    gen = _toy_gen()
    onne = ONNERegressor(
        gen, n_members=3, hidden=(64,), n_train=1500, max_epochs=25, n_calibration=300,
        kweight=0, random_state=0,
    )  # fmt: skip
    return gen, onne.fit()


def test_generator_reproducible_and_normalised():
    gen = _toy_gen(s02=(0.8, 1.0), e0_shift=(-3, 3), noise=0.01)
    X1, Y1, p1 = gen.sample(20, random_state=3)
    X2, Y2, _p2 = gen.sample(20, random_state=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    n, d, _ = shell_moments(R, Y1)
    np.testing.assert_allclose(n, p1["n"], rtol=0.03)
    np.testing.assert_allclose(d, p1["distance"], atol=0.01)
    assert not np.array_equal(gen.sample(20, random_state=4)[0], X1)
    batch = next(gen.stream(5, random_state=0))
    assert batch[0].shape == (5, K.size) and batch[1].shape == (5, R.size)


def test_generator_microstates_histogram_pair_distances():
    gen = _toy_gen(pair_samples=200)
    _, Y, params = gen.sample(10, random_state=0)
    n, _, _ = shell_moments(R, Y)
    np.testing.assert_allclose(n, params["n"], rtol=0.05)  # tails beyond the grid are lost
    # rougher than the analytic density, whose second differences are small
    smooth = _toy_gen().sample(10, random_state=0)[1]
    assert np.abs(np.diff(Y, 2)).mean() > 1.5 * np.abs(np.diff(smooth, 2)).mean()
    with pytest.raises(ValueError, match="pair_samples"):
        _toy_gen(pair_samples=0)


def test_generator_mixtures_and_compositions():
    shells = [
        Shell("Ni-Cl", n=(1, 6), distance=(2.1, 2.4), sigma=(0.05, 0.1), max_components=3),
        Shell("Ni-Zn", n=(0, 2), distance=(3.4, 3.9), sigma=(0.1, 0.2)),
    ]
    r = np.round(np.arange(1.8, 4.6, 0.05), 4)
    gen = MacrostateGenerator(shells, K, r, e0_shift=(-2, 2))
    X, Y, params = gen.sample(30, random_state=0)
    assert gen.pairs == ["Ni-Cl", "Ni-Zn"] and Y.shape == (30, 2 * r.size)
    assert set(params.components[params.pair == "Ni-Cl"]) <= {1, 2, 3}
    assert params.n[params.pair == "Ni-Zn"].between(0, 2).all()
    # χ is the sum of the two pairs' EXAFS equations
    tab_cl, tab_zn = load_scattering_table("Ni-Cl"), load_scattering_table("Ni-Zn")
    row = params[params["sample"] == 0].iloc[0]
    chi = chi_from_rdf(K, r, Y[0, : r.size], tab_cl, e0_shift=row.e0_shift) + chi_from_rdf(
        K, r, Y[0, r.size :], tab_zn, e0_shift=row.e0_shift
    )
    # (ΔE0 kernels tabulated every 0.5 eV and interpolated: ~1 % at the lowest k)
    np.testing.assert_allclose(X[0], chi, atol=1.5e-2 * np.abs(chi).max())


def test_onne_recovers_shells_and_calibrates(fitted):
    gen, onne = fitted
    X, Y, params = gen.sample(40, random_state=5)
    mean, std = onne.predict(X, return_std=True)
    assert mean.shape == Y.shape == std.shape and np.all(std >= 0)
    tab = onne.shell_table(X)
    assert list(tab.columns) == [
        "spectrum", "pair", "shell", "r_lo", "r_hi", "n", "n_std", "distance",
        "distance_std", "sigma2", "sigma2_std",
    ]  # fmt: skip
    err_n = np.abs(tab.n - params.n).mean()
    err_d = np.abs(tab.distance - params.distance).mean()
    assert err_n < 0.5 and err_d < 0.03  # tiny ensemble, few epochs
    # the simplest baseline, predicting the training mean, is far worse
    assert err_n < 0.5 * np.abs(params.n - 3.0).mean()
    cov = onne.coverage_.set_index("quantity")
    assert 0.8 <= cov.loc["n A-B shell 0", "calibrated_within_2sigma"] <= 1.0
    assert len(onne.member_cpu_seconds_) == 3


def test_onne_fit_on_arrays_and_reproducible():
    gen = _toy_gen()
    X, Y, _ = gen.sample(400, random_state=1)
    kw = dict(k=K, r=R, n_members=2, hidden=(32,), max_epochs=5, kweight=0, random_state=2)
    a = ONNERegressor(**kw).fit(X, Y)
    b = ONNERegressor(**kw).fit(X, Y)
    np.testing.assert_array_equal(a.predict(X[:5]), b.predict(X[:5]))
    assert a.pairs_ == ["partial"] and a.n_outputs_ == R.size
    nn = ONNERegressor(**{**kw, "nonnegative": True}).fit(X, Y)
    assert np.all(nn.predict(X[:20]) >= 0)


def test_bad_input_raises_and_leaves_arrays_untouched(fitted):
    gen, onne = fitted
    X, _, _ = gen.sample(3, random_state=0)
    X0 = X.copy()
    with pytest.raises(ValueError, match="k grid of X differs from the training k grid"):
        onne.predict(X, k=K + 0.01)
    bad = X.copy()
    bad[0, 4] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        onne.predict(bad)
    k_bad = K.copy()
    k_bad[[3, 4]] = k_bad[[4, 3]]
    with pytest.raises(ValueError, match="k must be strictly increasing"):
        onne.invert(k_bad, X[0])
    with pytest.raises(ValueError, match="lies outside the data's k range"):
        onne.invert(K[5:], X[0, 5:])
    with pytest.raises(ValueError, match="no scattering table for the pair 'U-Xe'"):
        MacrostateGenerator([Shell("U-Xe", n=1, distance=2.5, sigma=0.1)], K, R)
    with pytest.raises(ValueError, match="S0"):
        _toy_gen(s02=(0.0, 0.9))
    with pytest.raises(ValueError, match="n_members"):
        ONNERegressor(gen, n_members=0).fit()
    # a k grid of the same size as the generator's but shifted: the members would train on
    # the generator's grid while invert() interpolated the data onto the other one
    with pytest.raises(ValueError, match="k grid given .* differs from the generator's"):
        ONNERegressor(gen, k=K + 0.05, n_members=1, max_epochs=1, n_train=10).fit()
    np.testing.assert_array_equal(X, X0)
    # invert interpolates a finer grid that covers the training k
    k_fine = np.arange(0.0, 13.0, 0.05)
    chi = np.interp(k_fine, K, X[0])
    np.testing.assert_allclose(onne.invert(k_fine, chi)[0], onne.predict(X[:1]), atol=1e-3)


def test_fine_tune_freezes_body_and_replays(fitted):
    import copy

    _gen, onne = fitted
    tuned = copy.deepcopy(onne)
    # "MD-like" frames: skewed shells at one state point
    rng = np.random.default_rng(0)
    frames = []
    for _ in range(20):
        R_f = gaussian_shells_R(R, [(2.30 + rng.normal(0, 0.01), 3.0, 0.06)])
        R_f += gaussian_shells_R(R, [(2.50, 1.0, 0.1)])
        frames.append(R_f)
    Y_f = np.stack(frames)
    X_f = chi_from_rdf(K, R, Y_f.T, "toy").T
    before = [p.detach().clone() for p in onne.members_[0].module_.parameters()]
    tuned.fine_tune(X_f, Y_f, n_replay=300, max_epochs=10)
    base = tuned.members_[0].module_.base
    after = list(base.parameters())
    assert all(not p.requires_grad for p in after)
    for b, a in zip(before, after, strict=True):
        np.testing.assert_array_equal(b.numpy(), a.detach().numpy())
    err_before = np.abs(onne.predict(X_f) - Y_f).mean()
    err_after = np.abs(tuned.predict(X_f) - Y_f).mean()
    assert err_after < err_before


def test_tikhonov_and_cumulant_peers():
    table = load_scattering_table("Cu-Cu")
    k = np.arange(0.0, 14.0001, 0.05)
    r = np.round(np.arange(2.0, 3.2001, 0.02), 4)
    Rt = gaussian_shells_R(r, [(2.55, 12.0, 0.08)])
    chi = chi_from_rdf(k, r, Rt, table, s02=0.9, e0_shift=3.0)
    res = tikhonov_inversion(k, chi, r, table, kmin=3, kmax=13, s02=0.9, e0_shifts=[0, 3, 6])
    n, d, _ = res.shells([(2.0, 3.2)])[0]
    assert res.e0_shift == 3.0
    assert abs(n - 12) < 0.8 and abs(d - 2.55) < 0.02
    fit = fit_cumulant_shells(
        k, chi_shell(k, 12, 2.55, 0.0064, table, s02=0.9, e0_shift=3.0),
        [dict(table=table, n=10, distance=2.5, sigma2=0.005)],
        s02=0.9, kmin=3, kmax=13, rmin=1.7, rmax=2.9,
    )  # fmt: skip
    assert fit.shells.n[0] == pytest.approx(12, abs=0.05)
    assert fit.shells.distance[0] == pytest.approx(2.55, abs=0.002)
    assert fit.e0_shift == pytest.approx(3.0, abs=0.2)
    with pytest.raises(ValueError, match="lies outside the data's k range"):
        tikhonov_inversion(k, chi, r, table, kmin=1, kmax=20)


@pytest.mark.shared_data
def test_read_chi_files(shared_data):
    k, chi, meta = read_chi(shared_data / "exafs_uf4_molten_salt" / "exp.chik")
    assert k[0] == 0.0 and chi.shape == k.shape and meta.get("element") == "U"
    k2, _chi2, _ = read_chi(shared_data / "exafs_cu" / "cu_metal.chi")
    assert k2[-1] == pytest.approx(17.45, abs=0.01)


def test_cli_exafs_writes_band_table_and_figure(tmp_path, capsys):
    from sklearn_rdf.cli import main

    k = np.arange(0.0, 12.0001, 0.05)
    r = np.round(np.arange(1.8, 3.2, 0.02), 4)
    chi = chi_from_rdf(k, r, gaussian_shells_R(r, [(2.3, 7.0, 0.1)]), load_scattering_table("U-F"))
    path = tmp_path / "u.chi"
    np.savetxt(path, np.column_stack([k, chi]), header="k chi", comments="# ")
    out = str(tmp_path / "res")
    argv = [str(path), "--shell", "U-F:3-12:2.1-2.6:0.05-0.2", "--members", "1",
            "--n-train", "200", "--epochs", "2", "--k-max", "10", "--out", out]  # fmt: skip
    assert main(["exafs", *argv]) == 0
    data = np.loadtxt(tmp_path / "res" / "rdf.csv", delimiter=",")
    assert data.shape[1] == 4
    written = sorted(p.name for p in (tmp_path / "res").iterdir())
    assert written == ["MANIFEST.json", "rdf.csv", "rdf.png", "shells.csv"]
    assert {e["name"] for e in read_manifest(tmp_path / "res")} == set(written) - {"MANIFEST.json"}
    before = (tmp_path / "res" / "rdf.csv").read_bytes()
    assert main(["exafs", *argv]) == 2  # a non-empty folder is refused before any training
    assert "--overwrite" in capsys.readouterr().err
    assert (tmp_path / "res" / "rdf.csv").read_bytes() == before
    assert main(["exafs", *argv, "--overwrite", "--r-window", "1.2", "2.6"]) == 0
    assert main(["exafs", str(path), "--shell", "U-F:3-12"]) == 2
    assert "expected PAIR:NMIN-NMAX" in capsys.readouterr().err


def test_cumulant_fit_reads_a_gaussian_shell_from_the_exafs_integral():
    # data from Eq. 1 (chi_from_rdf) of a Gaussian shell, not from the fit's own model: a
    # cumulant form without feffit's −2σ²/R phase term reads R 2σ²/R (0.008 Å here) short
    table = load_scattering_table("Cu-Cu")
    k = np.arange(0.0, 14.0001, 0.05)
    r = np.round(np.arange(1.8, 3.4001, 0.005), 4)
    chi = chi_from_rdf(k, r, gaussian_shells_R(r, [(2.55, 12.0, 0.1)]), table, s02=0.9)
    fit = fit_cumulant_shells(
        k, chi, [dict(table=table, n=10, distance=2.5, sigma2=0.005)],
        s02=0.9, kmin=3, kmax=13, rmin=1.7, rmax=2.9,
    )  # fmt: skip
    assert fit.shells.distance[0] == pytest.approx(2.55, abs=0.003)
    assert fit.shells.sigma2[0] == pytest.approx(0.01, abs=0.001)


def test_spread_from_perturbed_copies_leaves_the_mean(fitted):
    gen = _toy_gen(noise=0.01, e0_shift=(-2.0, 2.0))
    onne = ONNERegressor(gen, n_members=2, hidden=(16,), n_train=200, max_epochs=2,
                         n_calibration=50, random_state=0).fit()  # fmt: skip
    X, _, _ = gen.sample(20, random_state=8)
    X0 = X.copy()
    mean, std = onne.predict(X, return_std=True)
    np.testing.assert_array_equal(mean, onne.predict(X))  # the mean is the unperturbed one
    np.testing.assert_array_equal(std, onne.predict(X, return_std=True)[1])  # reproducible
    np.testing.assert_array_equal(X, X0)
    P = onne._member_predictions(X)
    spread = onne._spread_predictions(X, P)
    assert spread.shape == (onne.n_members * onne.spread_draws, *P.shape[1:])
    assert not np.allclose(spread.std(0), P.std(0))
    # without noise and with ΔE0 fixed there is nothing to perturb: the members' spread
    _, noiseless = fitted
    P0 = noiseless._member_predictions(X)
    assert noiseless._spread_predictions(X, P0) is P0
    for bad, match in ((-1, "spread_draws"), (1.5, "spread_draws"), (True, "spread_draws")):
        with pytest.raises(ValueError, match=match):
            ONNERegressor(gen, spread_draws=bad).fit()
    with pytest.raises(ValueError, match="spread_e0"):
        ONNERegressor(gen, spread_e0=-1.0).fit()


def test_r_window_filters_out_shells_outside_it():
    gen = _toy_gen()
    kw = dict(n_members=1, hidden=(32,), n_train=400, max_epochs=3, n_calibration=50,
              kweight=2, random_state=0)  # fmt: skip
    onne = ONNERegressor(gen, r_window=(1.2, 3.2), **kw).fit()
    X, _, _ = gen.sample(5, random_state=3)
    far = chi_shell(K, 6.0, 4.6, 0.003)  # toy kernel: χ(R) peaks at 4.6 Å, outside the window
    moved = np.abs(onne.predict(X + far) - onne.predict(X)).max()
    plain = ONNERegressor(gen, **kw).fit()
    moved_plain = np.abs(plain.predict(X + far) - plain.predict(X)).max()
    assert moved < 0.2 * moved_plain
    for bad in ((2.0, 1.0), (-1.0, 2.0), "wide"):
        with pytest.raises(ValueError, match="r_window"):
            ONNERegressor(gen, r_window=bad, **kw).fit()


def test_cumulant_fit_with_a_third_cumulant():
    table = load_scattering_table("Cu-Cu")
    k = np.arange(0.0, 16.0001, 0.05)
    chi = chi_shell(k, 12, 2.556, 0.009, table, e0_shift=3.0, s02=0.9, c3=1.2e-4)
    shells = [dict(table=table, n=10, distance=2.55, sigma2=0.008)]
    common = dict(s02=0.9, kmin=3, kmax=14, rmin=1.7, rmax=2.9)
    fit = fit_cumulant_shells(k, chi, [{**shells[0], "c3": 0.0}], **common)
    assert fit.shells.c3[0] == pytest.approx(1.2e-4, rel=0.02)
    assert fit.shells.distance[0] == pytest.approx(2.556, abs=5e-4)
    gauss = fit_cumulant_shells(k, chi, shells, **common)
    assert gauss.shells.c3[0] == 0.0 and np.isnan(gauss.shells.c3_err[0])
    assert gauss.shells.distance[0] < 2.556 - 0.004  # a Gaussian fit reads a skewed shell short


def test_members_of_different_widths():
    gen = _toy_gen()
    onne = ONNERegressor(gen, n_members=3, hidden=[(16,), (8, 8)], n_train=100, max_epochs=1,
                         n_calibration=20, random_state=0).fit()  # fmt: skip
    widths = [[m.out_features for m in net.module_.body if hasattr(m, "out_features")]
              for net in onne.members_]  # fmt: skip
    assert widths == [[16], [8, 8], [16]]
    for bad in ((), [(16,), ()], [(16,), (0,)], "wide"):
        with pytest.raises(ValueError, match="hidden"):
            ONNERegressor(gen, hidden=bad).fit()
    with pytest.raises(ValueError, match="would never be trained"):  # 3 layouts, 2 members
        ONNERegressor(gen, n_members=2, hidden=[(8,), (16,), (32,)]).fit()


@pytest.mark.parametrize("random_state", [None, "RandomState"])
def test_spread_is_reproducible_without_an_int_seed(random_state):
    # the spread's perturbations are seeded once at fit: the same X gives the same std, and
    # predicting does not advance the caller's RandomState
    gen = _toy_gen(noise=0.01, e0_shift=(-2.0, 2.0))
    rs = np.random.RandomState(0) if random_state == "RandomState" else None
    onne = ONNERegressor(gen, n_members=2, hidden=(8,), n_train=100, max_epochs=1,
                         n_calibration=30, random_state=rs).fit()  # fmt: skip
    X, _, _ = gen.sample(4, random_state=8)
    state = None if rs is None else rs.get_state()[1].copy()
    _, std1 = onne.predict(X, return_std=True)
    _, std2 = onne.predict(X, return_std=True)
    np.testing.assert_array_equal(std1, std2)
    pd_testing = pytest.importorskip("pandas").testing
    pd_testing.assert_frame_equal(onne.shell_table(X), onne.shell_table(X))
    if rs is not None:
        np.testing.assert_array_equal(rs.get_state()[1], state)
    # a spectrum's spread does not depend on the rest of the batch nor on its row
    _, std_one = onne.predict(X[2:3], return_std=True)
    # rtol: the float32 passes of other batch sizes differ in the last digits
    np.testing.assert_allclose(std_one[0], std1[2], rtol=1e-4)
    _, std_rev = onne.predict(X[::-1], return_std=True)
    np.testing.assert_allclose(std_rev[::-1], std1, rtol=1e-4)
