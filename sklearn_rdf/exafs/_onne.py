"""ONNERegressor: an objectively trained ensemble of networks from χ(k) to partial R(r).

The ONNE paper (Marcella et al., PRB 109, 104201 (2024)) trains a network on χ(k) computed from
Gaussian-shell "macrostates" (:class:`~sklearn_rdf.exafs.MacrostateGenerator`) rather than MD,
and averages ten of them for an uncertainty. Here each member is a multilayer perceptron from
the standardised k^w χ(k) to the partial R(r) (Å⁻¹) of every pair, side by side, trained with
Adam on mini-batches through the package's torch core; members train in parallel through
joblib, one torch thread each, each on its own draw of macrostates (or on the given arrays with
its own seed). The ensemble's spread is calibrated on held-out synthetic spectra.
"""

from __future__ import annotations

import copy
import math
import numbers
import time
import zlib

import numpy as np
import torch
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from .._training import DEFAULT_N_THREADS, fit_net, make_net, predict_net, resolve_device
from .._training_rounds import continue_net
from .._validation import as_curve, as_grid, check_positive_int, check_positive_real
from ..physics.exafs import ETOK, fourier_filter, shell_moments
from ._generator import MacrostateGenerator

__all__ = ["ONNERegressor"]

#: Two-sided Gaussian coverage of ±2σ.
_COVERAGE_2SIGMA = 0.9545


class _MLP(torch.nn.Module):
    """Body of ReLU layers, then a linear head; with ``linear_skip`` a linear map of the input
    is added to the output (the EXAFS equation is linear in R(r), so this path can carry the
    part of the inverse that does not depend on the shell's shape)."""

    def __init__(
        self,
        n_in: int,
        n_out: int,
        hidden: tuple[int, ...] = (256, 256, 256),
        linear_skip: bool = False,
        nonnegative: bool = False,
    ):
        super().__init__()
        self.nonnegative = nonnegative
        layers: list[torch.nn.Module] = []
        prev = n_in
        for h in hidden:
            layers += [torch.nn.Linear(prev, h), torch.nn.ReLU()]
            prev = h
        self.body = torch.nn.Sequential(*layers)
        self.head = torch.nn.Linear(prev, n_out)
        self.skip = torch.nn.Linear(n_in, n_out, bias=False) if linear_skip else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.head(self.body(x))
        out = out if self.skip is None else out + self.skip(x)
        return torch.nn.functional.softplus(out) if self.nonnegative else out


class _FineTuned(torch.nn.Module):
    """A frozen member plus new layers on its body: y = base(x) + adapter(body(x)).

    The adapter's last layer starts at zero, so fine-tuning starts from the member's output.
    """

    def __init__(self, base: torch.nn.Module, hidden: int = 64):
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        width = base.head.in_features
        last = torch.nn.Linear(hidden, base.head.out_features)
        torch.nn.init.zeros_(last.weight)
        torch.nn.init.zeros_(last.bias)
        self.adapter = torch.nn.Sequential(torch.nn.Linear(width, hidden), torch.nn.ReLU(), last)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.base.body(x)
        out = self.base.head(h) + self.adapter(h)
        out = out if self.base.skip is None else out + self.base.skip(x)
        return torch.nn.functional.softplus(out) if self.base.nonnegative else out


def _build_net(module, *, max_epochs, lr, weight_decay, batch_size, device, **module_kw):
    return make_net(
        module,
        criterion=torch.nn.MSELoss,
        max_epochs=max_epochs,
        lr=lr,
        optimizer=torch.optim.Adam,
        optimizer__weight_decay=weight_decay,
        device=device,
        batch_size=batch_size,
        **{f"module__{k}": v for k, v in module_kw.items()},
    )


def _train_member(seed, data, gen_args, net_args, n_threads):
    """Train one member; ``data`` = (Xz, Yz) arrays, or None to draw from the generator.

    Returns the net and the CPU seconds it took in the process that trained it.
    """
    t0 = time.process_time()
    rng = np.random.default_rng(seed)
    if data is None:
        gen, n_train, rounds, epochs, prep = gen_args
        X, Y, _ = gen.sample(n_train, random_state=rng)
        Xz, Yz = prep(X, Y)
    else:
        Xz, Yz = data
        rounds, epochs = 1, net_args["max_epochs"]
    net = _build_net(_MLP, **{**net_args, "max_epochs": epochs})
    net = fit_net(net, Xz, Yz, random_state=int(rng.integers(2**31)), n_threads=n_threads)
    for _ in range(rounds - 1):
        X, Y, _ = gen.sample(n_train, random_state=rng)
        Xz, Yz = prep(X, Y)
        net = continue_net(
            net, Xz, Yz, epochs=epochs, random_state=int(rng.integers(2**31)), n_threads=n_threads
        )
    return net, time.process_time() - t0


def _rng(random_state, offset: int = 0) -> np.random.Generator:
    """A numpy Generator from a scikit-learn random_state (None: fresh entropy)."""
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(int(random_state.randint(2**31)) + offset)
    return np.random.default_rng(int(random_state) + offset)


def _spread_seed(random_state, rng: np.random.Generator):
    """Seed of the perturbations of the spread: ``random_state`` + 2 for an int, else a
    SeedSequence spawned from the fit's generator (its stream is not advanced)."""
    if random_state is not None and not isinstance(random_state, np.random.RandomState):
        return int(random_state) + 2
    return rng.bit_generator.seed_seq.spawn(1)[0]


class _Prep:
    """Picklable preprocessing X → standardised k^w χ (Fourier-filtered with ``filter_``),
    Y → Y / y_scale."""

    def __init__(self, kw_factor, y_scale, filter_=None):
        self.kw_factor, self.y_scale, self.filter_ = kw_factor, y_scale, filter_
        self.x_scaler = None

    def weigh(self, X):
        """k^w χ(k), or its Fourier-filtered version (a linear map, precomputed)."""
        return X * self.kw_factor if self.filter_ is None else X @ self.filter_

    def __call__(self, X, Y=None):
        Xz = self.x_scaler.transform(self.weigh(X))
        return Xz if Y is None else (Xz, Y / self.y_scale)


def _filter_matrix(k, kweight, r_window, dk=1.0):
    """M with (X @ M)[i] = Fourier-filtered k^w χ of row i of X (R window ``r_window``, Å).

    The k window is a Hanning window with taper ``dk`` lying inside the k grid.
    """
    if k.size < 2 or k[-1] - k[0] <= 2 * dk:
        raise ValueError(f"r_window needs a k grid longer than {2 * dk} Å⁻¹")
    return fourier_filter(
        k,
        np.eye(k.size),
        rmin=r_window[0],
        rmax=r_window[1],
        kmin=k[0] + dk / 2,
        kmax=k[-1] - dk / 2,
        kweight=kweight,
        dk=dk,
        dr=0.1,
    )


class ONNERegressor(MultiOutputMixin, RegressorMixin, BaseEstimator):
    """Objectively trained neural-network ensemble from EXAFS χ(k) to partial R(r) (ONNE).

    X holds χ(k) spectra (unweighted, one per row) on the k grid ``k``; y holds the partial
    radial distribution functions R(r) = 4πr²ρ_β g_αβ(r) (Å⁻¹, ∫ R dr over a shell = N) of
    the pairs in ``pairs`` on the r grid ``r``, side by side (n_pairs·n_r columns). With a
    ``generator`` (:class:`~sklearn_rdf.exafs.MacrostateGenerator`), ``fit()`` needs no data:
    each member draws ``n_train`` macrostates (new ones every ``epochs_per_draw`` epochs when
    set); with arrays, ``fit(X, y)`` trains on them (e.g. MD frames). Each member is an MLP on
    the standardised k^kweight χ(k) (or its Fourier-filtered part, ``r_window``); the ensemble
    mean is the prediction and the spread of the members over perturbed copies of the
    spectrum (``spread_draws``), calibrated on held-out synthetic spectra, its uncertainty.

    Parameters
    ----------
    generator : MacrostateGenerator or None, default None
        Source of objective training data (and of the calibration and replay sets). Its
        ``k``, ``r`` and ``pairs`` are used when those parameters are None.
    k : array-like of shape (n_k,) or None, default None
        k grid (Å⁻¹) of X. None: the generator's, or (arrays without a generator) the columns
        are used as given, without k-weighting and without grid checks.
    r : array-like of shape (n_r,) or None, default None
        r grid (Å) of each partial; needed for :meth:`shell_table`.
    pairs : list of str or None, default None
        Names of the partials (e.g. ``["Ni-Cl", "Ni-Zn"]``).
    shell_ranges : dict or None, default None
        pair → list of (r_lo, r_hi) (Å) of the shells in :meth:`shell_table`. None: from the
        generator's shells (their distance range ± 3 σ_max), else the whole r grid.
    n_members : int, default 10
        Ensemble size.
    hidden : tuple of int or list of tuple of int, default (256, 256, 256)
        Widths of each member's hidden ReLU layers; a list of at most ``n_members`` layouts
        is cycled over the members (members of different widths disagree more where the
        answer is uncertain: ``docs/exafs.md``).
    linear_skip : bool, default False
        Add a linear map of the input to each member's output (the EXAFS equation is linear
        in R(r); see ``docs/exafs.md`` for what it changes on held-out shapes).
    nonnegative : bool, default False
        Pass each member's output through a softplus, so that R(r) ≥ 0 (see
        ``docs/exafs.md`` for what it changes on the UF4 spectrum).
    n_train : int, default 10000
        Macrostates per draw and member (generator training).
    epochs_per_draw : int or None, default None
        With a generator: draw new macrostates every this many epochs (None: one draw).
    n_calibration : int, default 1000
        Held-out synthetic spectra for calibrating the spread (generator training; with
        arrays, ``validation_fraction`` of them are held out instead). They are drawn with
        the macrostates' densities as targets even when the generator trains on microstates.
    validation_fraction : float, default 0.1
        Held-out fraction of the arrays for calibration (array training without generator).
    kweight : int, default 2
        k-weight of χ(k) at the network's input (needs ``k``).
    r_window : (float, float) or None, default None
        Fourier-filter the k^kweight χ(k) to this window of the phase-uncorrected χ(R) (Å)
        before the network, in training, calibration, fine-tuning and prediction alike
        (:func:`~sklearn_rdf.physics.exafs.fourier_filter`, Hanning k window with a 1 Å⁻¹
        taper inside the k grid). This keeps the part of a measured spectrum that the
        single-scattering training describes, e.g. the first shell of a metal without the
        multiple-scattering paths further out (``docs/exafs.md``); shells outside the window
        are then not determined by the input. None: no filter.
    spread_draws : int, default 3
        With a generator: each member also predicts this many perturbed copies of every
        spectrum (new noise at the generator's level and, where the generator draws ΔE0 from
        a range, ΔE0 moved uniformly within ±``spread_e0`` eV), and the spread of all these
        predictions is the uncertainty; the
        prediction itself stays the members' mean on the spectrum as given. This lets the
        spread see how strongly a spectrum's answer moves with its noise and E0 reference,
        which the members' disagreement alone barely does (Spearman rank correlation of
        spread and N error on held-out shapes: ``docs/exafs.md``). 0: the members' spread.
    spread_e0 : float, default 2.0
        Half-width (eV) of the ΔE0 perturbation of ``spread_draws``.
    max_epochs : int, default 60
        Training epochs per member.
    batch_size : int, default 256
        Mini-batch size.
    lr : float, default 1e-3
        Adam learning rate.
    weight_decay : float, default 0.0
        Adam weight decay.
    n_jobs : int or None, default None
        Members trained in parallel (joblib; None: 1, -1: every core).
    device : {"cpu", "cuda", "cuda:N", "auto"}, default "cpu"
        Training device.
    random_state : int, RandomState or None, default None
        Seeds every member's data and weights.
    n_threads : int or None, default 1
        Torch threads per member.
    verbose : int, default 0
        Print one line per trained member (> 0).

    Attributes
    ----------
    members_ : list of skorch.NeuralNet
        The trained members.
    k_ : ndarray of shape (n_k,) or None
        Training k grid (Å⁻¹).
    r_ : ndarray or None
        r grid (Å) of each partial.
    pairs_ : list of str
        Names of the partials.
    n_features_in_ : int
        Number of k points.
    n_outputs_ : int
        Columns of y.
    member_cpu_seconds_ : list of float
        CPU seconds each member's training took (data generation included), measured in the
        process that trained it.
    calibration_ : dict
        Factors multiplying the spread (standard deviation over the members, and over their
        perturbed copies with ``spread_draws``): ``"curve"`` (R(r) bins) and
        ``("n"|"distance"|"sigma2", pair, shell)`` for the shell table.
    coverage_ : pandas.DataFrame
        Per quantity: fraction of held-out true values within ±2σ before ("raw") and after
        ("calibrated", on the half not used to calibrate) calibration, the calibration factor,
        and the Spearman rank correlation of spread and error.

    See Also
    --------
    MacrostateGenerator : the objective training data.
    tikhonov_inversion, fit_cumulant_shells : the peers a user would pick instead.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.exafs import MacrostateGenerator, ONNERegressor, Shell
    >>> gen = MacrostateGenerator(
    ...     [Shell("A-B", n=(1, 4), distance=(2.0, 2.6), sigma=(0.04, 0.12))],
    ...     k=np.arange(2, 12.01, 0.1), r=np.linspace(1.6, 3.0, 36), tables="toy")
    >>> onne = ONNERegressor(gen, n_members=2, hidden=(32,), n_train=300, max_epochs=5,
    ...                      n_calibration=100, random_state=0).fit()
    >>> X, Y, _ = gen.sample(3, random_state=1)
    >>> mean, std = onne.predict(X, return_std=True)
    >>> mean.shape, std.shape
    ((3, 36), (3, 36))
    >>> list(onne.shell_table(X).columns[:4])
    ['spectrum', 'pair', 'shell', 'r_lo']
    """

    def __init__(
        self,
        generator=None,
        *,
        k=None,
        r=None,
        pairs=None,
        shell_ranges=None,
        n_members: int = 10,
        hidden: tuple[int, ...] = (256, 256, 256),
        linear_skip: bool = False,
        nonnegative: bool = False,
        n_train: int = 10000,
        epochs_per_draw: int | None = None,
        n_calibration: int = 1000,
        validation_fraction: float = 0.1,
        kweight: int = 2,
        r_window=None,
        spread_draws: int = 3,
        spread_e0: float = 2.0,
        max_epochs: int = 60,
        batch_size: int = 256,
        lr: float = 1e-3,
        weight_decay: float = 0.0,
        n_jobs: int | None = None,
        device: str = "cpu",
        random_state=None,
        n_threads: int | None = DEFAULT_N_THREADS,
        verbose: int = 0,
    ):
        self.generator = generator
        self.k = k
        self.r = r
        self.pairs = pairs
        self.shell_ranges = shell_ranges
        self.n_members = n_members
        self.hidden = hidden
        self.linear_skip = linear_skip
        self.nonnegative = nonnegative
        self.n_train = n_train
        self.epochs_per_draw = epochs_per_draw
        self.n_calibration = n_calibration
        self.validation_fraction = validation_fraction
        self.kweight = kweight
        self.r_window = r_window
        self.spread_draws = spread_draws
        self.spread_e0 = spread_e0
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.weight_decay = weight_decay
        self.n_jobs = n_jobs
        self.device = device
        self.random_state = random_state
        self.n_threads = n_threads
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        tags.non_deterministic = False
        return tags

    # ------------------------------------------------------------------ checks
    def _check_params(self):
        gen = self.generator
        if gen is not None and not isinstance(gen, MacrostateGenerator):
            raise ValueError(f"generator must be a MacrostateGenerator or None, got {gen!r}")
        check_positive_int(self.n_members, "n_members")
        check_positive_int(self.n_train, "n_train")
        check_positive_int(self.max_epochs, "max_epochs")
        check_positive_int(self.batch_size, "batch_size")
        check_positive_int(self.n_calibration, "n_calibration")
        if self.epochs_per_draw is not None:
            check_positive_int(self.epochs_per_draw, "epochs_per_draw")
        sd = self.spread_draws
        if isinstance(sd, bool) or not isinstance(sd, numbers.Integral) or sd < 0:
            raise ValueError(f"spread_draws must be an integer >= 0, got {sd!r}")
        se = self.spread_e0
        if isinstance(se, bool) or not isinstance(se, numbers.Real) or not 0 <= se < math.inf:
            raise ValueError(f"spread_e0 must be a finite number >= 0 (eV), got {se!r}")
        check_positive_real(self.lr, "lr")
        wd = self.weight_decay
        if isinstance(wd, bool) or not isinstance(wd, numbers.Real) or not 0 <= wd < math.inf:
            raise ValueError(f"weight_decay must be a finite number >= 0, got {wd!r}")
        vf = self.validation_fraction
        if isinstance(vf, bool) or not isinstance(vf, numbers.Real) or not 0 < vf < 1:
            raise ValueError(f"validation_fraction must be in (0, 1), got {vf!r}")
        hidden = self._check_hidden()
        kw = self.kweight
        if isinstance(kw, bool) or not isinstance(kw, numbers.Integral) or not 0 <= kw <= 4:
            raise ValueError(f"kweight must be an integer 0-4, got {kw!r}")
        return hidden

    def _check_hidden(self) -> list[tuple[int, ...]]:
        """The hidden widths of every member (one tuple for all, or a list cycled)."""
        spec = self.hidden
        try:
            nested = len(spec) > 0 and all(isinstance(h, (tuple, list)) for h in spec)
            layouts = [tuple(h) for h in spec] if nested else [tuple(spec)]
            layouts = [
                tuple(check_positive_int(w, "each entry of hidden") for w in h) for h in layouts
            ]
        except TypeError:
            raise ValueError(
                f"hidden must be a tuple of positive ints or a list of such tuples, got {spec!r}"
            ) from None
        if not all(layouts):
            raise ValueError("hidden must name at least one layer (per member)")
        if len(layouts) > int(self.n_members):
            raise ValueError(
                f"hidden lists {len(layouts)} layouts for n_members={self.n_members}: "
                "the extra layouts would never be trained (give at most one per member)"
            )
        return [layouts[i % len(layouts)] for i in range(int(self.n_members))]

    def _check_r_window(self):
        rw = self.r_window
        if rw is None:
            return None
        try:
            lo, hi = (float(v) for v in rw)
        except (TypeError, ValueError):
            raise ValueError(f"r_window must be None or (rmin, rmax) in Å, got {rw!r}") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo < hi):
            raise ValueError(f"r_window must satisfy 0 <= rmin < rmax (Å), got {rw!r}")
        return lo, hi

    def _grids(self, n_features, n_outputs):
        gen = self.generator
        k = self.k if self.k is not None else (gen.k if gen is not None else None)
        r = self.r if self.r is not None else (gen.r if gen is not None else None)
        pairs = self.pairs if self.pairs is not None else (gen.pairs if gen is not None else None)
        for name, given in (("k", self.k), ("r", self.r)):
            own = None if gen is None else getattr(gen, name)
            if given is None or own is None:
                continue
            given = as_grid(given, name, min_value=0.0)
            if given.shape != own.shape or not np.allclose(given, own, rtol=0, atol=1e-6):
                raise ValueError(
                    f"the {name} grid given ({given.size} points {given[0]:.3f}–"
                    f"{given[-1]:.3f}) differs from the generator's ({own.size} points "
                    f"{own[0]:.3f}–{own[-1]:.3f}), on which the members train; leave {name}=None"
                )
        if k is not None:
            k = as_grid(k, "k", min_value=0.0)
            if n_features is not None and k.size != n_features:
                raise ValueError(f"k has {k.size} points but X has {n_features} columns")
        if r is not None:
            r = as_grid(r, "r", min_value=0.0, min_inclusive=False)
        if pairs is None:
            pairs = ["partial"] if r is not None else None
        if pairs is not None:
            pairs = list(pairs)
            if r is not None and n_outputs is not None and n_outputs != len(pairs) * r.size:
                raise ValueError(
                    f"y has {n_outputs} columns but {len(pairs)} pair(s) × {r.size} r points "
                    f"= {len(pairs) * r.size} were expected"
                )
        return k, r, pairs

    # ------------------------------------------------------------------ fit
    def fit(self, X=None, y=None):
        """Train the ensemble on the generator (X, y None) or on arrays (X, y).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_k) or None
            χ(k) spectra on the k grid (unweighted).
        y : array-like of shape (n_samples, n_pairs·n_r) or None
            Partial R(r) (Å⁻¹) side by side.

        Returns
        -------
        self
        """
        hidden = self._check_params()
        r_window = self._check_r_window()
        gen = self.generator
        device = resolve_device(self.device)
        rng = _rng(self.random_state)
        self._spread_seed = _spread_seed(self.random_state, rng)
        cal_gen = gen
        if gen is not None and gen.pair_samples is not None:
            # calibrate against the macrostates' own densities, not the sampling noise of
            # microstate histograms (which would inflate the R(r) band)
            cal_gen = copy.copy(gen)
            cal_gen.pair_samples = None
        if X is None:
            if gen is None:
                raise ValueError("fit() without X and y needs a generator")
            X_cal, Y_cal, self._cal_params = cal_gen.sample(self.n_calibration, random_state=rng)
            self.n_features_in_ = gen.k.size
            y_ndim = 2
            X_fit = Y_fit = None
        else:
            if y is None:
                raise ValueError(
                    "ONNERegressor requires y to be passed, but the target y is None (give the "
                    "partial R(r), or call fit() without X to train on the generator)"
                )
            X, y = validate_data(self, X, y, multi_output=True, y_numeric=True, dtype=np.float64)
            y_ndim = y.ndim
            y = y.reshape(len(y), -1)
            if gen is not None:
                X_fit, Y_fit = X, y
                X_cal, Y_cal, self._cal_params = cal_gen.sample(
                    self.n_calibration, random_state=rng
                )
            else:
                n_cal = max(1, round(self.validation_fraction * len(X)))
                if len(X) - n_cal < 1:
                    X_fit, Y_fit, X_cal, Y_cal = X, y, X, y
                else:
                    order = rng.permutation(len(X))
                    X_fit, Y_fit = X[order[n_cal:]], y[order[n_cal:]]
                    X_cal, Y_cal = X[order[:n_cal]], y[order[:n_cal]]
                self._cal_params = None
        n_out = (Y_cal if Y_fit is None else Y_fit).shape[1]
        self.k_, self.r_, self.pairs_ = self._grids(self.n_features_in_, n_out)
        self.n_outputs_ = n_out
        self._y_ndim = y_ndim
        kw_factor = self.k_ ** int(self.kweight) if self.k_ is not None else 1.0
        if X_fit is None:
            X_ref, Y_ref, _ = gen.sample(min(self.n_train, 2000), random_state=rng)
        else:
            X_ref, Y_ref = X_fit, Y_fit
        filt = None
        if r_window is not None:
            if self.k_ is None:
                raise ValueError("r_window needs the k grid (parameter k or a generator)")
            filt = _filter_matrix(self.k_, int(self.kweight), r_window)
        self._prep = _Prep(kw_factor, float(np.std(Y_ref)) or 1.0, filt)
        self._prep.x_scaler = StandardScaler().fit(self._prep.weigh(X_ref))
        net_args = {
            "max_epochs": int(self.max_epochs),
            "lr": float(self.lr),
            "weight_decay": float(self.weight_decay),
            "batch_size": int(self.batch_size),
            "device": device,
            "n_in": self.n_features_in_,
            "n_out": n_out,
            "linear_skip": bool(self.linear_skip),
            "nonnegative": bool(self.nonnegative),
        }
        seeds = rng.integers(2**31, size=int(self.n_members))
        if X_fit is None:
            epochs = int(self.epochs_per_draw or self.max_epochs)
            rounds = max(1, math.ceil(int(self.max_epochs) / epochs))
            gen_args = (gen, int(self.n_train), rounds, epochs, self._prep)
            data = None
        else:
            gen_args, data = None, self._prep(X_fit, Y_fit)
        jobs = (
            delayed(_train_member)(
                int(s), data, gen_args, {**net_args, "hidden": h}, self.n_threads
            )
            for s, h in zip(seeds, hidden, strict=True)
        )
        self.members_, self.member_cpu_seconds_ = [], []
        for i, (net, cpu) in enumerate(Parallel(n_jobs=self.n_jobs, return_as="generator")(jobs)):
            self.members_.append(net)
            self.member_cpu_seconds_.append(cpu)
            if self.verbose:
                print(f"ONNE member {i + 1}/{self.n_members} trained")
        self._calibrate(X_cal, Y_cal, rng)
        return self

    # ------------------------------------------------------------------ prediction
    def _spread_predictions(self, X, P):
        """Member predictions on perturbed copies of X (``spread_draws``), or P itself.

        Each spectrum's perturbations are seeded by a seed fixed at fit (from
        ``random_state``) and by the spectrum's own values, so that a spectrum gets the same
        spread whatever else is in the batch and in whichever row, with ``random_state`` None
        or a RandomState too.
        """
        gen, draws = self.generator, int(self.spread_draws)
        if gen is None or draws == 0 or self.k_ is None:
            return P
        # ΔE0 moves only where the members learned an unknown ΔE0
        e0_half = float(self.spread_e0) if gen.e0_shift[1] > gen.e0_shift[0] else 0.0
        if gen.noise == 0 and e0_half == 0:
            return P
        seed = self._spread_seed
        if not isinstance(seed, np.random.SeedSequence):
            seed = np.random.SeedSequence(seed)
        base = [int(v) for v in seed.generate_state(2)]
        k = self.k_
        weight = np.where(k > 0, k, np.inf) ** gen.noise_kweight
        moved = np.empty((draws, *X.shape))
        for i, row in enumerate(X):
            rng = np.random.default_rng([*base, zlib.crc32(np.ascontiguousarray(row).tobytes())])
            for d, e in enumerate(rng.uniform(-e0_half, e0_half, size=draws)):
                moved[d, i] = np.interp(np.sqrt(np.clip(k**2 + ETOK * e, 0.0, None)), k, row)
            moved[:, i] += rng.normal(scale=gen.noise, size=(draws, k.size)) / weight
        return np.concatenate([self._member_predictions(m) for m in moved])

    def _member_predictions(self, X) -> np.ndarray:
        Xz = self._prep(X)
        preds = [predict_net(net, Xz, n_threads=self.n_threads) for net in self.members_]
        return np.stack(preds) * self._prep.y_scale  # (n_members, n, n_out)

    def _validate_X(self, X, k):
        check_is_fitted(self, "members_")
        if k is not None:
            if self.k_ is None:
                raise ValueError("this model was trained without a k grid; do not pass k")
            k = as_grid(k, "k")
            if k.shape != self.k_.shape or not np.allclose(k, self.k_, rtol=0, atol=1e-6):
                raise ValueError(
                    "the k grid of X differs from the training k grid "
                    f"({k.size} points {k[0]:.3f}–{k[-1]:.3f} Å⁻¹ vs {self.k_.size} points "
                    f"{self.k_[0]:.3f}–{self.k_[-1]:.3f} Å⁻¹); use invert(k, chi) to interpolate"
                )
        return validate_data(self, X, reset=False, dtype=np.float64)

    def predict(self, X, return_std: bool = False, *, k=None):
        """Ensemble mean of the partial R(r) (and its calibrated standard deviation).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_k)
            χ(k) on the training k grid.
        return_std : bool, default False
            Also return the calibrated standard deviation (the spread of the members and of
            their ``spread_draws`` perturbed copies, times the calibration factor).
        k : array-like, optional
            The k grid of X; a ValueError if it differs from the training grid.

        Returns
        -------
        mean : ndarray of shape (n_samples, n_outputs_)
        std : ndarray of shape (n_samples, n_outputs_), only with ``return_std``
        """
        X = self._validate_X(X, k)
        P = self._member_predictions(X)
        mean = P.mean(axis=0)
        if self._y_ndim == 1:
            mean = mean[:, 0]
        if not return_std:
            return mean
        std = self._spread_predictions(X, P).std(axis=0) * self.calibration_["curve"]
        return mean, (std[:, 0] if self._y_ndim == 1 else std)

    def invert(self, k, chi, return_std: bool = True):
        """Predict from spectra on their own k grid (interpolated onto the training grid).

        Parameters
        ----------
        k : array-like of shape (m,)
            Wavenumbers of the data (Å⁻¹), strictly increasing; must cover the training k.
        chi : array-like of shape (m,) or (n_spectra, m)
            Unweighted χ(k).
        return_std : bool, default True
            Also return the calibrated spread.

        Returns
        -------
        mean, std : ndarray of shape (n_spectra, n_outputs_)
        """
        check_is_fitted(self, "members_")
        if self.k_ is None:
            raise ValueError("invert needs a model trained with a k grid")
        k = as_grid(k, "k")
        chi = as_curve(chi, "chi", ndim=(1, 2))
        chi2 = chi[None, :] if chi.ndim == 1 else chi
        if chi2.shape[1] != k.size:
            raise ValueError(f"chi has {chi2.shape[1]} points per spectrum but k has {k.size}")
        if k[0] > self.k_[0] + 1e-9 or k[-1] < self.k_[-1] - 1e-9:
            raise ValueError(
                f"the training k range {self.k_[0]:.2f}–{self.k_[-1]:.2f} Å⁻¹ lies outside "
                f"the data's k range {k[0]:.2f}–{k[-1]:.2f} Å⁻¹"
            )
        X = np.stack([np.interp(self.k_, k, row) for row in chi2])
        return self.predict(X, return_std=return_std)

    # ------------------------------------------------------------------ shells
    def _shell_ranges(self) -> dict:
        if self.r_ is None:
            raise ValueError("the shell table needs the r grid (parameter r or a generator)")
        if self.shell_ranges is not None:
            return {p: [tuple(map(float, s)) for s in v] for p, v in self.shell_ranges.items()}
        gen = self.generator
        out = {p: [] for p in self.pairs_}
        if gen is not None:
            for sh in gen.shells:
                lo = max(self.r_[0], sh.distance[0] - 3 * sh.sigma[1])
                hi = min(self.r_[-1], sh.distance[1] + 3 * sh.sigma[1])
                out[sh.pair].append((lo, hi))
        for p in out:
            if not out[p]:
                out[p] = [(float(self.r_[0]), float(self.r_[-1]))]
        return out

    def _member_shells(self, P):
        """{(pair, shell): (r_lo, r_hi, n, distance, sigma2)} with arrays (n_members, n)."""
        n_r = self.r_.size
        out = {}
        for pi, pair in enumerate(self.pairs_):
            block = P[..., pi * n_r : (pi + 1) * n_r]
            flat = block.reshape(-1, n_r)
            for si, (lo, hi) in enumerate(self._shell_ranges().get(pair, [])):
                n, d, s2 = shell_moments(self.r_, flat, lo, hi)
                out[(pair, si)] = (lo, hi, *(a.reshape(block.shape[:-1]) for a in (n, d, s2)))
        return out

    def shell_table(self, X, *, k=None):
        """N, R and σ² of every shell with their calibrated spread, one row per spectrum.

        The moments (:func:`~sklearn_rdf.physics.exafs.shell_moments`) of each member's R(r)
        over the shell's range; the value is the members' mean, the spread their standard
        deviation times the calibration factor.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_k)
            χ(k) on the training k grid.
        k : array-like, optional
            The k grid of X (checked against the training grid).

        Returns
        -------
        pandas.DataFrame
            Columns spectrum, pair, shell, r_lo, r_hi, n, n_std, distance, distance_std,
            sigma2, sigma2_std (distances in Å, σ² in Å²).
        """
        import pandas as pd

        X = self._validate_X(X, k)
        P = self._member_predictions(X)
        spread = self._member_shells(self._spread_predictions(X, P))
        rows = []
        for key, (lo, hi, n, d, s2) in self._member_shells(P).items():
            pair, si = key
            _, _, n_s, d_s, s2_s = spread[key]
            for i in range(X.shape[0]):
                row = {"spectrum": i, "pair": pair, "shell": si, "r_lo": lo, "r_hi": hi}
                for name, arr, arr_s in (("n", n, n_s), ("distance", d, d_s),
                                         ("sigma2", s2, s2_s)):  # fmt: skip
                    c = self.calibration_.get((name, pair, si), 1.0)
                    row[name] = float(np.mean(arr[:, i]))
                    row[f"{name}_std"] = float(np.std(arr_s[:, i]) * c)
                rows.append(row)
        return pd.DataFrame(rows)

    # ------------------------------------------------------------------ calibration
    def _calibrate(self, X_cal, Y_cal, rng):
        """Scale the spread so that 95.45 % of held-out truths lie within ±2σ (per quantity).

        The held-out set is split in halves: the factor comes from half A, the reported
        calibrated coverage from half B (``coverage_``).
        """
        import pandas as pd
        from scipy.stats import spearmanr

        P = self._member_predictions(X_cal)
        P_spread = self._spread_predictions(X_cal, P)
        n = X_cal.shape[0]
        half = rng.permutation(n)
        A, B = half[: max(1, n // 2)], half[max(1, n // 2) :]
        if B.size == 0:
            B = A
        quantities = {"curve": (Y_cal, P.mean(0), P_spread.std(0))}
        if self.r_ is not None and self.pairs_ is not None:
            true = self._member_shells(Y_cal[None])
            spread = self._member_shells(P_spread)
            for key, (_, _, n_p, d_p, s_p) in self._member_shells(P).items():
                _, _, n_t, d_t, s_t = true[key]
                _, _, n_s, d_s, s_s = spread[key]
                for name, pred, tr, sp in (("n", n_p, n_t, n_s), ("distance", d_p, d_t, d_s),
                                           ("sigma2", s_p, s_t, s_s)):  # fmt: skip
                    quantities[(name, *key)] = (tr[0], pred.mean(0), sp.std(0))
        self.calibration_, rows = {}, []
        for key, (truth, mean, std) in quantities.items():
            err = np.abs(mean - truth)
            z = err / np.maximum(std, 1e-12)
            factor = float(np.quantile(z[A], _COVERAGE_2SIGMA) / 2.0) if z[A].size else 1.0
            factor = factor if np.isfinite(factor) and factor > 0 else 1.0
            self.calibration_[key] = factor
            raw = float(np.mean(err[B] <= 2 * std[B]))
            cal = float(np.mean(err[B] <= 2 * factor * std[B]))
            varied = err.size > 2 and np.ptp(std) > 0 and np.ptp(err) > 0
            rho = spearmanr(std.ravel(), err.ravel()).statistic if varied else np.nan
            name = key if isinstance(key, str) else f"{key[0]} {key[1]} shell {key[2]}"
            rows.append({"quantity": name, "raw_within_2sigma": raw,
                         "calibrated_within_2sigma": cal, "factor": factor,
                         "spearman_spread_error": float(rho)})  # fmt: skip
        self.coverage_ = pd.DataFrame(rows)

    # ------------------------------------------------------------------ fine-tuning
    def fine_tune(
        self,
        X,
        y,
        *,
        n_replay: int = 2000,
        hidden: int = 64,
        max_epochs: int = 100,
        lr: float = 1e-3,
        k=None,
    ):
        """Fine-tune every member on (X, y) as in Section III.C of the ONNE paper.

        Each member's layers are frozen and new layers are added on its body (a ReLU layer of
        ``hidden`` units and a linear layer that starts at zero, adding a correction to the
        member's output). They train on the tuning frames mixed with ``n_replay`` freshly
        generated macrostates (replay, so that the network does not forget its objective
        training; the frames are repeated to weigh as much as the replay set).

        Parameters
        ----------
        X : array-like of shape (n_frames, n_k)
            χ(k) of the tuning frames (e.g. MD snapshots), on the training k grid.
        y : array-like of shape (n_frames, n_outputs_)
            Their partial R(r).
        n_replay : int, default 2000
            Generated spectra replayed (0: none; needs the generator otherwise).
        hidden : int, default 64
            Width of the added layer.
        max_epochs : int, default 100
            Fine-tuning epochs.
        lr : float, default 1e-3
            Adam learning rate of the added layers.
        k : array-like, optional
            The k grid of X (checked against the training grid).

        Returns
        -------
        self
        """
        X = self._validate_X(X, k)
        y = as_curve(y, "y", ndim=(1, 2)).reshape(len(X), -1)
        if y.shape[1] != self.n_outputs_:
            raise ValueError(f"y has {y.shape[1]} columns, the model {self.n_outputs_}")
        n_replay = int(n_replay)
        if n_replay < 0:
            raise ValueError(f"n_replay must be >= 0, got {n_replay}")
        if n_replay and self.generator is None:
            raise ValueError("replay needs a generator (or n_replay=0)")
        rng = _rng(self.random_state, offset=1)
        reps = max(1, n_replay // max(1, len(X)))
        Xs, Ys = [np.repeat(X, reps, axis=0)], [np.repeat(y, reps, axis=0)]
        if n_replay:
            Xg, Yg, _ = self.generator.sample(n_replay, random_state=rng)
            Xs.append(Xg)
            Ys.append(Yg)
        Xz, Yz = self._prep(np.concatenate(Xs), np.concatenate(Ys))
        tuned = []
        for net in self.members_:
            base = net.module_
            ft = _build_net(
                _FineTuned,
                max_epochs=int(max_epochs),
                lr=float(lr),
                weight_decay=0.0,
                batch_size=int(self.batch_size),
                device=str(net.device),
                base=base,
                hidden=int(hidden),
            )
            tuned.append(
                fit_net(
                    ft, Xz, Yz, random_state=int(rng.integers(2**31)), n_threads=self.n_threads
                )
            )
        self.members_ = tuned
        return self
