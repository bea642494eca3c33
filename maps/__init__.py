"""Maps composed from layers. Importing the package registers every map spec."""

from maps import coverage_spec  # noqa: F401  (registers MapSpec "coverage")
