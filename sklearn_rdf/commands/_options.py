"""Options shared by the subcommands that read data files: how to read them, what the
sample is, and (for raw patterns) how to reduce them.

``transform``, ``reduce`` and ``benchmark`` call :func:`add_read_options`,
:func:`add_sample_options` and :func:`add_reduction_options`, then :func:`read_curve`,
:func:`sample_from_args` and :func:`reduce_from_args`, so that one option means one thing in
every command.
"""

from __future__ import annotations

import math

__all__ = [
    "add_read_options",
    "add_reduction_options",
    "add_sample_options",
    "parse_composition",
    "read_curve",
    "reduce_from_args",
    "sample_from_args",
    "suffix",
]


def parse_composition(text: str | None) -> dict[str, float] | None:
    """'Si:1,O:2' or a formula 'SiO2' -> {'Si': 1.0, 'O': 2.0}; None stays None."""
    if text is None:
        return None
    from ..physics.composition import as_composition

    if ":" not in text:
        return as_composition(text)
    try:
        pairs = [item.split(":") for item in text.split(",") if item.strip()]
        composition = {el.strip(): float(n) for el, n in pairs}
    except ValueError:
        raise ValueError(
            f"--composition takes EL:N pairs (Si:1,O:2) or a formula (SiO2), got {text!r}"
        ) from None
    return as_composition(composition)


def suffix(path: str) -> str:
    """The lower-case extension of an output path ('.gr', '.dat')."""
    from pathlib import Path

    return Path(path).suffix.lower()


def _columns(text: str | None):
    if text is None:
        return None
    items = [t.strip() for t in text.split(",") if t.strip()]
    return [int(t) if t.lstrip("-").isdigit() else t for t in items]


def add_read_options(parser) -> None:
    """--format, --skip-lines, --columns, --wavelength."""
    group = parser.add_argument_group("reading the files")
    group.add_argument(
        "--format",
        default=None,
        help="file format (pdfgetx3, gudrun, fit2d, chi, xdi, columns); default: from the "
        "extension and the content",
    )
    group.add_argument(
        "--skip-lines", type=int, default=None, help="header lines to skip (column files)"
    )
    group.add_argument(
        "--columns",
        default=None,
        metavar="X,Y",
        help="the x and y columns of a column file: 0-based indices or labels (0,3 or Q,S)",
    )
    group.add_argument("--wavelength", type=float, default=None, help="λ in Å, to turn 2θ into Q")


def add_sample_options(parser) -> None:
    """--composition, --density (g/cm³), --rho (atoms/Å³)."""
    group = parser.add_argument_group("the sample")
    group.add_argument(
        "--composition", metavar="EL:N,...", help="composition: Si:1,O:2 or a formula (SiO2)"
    )
    group.add_argument(
        "--density", type=float, default=None, help="mass density in g/cm³ (needs --composition)"
    )
    group.add_argument("--rho", type=float, default=None, help="number density in atoms/Å³")


def add_reduction_options(parser) -> None:
    """Options of a raw-pattern reduction (background, normalisation, low-r, engine)."""
    group = parser.add_argument_group("reducing a raw pattern")
    group.add_argument(
        "--background", metavar="FILE", help="the background pattern (same grid as the data)"
    )
    group.add_argument(
        "--bkg-scale",
        default="1",
        help="background scale s in I − s·I_bkg, or 'fit' (needs --r-cutoff); default 1",
    )
    group.add_argument(
        "--radiation", choices=("xray", "neutron"), default="xray", help="default xray"
    )
    group.add_argument(
        "--normalisation", choices=("fit", "integral"), default="fit", help="default fit"
    )
    group.add_argument(
        "--q-cutoff", type=float, default=None, help="lower Q of the normalisation fit (Å⁻¹)"
    )
    group.add_argument(
        "--r-cutoff",
        type=float,
        default=None,
        help="r below the first neighbour (Å): Kaplow–Eggert low-r optimisation",
    )
    group.add_argument(
        "--polynomial",
        action="store_true",
        help="PDFgetX3-style polynomial correction instead of Kaplow–Eggert",
    )
    group.add_argument(
        "--polarisation", type=float, default=None, help="polarisation fraction (0.5: lab tube)"
    )
    group.add_argument(
        "--absorption-mud",
        type=float,
        default=None,
        help="μ·D of a capillary sample: absorption correction (diffpy.labpdfproc; X-rays)",
    )
    group.add_argument(
        "--engine", choices=("glassure", "native"), default="glassure", help="X-ray engine"
    )
    group.add_argument(
        "--extrapolation",
        choices=("step", "linear"),
        default="step",
        help="S(Q) from q_min to 0 (X-rays; default step)",
    )


def read_curve(path, args, *, quantity: str | None = None):
    """Read ``path`` with the --format/--skip-lines/--columns/--wavelength options."""
    from .. import datasets

    options = {}
    if getattr(args, "skip_lines", None) is not None:
        options["skip_lines"] = args.skip_lines
    if getattr(args, "columns", None) is not None:
        options["columns"] = _columns(args.columns)
    if quantity is not None:
        options["quantity"] = quantity
    fmt = getattr(args, "format", None)
    if options and fmt is None and datasets.detect_format(path) != "columns":
        fmt = "columns"  # these options are column-file options
    if getattr(args, "wavelength", None) is not None:
        chosen = fmt or datasets.detect_format(path)
        if chosen in ("columns", "fit2d", "chi"):
            options["wavelength"] = args.wavelength
    return datasets.read(path, format=fmt, **options)


def sample_from_args(args) -> tuple[dict[str, float] | None, float | None, float | None]:
    """(composition, mass density g/cm³, number density atoms/Å³) from the options."""
    from ..physics.composition import mass_to_number_density

    composition = parse_composition(getattr(args, "composition", None))
    density = getattr(args, "density", None)
    rho = getattr(args, "rho", None)
    if rho is not None and not (math.isfinite(rho) and rho > 0):
        raise ValueError(f"--rho (atoms/Å³) must be finite and > 0, got {rho}")
    if density is not None:
        if composition is None:
            raise ValueError("--density (g/cm³) needs --composition to give atoms/Å³")
        number = mass_to_number_density(density, composition)
        if rho is not None and not math.isclose(rho, number, rel_tol=0.01):
            raise ValueError(
                f"--rho {rho} and --density {density} g/cm³ ({number:.4g} atoms/Å³) disagree"
            )
        rho = number
    return composition, density, rho


def reduce_from_args(args, pattern_path, *, r=None, window=None, q_min=None, q_max=None):
    """Reduce the raw pattern at ``pattern_path`` (and --background) with the options."""
    from ..reduction import reduce_neutron, reduce_xray

    composition, density, _ = sample_from_args(args)
    if composition is None or density is None:
        raise ValueError(
            "reducing a raw pattern needs --composition (e.g. Mg2SiO4 or Mg:2,Si:1,O:4) and "
            "--density (g/cm³)"
        )
    pattern = read_curve(pattern_path, args)
    background = None if args.background is None else read_curve(args.background, args)
    scale = args.bkg_scale if args.bkg_scale == "fit" else float(args.bkg_scale)
    common = {
        "composition": composition,
        "density": density,
        "q_min": q_min,
        "q_max": q_max,
        "r_cutoff": args.r_cutoff,
        "optimise": "polynomial" if args.polynomial else "kaplow",
        "window": window,
        "r": r,
    }
    extra = {} if args.q_cutoff is None else {"q_cutoff": args.q_cutoff}
    if args.radiation == "neutron":
        if scale == "fit":
            raise ValueError("--bkg-scale fit is for X-ray patterns; give a number")
        return reduce_neutron(pattern, background, background_scale=scale, **common, **extra)
    return reduce_xray(
        pattern,
        background,
        background_scale=scale,
        normalisation=args.normalisation,
        wavelength=getattr(args, "wavelength", None),
        polarisation=args.polarisation,
        absorption_mud=args.absorption_mud,
        engine=args.engine,
        extrapolation=args.extrapolation,
        **common,
        **extra,
    )
