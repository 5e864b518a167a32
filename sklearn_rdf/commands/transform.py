"""``sklearn-rdf transform``: sine-transform a structure-factor file into G(r)."""

from __future__ import annotations

import io
import math

NAME = "transform"
HELP = "transform S(q) or F(q) from a two-column file into G(r) = (2/π)∫F(q)sin(qr)dq"


def add_arguments(parser) -> None:
    parser.add_argument("path", help="file with columns q (Å⁻¹) and S(q) or F(q)")
    parser.add_argument(
        "--quantity",
        choices=("S", "F"),
        default=None,
        help="what the second column holds when the file's format does not say (default F)",
    )
    parser.add_argument("--q-min", type=float, default=None, help="lower q limit (Å⁻¹)")
    parser.add_argument("--q-max", type=float, default=None, help="upper q limit (Å⁻¹)")
    parser.add_argument("--lorch", action="store_true", help="apply the Lorch function")
    parser.add_argument("--r-max", type=float, default=10.0, help="largest r (Å), default 10")
    parser.add_argument("--dr", type=float, default=0.01, help="r step (Å), default 0.01")
    parser.add_argument("--out", default=None, help="write r, G(r) to this file")
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing --out file (refused otherwise)",
    )


#: Most r points a transform computes (a larger grid is almost always a typo in --dr).
MAX_R_POINTS = 1_000_000


def _load(path: str, quantity: str | None):
    from .. import datasets
    from ..physics import S_to_F

    curve = datasets.read(path)
    q, y = curve.x, curve.y if curve.y.ndim == 1 else curve.y[:, 0]
    quantity = quantity or curve.quantity
    if quantity == "F_barn":
        print(
            "note: Gudrun interference cross-section F(Q) (barn/sr/atom): transforming "
            "Q·F(Q), i.e. G(r) times the mean squared scattering length ⟨b⟩²"
        )
        return q, q * y
    if quantity == "S":
        return q, S_to_F(q, y)
    if quantity not in ("F", "unknown"):
        raise ValueError(f"{path}: holds {quantity!r}, not S(q) or F(q)")
    return q, y


def run(args) -> int:
    import numpy as np

    from .._output import atomic_write_bytes, check_output_file
    from ..physics import find_rdf_peaks, sine_transform_F_to_G

    # Options and the output path checked before anything is read or computed.
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
    if args.out:
        check_output_file(args.out, overwrite=args.overwrite, flag="--overwrite")
    q, F = _load(args.path, args.quantity)
    r = np.arange(args.dr, args.r_max + args.dr / 2, args.dr)
    G = sine_transform_F_to_G(
        q, F, r, q_min=args.q_min, q_max=args.q_max, window="lorch" if args.lorch else None
    )
    peaks = find_rdf_peaks(r, G)
    print("first peaks of G(r) (Å):", ", ".join(f"{p:.3f}" for p in peaks.positions[:5]))
    if args.out:
        buffer = io.BytesIO()
        np.savetxt(buffer, np.column_stack([r, G]), header="r (Å)  G(r) (Å^-2)", encoding="utf-8")
        atomic_write_bytes(args.out, buffer.getvalue(), overwrite=args.overwrite)
        print(f"wrote {args.out}")
    return 0
