"""``sklearn-rdf reduce``: a raw pattern (and its background) to S(Q) and G(r) files."""

from __future__ import annotations

import sys
import warnings

from ._options import (
    add_read_options,
    add_reduction_options,
    add_sample_options,
    reduce_from_args,
    suffix,
)

NAME = "reduce"
HELP = (
    "reduce a raw diffraction pattern (+ background) to S(Q), G(r) and g(r): Compton, "
    "normalisation, low-r optimisation (X-rays via Glassure; neutrons)"
)


def add_arguments(parser) -> None:
    parser.add_argument("path", help="raw pattern: I(Q) (Å⁻¹ or nm⁻¹) or I(2θ) with --wavelength")
    parser.add_argument(
        "--q-min", type=float, default=None, help="lower Q (Å⁻¹); default the first measured Q"
    )
    parser.add_argument(
        "--q-max",
        type=float,
        default=None,
        help="upper Q (Å⁻¹); default the last measured Q (a warning says when S(Q) does not "
        "reach 1 there)",
    )
    parser.add_argument(
        "--window",
        choices=("none", "lorch", "hanning", "kaiser"),
        default="none",
        help="modification function M(Q) of the G(r) transform (default none)",
    )
    parser.add_argument("--r-max", type=float, default=10.0, help="largest r (Å), default 10")
    parser.add_argument("--dr", type=float, default=0.01, help="r step (Å), default 0.01")
    parser.add_argument("--out-sq", metavar="FILE", help="write S(Q) here (.sq, .dat, .csv)")
    parser.add_argument("--out-gr", metavar="FILE", help="write G(r) here (.gr, .dat, .csv)")
    parser.add_argument("--out-g", metavar="FILE", help="write g(r) here (.dat, .csv)")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace existing output files (else refused)"
    )
    add_read_options(parser)
    add_sample_options(parser)
    add_reduction_options(parser)


def run(args) -> int:
    import numpy as np

    from .._output import check_output_file
    from ..datasets import write
    from ..datasets.readers import EXTENSIONS
    from ..physics import find_rdf_peaks, noise_limited_q_max

    if not (args.r_max > 0 and args.dr > 0):
        raise ValueError("--r-max and --dr must be > 0")
    for option in ("out_sq", "out_gr", "out_g"):
        path = getattr(args, option)
        if path is not None and EXTENSIONS.get(suffix(path)) not in (
            "pdfgetx3",
            "columns",
        ):
            raise ValueError(f"--{option.replace('_', '-')} {path}: use .sq/.gr, .dat or .csv")
        if path is not None:  # checked before anything is read or reduced
            check_output_file(path, overwrite=args.overwrite, flag="--overwrite")
    r = np.round(np.arange(0.0, args.r_max + args.dr / 2, args.dr), 10)
    window = None if args.window == "none" else args.window
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        red = reduce_from_args(
            args, args.path, r=r, window=window, q_min=args.q_min, q_max=args.q_max
        )
    for warning in caught:  # one plain line each, not a Python source location
        print(f"warning: {warning.message}", file=sys.stderr)
    lo, hi = red.q_range
    print(
        f"{red.engine} reduction: Q {lo:.4g}–{hi:.4g} Å⁻¹, ρ = {red.rho:.5g} atoms/Å³, "
        f"normalisation n = {red.normalisation:.5g}, background scale {red.background_scale:.4g}"
    )
    measured = (red.F.x >= lo) & (red.F.x <= hi)
    if args.q_max is None and np.count_nonzero(measured) >= 16:
        noise = noise_limited_q_max(red.F.x[measured], red.F.y[measured])
        if noise.q_max < hi - 1.0:
            print(
                f"note: F(Q) sinks into its noise from {noise.q_max:.3g} Å⁻¹ ({noise.reason}); "
                f"the whole range was used: consider --q-max {noise.q_max:.3g}"
            )
    r_min = args.r_cutoff if args.r_cutoff is not None else 0.8  # inside: the atomic core
    peaks = find_rdf_peaks(red.g.x, red.g.y, r_range=(r_min, args.r_max))
    listed = ", ".join(f"{p:.3f}" for p in peaks.positions[:5]) or "none"
    print(f"first peaks of g(r) beyond r_min = {r_min:g} Å (Å): {listed}")
    for path, curve in ((args.out_sq, red.S), (args.out_gr, red.G), (args.out_g, red.g)):
        if path is not None:
            out = _for_file(curve)
            fmt = "columns" if suffix(path) in (".gr", ".sq") and curve.quantity == "g" else None
            write(path, out, format=fmt, overwrite=args.overwrite)
            print(f"wrote {path}: {curve.quantity} ({curve.y_unit}) on {curve.x_unit}")
    return 0


def _for_file(curve):
    """The curve with only file-friendly metadata (the writer keeps a PDFgetX3 config)."""
    from ..physics import Curve

    settings = curve.metadata.get("reduction", {})
    config = {k: v for k, v in settings.items() if isinstance(v, int | float | str)}
    if "composition" in settings:
        config["composition"] = " ".join(f"{k}{v:g}" for k, v in settings["composition"].items())
    config["rho"] = curve.metadata.get("rho")
    metadata = {"config": config, "rho": curve.metadata.get("rho")}
    return Curve(curve.x, curve.y, curve.quantity, curve.x_unit, curve.y_unit, metadata)
