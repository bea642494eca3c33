"""The coverage map (/maps/coverage): which poverty-alleviated villages are served, and the gaps."""

from maps.spec import MapSpec, register

COVERAGE = register(MapSpec(
    "coverage",
    "芒市脱贫村农村电商服务覆盖",
    "Mangshi: rural e-commerce services reaching poverty-alleviated villages",
    ("coverage_townships", "county", "coverage_gaps", "coverage_sites", "coverage_villages"),
))
