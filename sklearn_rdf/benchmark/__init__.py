"""The WT-RDF+ paper's benchmark: materials, models and the one-call runner.

``sklearn-rdf benchmark`` (or :func:`run_benchmark`) runs, on the embedded Ge–Se family or on a
user's own files: the ablation (Table 3), WT-RDF vs WT-RDF+ by training ratio (Table 4),
WT-RDF+ vs the RBF and LSTM baselines and the honest peers by ratio (Table 5), the variability
of WT-RDF+ (Table 6), cross-material evaluation (Fig. 7) and parameter counts (Fig. 9).
:func:`run_resolution_benchmark` (``sklearn-rdf benchmark --resolution``) scores the models on
F(q) cut at 7.9 Å⁻¹ against the transform of the full range.
"""

from ._materials import Material, embedded_materials, user_material
from ._models import ABLATION, ablation_models, paper_models, peer_models
from ._raw import raw_material, restrict_material
from ._resolution import (
    ResolutionCurve,
    resolution_curves,
    resolution_models,
    run_resolution_benchmark,
)
from ._run import GAMING_NOTE, BenchmarkResult, format_tables, run_benchmark

__all__ = [
    "ABLATION",
    "GAMING_NOTE",
    "BenchmarkResult",
    "Material",
    "ResolutionCurve",
    "ablation_models",
    "embedded_materials",
    "format_tables",
    "paper_models",
    "peer_models",
    "raw_material",
    "resolution_curves",
    "resolution_models",
    "restrict_material",
    "run_benchmark",
    "run_resolution_benchmark",
    "user_material",
]
