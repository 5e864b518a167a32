"""X-ray reduction: a raw pattern (and its background) to S(Q), F(Q), G(r), g(r).

Two engines do the same physics:

- ``engine="glassure"`` (default) hands background subtraction, Compton subtraction,
  normalisation, extrapolation to Q = 0 and the low-r optimisation to PyPI Glassure 3.0
  (``calculate_pdf``; Brown–Hubbell form factors and incoherent functions, Rust core);
- ``engine="native"`` does them here, with ``xraydb``'s Waasmaier–Kirfel form factors,
  Glassure's tabulated incoherent (Compton) functions, and the package's own sine transform
  and Kaplow–Eggert loop (:mod:`sklearn_rdf.reduction._pdf`); it exists to measure Glassure
  against an independent implementation.

In both, G(r) and g(r) come from the package's trapezoid sine transform of S(Q), on the r grid
and with the window asked for (the Glassure engine keeps Glassure's own FFT G(r) in
:attr:`Reduction.engine_G` for comparison). What the wrapper adds to Glassure: patterns on 2θ
or nm⁻¹ grids, a polarisation correction, a background refused when it is on another grid, a
fitted background scale at fixed density, a cylindrical-sample absorption correction
(``absorption_mud``, computed by ``diffpy.labpdfproc``), and every output labelled with its
quantity.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from ..physics import Curve, polarisation_factor
from ._inputs import (
    check_background,
    check_background_scale,
    check_pattern,
    check_sample,
    q_limits,
)
from ._pdf import extend_to_zero, kaplow_optimise, pdf_curves, polynomial_correction
from ._result import Reduction

__all__ = ["reduce_xray"]

_NORMALISATIONS = ("fit", "integral")
_OPTIMISERS = ("kaplow", "polynomial")


def _glassure():
    try:
        import glassure  # noqa: F401
    except ImportError:
        raise ImportError(
            "the X-ray reduction needs Glassure (tabulated Compton functions and its "
            "reduction): pip install 'sklearn-rdf[reduction]'"
        ) from None
    from glassure import Pattern, calc, configuration, methods, scattering_factors, utility

    return Pattern, calc, configuration, methods, scattering_factors, utility


def _check_options(
    normalisation, optimise, r_cutoff, iterations, engine, form_factors, extrapolation
):
    if normalisation not in _NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {_NORMALISATIONS}, got {normalisation!r}")
    if optimise is not None and optimise not in _OPTIMISERS:
        raise ValueError(f"optimise must be one of {_OPTIMISERS} or None, got {optimise!r}")
    if r_cutoff is not None and not (np.isfinite(r_cutoff) and r_cutoff > 0):
        raise ValueError(f"r_cutoff must be finite and > 0 (Å), got {r_cutoff!r}")
    if int(iterations) != iterations or iterations < 1:
        raise ValueError(f"iterations must be an integer >= 1, got {iterations!r}")
    if engine not in ("glassure", "native"):
        raise ValueError(f"engine must be 'glassure' or 'native', got {engine!r}")
    allowed = ("step", "linear") if engine == "native" else ("step", "linear", "poly", "spline")
    if extrapolation not in allowed:
        raise ValueError(
            f"extrapolation must be one of {allowed} for engine {engine!r}, got {extrapolation!r}"
        )
    if form_factors not in ("xraydb", "glassure"):
        raise ValueError(f"form_factors must be 'xraydb' or 'glassure', got {form_factors!r}")


def absorption_correction(q, wavelength, mud) -> np.ndarray:
    """The cylindrical-sample absorption correction (to multiply by) of ``diffpy.labpdfproc``.

    Parameters
    ----------
    q : ndarray
        Q in Å⁻¹.
    wavelength : float
        λ in Å.
    mud : float
        μ·D of the capillary (absorption coefficient × diameter, dimensionless).

    Returns
    -------
    ndarray
        The correction at each Q.
    """
    try:
        from diffpy.labpdfproc.functions import compute_cve
        from diffpy.utils.diffraction_objects import DiffractionObject
    except ImportError:
        raise ImportError(
            "absorption_mud needs diffpy.labpdfproc: pip install diffpy.utils && pip install "
            "--no-deps diffpy-labpdfproc (its declared GUI dependency, gooey/wxPython, is not "
            "needed for the correction)"
        ) from None
    mud = float(mud)
    if not np.isfinite(mud) or mud <= 0:
        raise ValueError(f"absorption_mud (μ·D) must be finite and > 0, got {mud!r}")
    pattern = DiffractionObject(xarray=q, yarray=np.ones_like(q), xtype="q", wavelength=wavelength)
    return np.asarray(compute_cve(pattern, mud, xtype="q").on_xtype("q")[1], dtype=np.float64)


def _r_grid(r) -> np.ndarray:
    if r is None:
        return np.arange(0.0, 10.0 + 0.005, 0.01)
    from .._validation import as_grid

    return as_grid(r, "r", min_value=0.0)


def _glassure_run(q, sample, comp, density, settings, G_):
    """Glassure's calculate_pdf on a background-subtracted pattern: (q, S, rho, n, fr)."""
    Pattern, calc, configuration, methods, _, _ = G_
    cc = configuration.CalculationConfig(
        sample=configuration.SampleConfig(composition=comp, density=density)
    )
    t = cc.transform
    t.q_min, t.q_max = settings["q_min"], settings["q_max"]
    if settings["normalisation"] == "fit":
        t.normalization = configuration.FitNormalization(q_cutoff=settings["q_cutoff"])
    else:
        t.normalization = configuration.IntNormalization(
            attenuation_factor=settings["attenuation"]
        )
    if settings["klein_nishina"]:
        t.kn_correction, t.wavelength = True, settings["wavelength"]
    t.extrapolation.method = methods.ExtrapolationMethod(settings["extrapolation"])
    if settings["optimise"] is not None:
        method = (
            methods.OptimizationMethod.ITERATIVE
            if settings["optimise"] == "kaplow"
            else methods.OptimizationMethod.FIT
        )
        cc.optimize = configuration.OptimizeConfig(
            method=method, r_cutoff=settings["r_cutoff"], iterations=settings["iterations"]
        )
    res = calc.calculate_pdf(configuration.DataConfig(data=Pattern(q, sample)), cc)
    normal = _glassure_normalisation(q, sample, comp, settings, G_)
    keep = res.sq.x >= -1e-9  # Glassure's step extension can start a hair below Q = 0
    q_out = np.clip(res.sq.x[keep], 0.0, None)
    return q_out, res.sq.y[keep], float(cc.sample.atomic_density), normal, res.fr


def _glassure_normalisation(q, sample, comp, settings, G_) -> float:
    """The factor n Glassure's normalisation finds (calculate_pdf does not return it)."""
    Pattern, _, _, _, _, utility = G_
    from glassure.normalization import normalize, normalize_fit

    keep = (q >= settings["q_min"]) & (q <= settings["q_max"])
    qq = q[keep]
    f2 = utility.calculate_f_squared_mean(comp, qq, "brown_hubbell")
    inc = utility.calculate_incoherent_scattering(comp, qq, "brown_hubbell")
    if settings["normalisation"] == "fit":
        params, _ = normalize_fit(Pattern(qq, sample[keep]), f2, inc, settings["q_cutoff"])
        return float(params["n"])
    fm2 = utility.calculate_f_mean_squared(comp, qq, "brown_hubbell")
    rho = utility.convert_density_to_atoms_per_cubic_angstrom(comp, settings["density"])
    n, _ = normalize(Pattern(qq, sample[keep]), rho, f2, fm2, inc, settings["attenuation"])
    return float(n)


def _form_factor_means(comp, q, source, G_) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """⟨f²⟩(Q), ⟨f⟩²(Q) and the incoherent intensity Σ c_α I_inc,α(Q)."""
    from ..physics.xray import composition_fractions, xray_form_factors

    _, _, _, _, scattering_factors, utility = G_
    species, c = composition_fractions(comp)
    if source == "xraydb":
        f = xray_form_factors(species, q)
    else:
        f = np.vstack(
            [
                scattering_factors.calculate_coherent_scattering_factor(s, q, "brown_hubbell")
                for s in species
            ]
        )
    inc = utility.calculate_incoherent_scattering(
        dict(zip(species, c, strict=True)), q, "brown_hubbell"
    )
    return c @ f**2, (c @ f) ** 2, np.asarray(inc, dtype=np.float64)


def _native_run(q, sample, comp, rho, settings, G_):
    """The same steps as Glassure's calculate_pdf, done here: (q, S, rho, n, None)."""
    keep = (q >= settings["q_min"]) & (q <= settings["q_max"])
    q, intensity = q[keep], sample[keep]
    f2, fm2, inc = _form_factor_means(comp, q, settings["form_factors"], G_)
    if settings["klein_nishina"]:
        _, _, _, _, _, utility = G_
        inc = inc * utility.calculate_kn_correction(q, settings["wavelength"])
    if settings["normalisation"] == "fit":
        high = q > settings["q_cutoff"]
        if np.count_nonzero(high) < 8:
            raise ValueError(
                f"fewer than 8 points above q_cutoff = {settings['q_cutoff']} Å⁻¹ to fit the "
                "normalisation; lower q_cutoff"
            )
        y, target = intensity[high] * q[high] ** 2, (f2 + inc)[high] * q[high] ** 2
        n = float(y @ target / (y @ y))
    else:  # Krogh-Moe / Norman: ∫ Q² (S − 1) dQ = −2π²ρ over the whole range
        damp = np.exp(-settings["attenuation"] * q**2)
        top = np.trapezoid(q**2 * (f2 + inc) * damp / fm2, q) - 2.0 * np.pi**2 * rho
        n = float(top / np.trapezoid(q**2 * intensity * damp / fm2, q))
    S = (n * intensity - inc - f2) / fm2 + 1.0
    f2_0, fm2_0, _ = _form_factor_means(comp, np.array([0.0]), settings["form_factors"], G_)
    q, S = extend_to_zero(q, S, float(1.0 - f2_0[0] / fm2_0[0]), settings["extrapolation"])
    if settings["optimise"] == "kaplow":
        S = kaplow_optimise(q, S, rho, settings["r_cutoff"], settings["iterations"])
    elif settings["optimise"] == "polynomial":
        S = polynomial_correction(q, S, settings["r_cutoff"])
    return q, S, rho, n, None


def _fit_background_scale(run: Callable, q, intensity, background, settings, r_fit) -> float:
    """The background scale s ≥ 0 that makes G(r) closest to −4πρr on r < r_fit (no
    optimisation while fitting, or it would absorb the error)."""
    from scipy.optimize import minimize_scalar

    from ..physics import sine_transform_F_to_G

    keep = (q >= settings["q_min"]) & (q <= settings["q_max"]) & (background > 0)
    s_max = float(np.min(intensity[keep] / background[keep])) if np.any(keep) else 1.0
    r = np.arange(0.05, r_fit, 0.01)
    trial = dict(settings, optimise=None)

    def cost(s: float) -> float:
        qq, S, rho, _, _ = run(q, intensity - s * background, trial)
        G = sine_transform_F_to_G(qq, qq * (S - 1.0), r)
        return float(np.sum((G + 4.0 * np.pi * rho * r) ** 2))

    best = minimize_scalar(cost, bounds=(0.0, max(s_max, 1e-12)), method="bounded")
    return float(best.x)


def reduce_xray(
    pattern,
    background=None,
    *,
    composition,
    density: float,
    background_scale: float | str = 1.0,
    q_min: float | None = None,
    q_max: float | None = None,
    normalisation: str = "fit",
    q_cutoff: float = 3.0,
    attenuation: float = 0.001,
    optimise: str | None = "kaplow",
    r_cutoff: float | None = None,
    iterations: int = 5,
    extrapolation: str = "step",
    window: str | Callable | None = None,
    r=None,
    wavelength: float | None = None,
    polarisation: float | None = None,
    absorption_mud: float | None = None,
    klein_nishina: bool = False,
    engine: str = "glassure",
    form_factors: str = "xraydb",
) -> Reduction:
    """Reduce a raw X-ray pattern (and its background) to S(Q), F(Q), G(r) and g(r).

    S(Q) − 1 = (n I_s(Q) − I_inc(Q) − ⟨f²⟩) / ⟨f⟩² (Faber–Ziman), with I_s = I − s I_bkg the
    background-subtracted (and polarisation-corrected) intensity, I_inc the Compton
    scattering of the composition, n the normalisation, ⟨f²⟩ = Σ c_α f_α², ⟨f⟩ = Σ c_α f_α.

    Parameters
    ----------
    pattern : Curve or (Q, I)
        The measured intensity: a Curve from :func:`sklearn_rdf.datasets.read` (quantity
        "I"; Q in Å⁻¹ or nm⁻¹, or 2θ with a wavelength), or a pair of arrays on Q in Å⁻¹.
    background : Curve or (Q, I), optional
        The empty-container (or air) pattern, on the same grid.
    composition : dict or str
        ``{"Mg": 2, "Si": 1, "O": 4}`` or "Mg2SiO4".
    density : float
        Mass density in g/cm³ (> 0).
    background_scale : float or "fit", default 1.0
        s in I − s I_bkg. "fit" chooses it (at the given density) so that G(r) is closest
        to −4πρr below ``r_cutoff``.
    q_min, q_max : float, optional
        Q range used (Å⁻¹); default the whole pattern. Below q_min, S(Q) is extended to
        Q = 0 with its theoretical value S(0) = 1 − ⟨f²⟩/⟨f⟩² (a step).
    normalisation : {"fit", "integral"}, default "fit"
        "fit": n by least squares of n I_s → ⟨f²⟩ + I_inc above ``q_cutoff`` (Q²-weighted);
        "integral": the Krogh-Moe–Norman sum rule ∫ Q²(S − 1) dQ = −2π²ρ, damped by
        exp(−``attenuation`` Q²).
    q_cutoff : float, default 3.0
        Lower Q (Å⁻¹) of the fitted normalisation.
    attenuation : float, default 0.001
        Damping (Å²) of the integral normalisation.
    optimise : {"kaplow", "polynomial"} or None, default "kaplow"
        Low-r correction below ``r_cutoff``: the Kaplow–Eggert iteration, or PDFgetX3's
        ad-hoc polynomial in F(Q). Used only when ``r_cutoff`` is given.
    r_cutoff : float, optional
        r (Å) below the first interatomic distance. None: no low-r optimisation.
    iterations : int, default 5
        Kaplow–Eggert iterations.
    extrapolation : {"step", "linear", "poly", "spline"}, default "step"
        How S(Q) is extended from q_min to 0 towards S(0) = 1 − ⟨f²⟩/⟨f⟩²: a step, a straight
        line, or (Glassure engine only) Glassure's polynomial or spline over 0.2 Å⁻¹.
    window : {"lorch", "hanning", "kaiser"}, callable or None
        Modification function for the G(r) transform.
    r : array-like, optional
        r grid (Å) of G and g; default 0 to 10 Å in 0.01 Å.
    wavelength : float, optional
        λ (Å): needed for 2θ patterns, ``polarisation`` and ``klein_nishina`` (default: the
        pattern's ``metadata['wavelength']``, as the readers take it from the header).
    polarisation : float, optional
        Divide pattern and background by the polarisation factor with this fraction f
        (0.5: unpolarised lab tube; see :func:`sklearn_rdf.physics.polarisation_factor`).
        None: no correction (synchrotron integrators such as pyFAI usually apply it).
    absorption_mud : float, optional
        μ·D of a cylindrical (capillary) sample: multiply the background-subtracted pattern
        by ``diffpy.labpdfproc``'s absorption correction (needs λ; see
        :func:`absorption_correction`). None: no correction (thin or synchrotron samples).
    klein_nishina : bool, default False
        Scale the Compton scattering by the Klein–Nishina (Breit–Dirac) factor (needs λ).
    engine : {"glassure", "native"}, default "glassure"
        Who does the work (see the module text).
    form_factors : {"xraydb", "glassure"}, default "xraydb"
        Form-factor table of the native engine (Waasmaier–Kirfel via xraydb, or Glassure's
        Brown–Hubbell); the Glassure engine always uses its own.

    Returns
    -------
    Reduction

    Raises
    ------
    ValueError
        For a 2θ pattern without a wavelength, a background on another grid, a negative or
        zero density, an unknown element, a composition summing to zero, or bad settings.
    ImportError
        When Glassure (extra ``reduction``) is not installed.

    Examples
    --------
    >>> from sklearn_rdf.reduction import reduce_xray, simulate_xray_pattern
    >>> raw = simulate_xray_pattern("SiO2", density=2.2, random_state=0)
    >>> red = reduce_xray(raw.pattern, raw.background, composition="SiO2", density=2.2,
    ...                   background_scale=raw.background_scale, r_cutoff=1.2)
    >>> red.S.quantity, red.G.quantity, red.G.y_unit
    ('S', 'G', 'Å⁻²')
    """
    start = time.process_time()
    G_ = _glassure()
    _check_options(
        normalisation, optimise, r_cutoff, iterations, engine, form_factors, extrapolation
    )
    comp, density, rho = check_sample(composition, density)
    q, intensity, lam = check_pattern(pattern, wavelength=wavelength)
    bkg = check_background(q, background, wavelength=lam)
    scale = check_background_scale(background_scale)
    corrections = polarisation is not None or klein_nishina or absorption_mud is not None
    if corrections and lam is None:
        raise ValueError(
            "the polarisation, absorption and Klein–Nishina corrections need the wavelength "
            "(Å): pass wavelength= (--wavelength)"
        )
    absorption = None
    if absorption_mud is not None:
        absorption = absorption_correction(q, lam, absorption_mud)
    lo, hi = q_limits(q, q_min, q_max)
    r_out = _r_grid(r)
    if polarisation is not None:
        P = polarisation_factor(q, lam, polarisation)
        intensity = intensity / P
        bkg = None if bkg is None else bkg / P
    settings = {
        "composition": comp,
        "density": density,
        "q_min": lo,
        "q_max": hi,
        "normalisation": normalisation,
        "q_cutoff": float(q_cutoff),
        "attenuation": float(attenuation),
        "optimise": optimise if r_cutoff is not None else None,
        "r_cutoff": None if r_cutoff is None else float(r_cutoff),
        "iterations": int(iterations),
        "extrapolation": extrapolation,
        "window": window if isinstance(window, str) or window is None else "callable",
        "wavelength": lam,
        "polarisation": polarisation,
        "absorption_mud": absorption_mud,
        "klein_nishina": bool(klein_nishina),
        "engine": engine,
        "form_factors": form_factors if engine == "native" else "brown_hubbell",
    }

    def run(qq, sample, cfg):
        if absorption is not None:
            sample = sample * absorption
        if engine == "glassure":
            return _glassure_run(qq, sample, comp, density, cfg, G_)
        return _native_run(qq, sample, comp, rho, cfg, G_)

    if bkg is None:
        scale = 0.0
    elif scale == "fit":
        if r_cutoff is None:
            raise ValueError(
                "background_scale='fit' needs r_cutoff (Å): the r below the first "
                "interatomic distance, where G(r) = −4πρr (e.g. 1.4 for a silicate, 2.4 for "
                "argon)"
            )
        scale = _fit_background_scale(run, q, intensity, bkg, settings, float(r_cutoff))
    settings["background_scale"] = float(scale)
    sample = intensity if bkg is None else intensity - scale * bkg
    q_s, S, rho_used, n, engine_fr = run(q, sample, settings)
    S_c, F_c, G_c, g_c = pdf_curves(
        q_s, S, r_out, rho_used, window, {"reduction": dict(settings), "radiation": "xray"}
    )
    engine_G = None
    if engine_fr is not None:
        engine_G = Curve(engine_fr.x, engine_fr.y, "G", metadata={"engine": "glassure (FFT)"})
    return Reduction(
        S=S_c,
        F=F_c,
        G=G_c,
        g=g_c,
        rho=rho_used,
        normalisation=n,
        background_scale=float(scale),
        q_range=(lo, hi),
        engine=engine,
        settings=settings,
        cpu_seconds=time.process_time() - start,
        engine_G=engine_G,
    )
