"""``sklearn-rdf transform``: sine-transform a structure-factor file into G(r).

Nothing is guessed silently: a file that does not say what it holds is refused (name it with
``--quantity``); the Q range is chosen where the data stand above their noise and reported
(``--q-max`` overrides); peaks inside the atomic core (r < ``--r-min``) are never listed; the
output is labelled with its true quantity (a Gudrun F(Q) without ``--composition`` gives
Keen's D(r) = ⟨b⟩²G(r) in barn/sr/atom/Å², not G).
"""

from __future__ import annotations

import math

from ._options import add_read_options, add_sample_options, read_curve, sample_from_args, suffix

NAME = "transform"
HELP = "transform S(q) or F(q) from a file into G(r) = (2/π)∫F(q)sin(qr)dq"

#: Peaks below this r (Å) are not listed by default: shorter than any bond but H–H in H2.
DEFAULT_R_MIN = 0.8


def add_arguments(parser) -> None:
    parser.add_argument("path", help="file with Q (Å⁻¹) and S(Q), F(Q) or Gudrun's F(Q)")
    parser.add_argument(
        "--quantity",
        choices=("S", "F", "F_barn"),
        default=None,
        help="what the y column holds, when the file does not say: S (→ 1 at large Q), "
        "F = Q(S − 1), or F_barn (Gudrun/Keen F(Q) in barn/sr/atom)",
    )
    parser.add_argument("--q-min", type=float, default=None, help="lower Q limit (Å⁻¹)")
    parser.add_argument(
        "--q-max",
        type=float,
        default=None,
        help="upper Q limit (Å⁻¹); default: where the data sink into their noise (reported)",
    )
    parser.add_argument(
        "--window",
        choices=("none", "lorch", "hanning", "kaiser"),
        default="none",
        help="modification function M(Q) (default none)",
    )
    parser.add_argument("--lorch", action="store_true", help="same as --window lorch")
    parser.add_argument(
        "--r-min",
        type=float,
        default=DEFAULT_R_MIN,
        help=f"no peak is listed below this r, in the atomic core (Å, default {DEFAULT_R_MIN})",
    )
    parser.add_argument("--r-max", type=float, default=10.0, help="largest r (Å), default 10")
    parser.add_argument("--dr", type=float, default=0.01, help="r step (Å), default 0.01")
    parser.add_argument("--out", default=None, help="write r and G(r) (or D(r)) to this file")
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing --out file (refused otherwise)",
    )
    add_read_options(parser)
    add_sample_options(parser)


#: Most r points a transform computes (a larger grid is almost always a typo in --dr).
MAX_R_POINTS = 1_000_000


def _structure_factor(path: str, curve, quantity: str, composition):
    """(Q, F(Q) or Q·F_barn(Q), output quantity) of a read file."""
    from ..datasets import interference_to_S
    from ..physics import Curve, S_to_F

    if curve.y.ndim != 1:
        raise ValueError(
            f"{path}: has {curve.y.shape[1]} y columns; pick one with --columns X,Y "
            "(0-based indices or labels)"
        )
    q, y = curve.x, curve.y
    if quantity == "unknown":
        labels = curve.metadata.get("labels")
        raise ValueError(
            f"{path}: the file does not say what it holds (labels {labels!r}); name it: "
            "--quantity S (S(Q) → 1 at large Q), --quantity F (F(Q) = Q(S(Q) − 1)) or "
            "--quantity F_barn (Gudrun F(Q), barn/sr/atom), or add a line '# quantity = S' "
            "to its header"
        )
    if quantity == "I":
        raise ValueError(
            f"{path}: holds a scattered intensity I(Q), not a structure factor: reduce it "
            "first (sklearn-rdf reduce PATH --background BKG --composition ... --density ...)"
        )
    if quantity == "F_barn":
        if composition is not None:
            S = interference_to_S(Curve(q, y, "F_barn"), composition=composition)
            return q, S_to_F(q, S.y), "G"
        print(
            "note: Gudrun/Keen F(Q) in barn/sr/atom without --composition: the transform of "
            "Q·F(Q) is Keen's D(r) = ⟨b⟩²G(r) (barn/sr/atom/Å²), written as D; give "
            "--composition for G(r)"
        )
        return q, q * y, "D"
    if quantity == "S":
        return q, S_to_F(q, y), "G"
    if quantity == "F":
        return q, y, "G"
    raise ValueError(
        f"{path}: holds {quantity!r}, not a structure factor (S, F or F_barn); "
        "pass --quantity if the file's own label is wrong"
    )


def _q_range(q, F, q_min, q_max) -> tuple[float, float, str]:
    import numpy as np

    from ..physics import noise_limited_q_max

    lo = float(q[0]) if q_min is None else float(q_min)
    if q_max is not None:
        return lo, float(q_max), "--q-max"
    inside = (q >= lo) & (q > 0)
    if np.count_nonzero(inside) < 16:
        return lo, float(q[-1]), "too few points to judge the noise: the whole range"
    chosen = noise_limited_q_max(q[inside], F[inside])
    return lo, chosen.q_max, chosen.reason


def run(args) -> int:
    import numpy as np

    from .._output import check_output_file
    from ..datasets import write
    from ..datasets.readers import EXTENSIONS
    from ..physics import CONVENTIONS, QUANTITIES, Curve, find_rdf_peaks, sine_transform_F_to_G

    # Options and the output path checked before anything is read or computed.
    composition, _, rho = sample_from_args(args)
    if not (
        math.isfinite(args.r_max) and math.isfinite(args.dr) and args.r_max > 0 and args.dr > 0
    ):
        raise ValueError("--r-max and --dr must be finite and > 0")
    n_r = int(args.r_max / args.dr)
    if n_r > MAX_R_POINTS:
        raise ValueError(
            f"--r-max {args.r_max:g} with --dr {args.dr:g} makes {n_r:.3g} r points (at most "
            f"{MAX_R_POINTS:,}): choose a larger --dr or a smaller --r-max"
        )
    if not 0 <= args.r_min < args.r_max:
        raise ValueError(f"--r-min must lie in [0, --r-max), got {args.r_min}")
    if args.out:
        check_output_file(args.out, overwrite=args.overwrite, flag="--overwrite")
    curve = read_curve(args.path, args)
    quantity = args.quantity or curve.quantity
    q, F, out_quantity = _structure_factor(args.path, curve, quantity, composition)
    lo, hi, reason = _q_range(q, F, args.q_min, args.q_max)
    print(f"Q range used: {lo:.4g}–{hi:.4g} Å⁻¹ ({reason}); change it with --q-min/--q-max")
    window = "lorch" if args.lorch else (None if args.window == "none" else args.window)
    r = np.arange(args.dr, args.r_max + args.dr / 2, args.dr)
    G = sine_transform_F_to_G(q, F, r, q_min=lo, q_max=hi, window=window)
    peaks = find_rdf_peaks(r, G, r_range=(args.r_min, args.r_max))
    name = f"{out_quantity}(r)"
    print(
        f"first peaks of {name} beyond r_min = {args.r_min:g} Å (Å):",
        ", ".join(f"{p:.3f}" for p in peaks.positions[:5]) or "none",
    )
    ripple = 1.5 * 2 * np.pi / hi  # truncation ripples have the period 2π/q_max
    if window is None and np.any(np.diff(peaks.positions[:5]) < ripple):
        print(
            f"note: peaks closer than {ripple:.2f} Å (1.5 × 2π/q_max) may be truncation "
            "ripples of the finite Q range; --window lorch damps them"
        )
    if args.out:
        known = QUANTITIES.get(out_quantity) or CONVENTIONS[out_quantity]
        metadata = {"source": str(args.path), "q_range": (lo, hi), "window": window}
        if rho is not None:
            metadata["rho"] = rho
            metadata["config"] = {"rho": rho}  # a .gr header keeps its configuration only
        out = Curve(r, G, out_quantity, "Å", known.unit, metadata)
        fmt = None if EXTENSIONS.get(suffix(args.out)) else "columns"
        if out_quantity != "G" and EXTENSIONS.get(suffix(args.out)) == "pdfgetx3":
            fmt = "columns"  # a PDFgetX3 .gr holds G only: keep D's own label
        write(args.out, out, format=fmt, overwrite=args.overwrite)
        print(f"wrote {args.out}: r (Å), {name} ({known.unit})")
    return 0
