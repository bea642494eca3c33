"""schemathesis against the app's own OpenAPI schema: no 5xx and no schema violations.

Bounded for CI: ``MAX_EXAMPLES`` cases per operation, derandomised so every run generates
the same cases. The number of generated cases is printed (run pytest with ``-s`` to see it).
"""

from __future__ import annotations

import os

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from tests.conftest import add_user, api_token

MAX_EXAMPLES = int(os.environ.get("FIELDMAP_FUZZ_EXAMPLES", "30"))  # positive cases per operation
NEGATIVE_EXAMPLES = max(1, MAX_EXAMPLES // 3)  # schema-invalid cases per operation: must get a 4xx
# An uploaded file's content is beyond what a schema can say: a schema-valid upload of
# random bytes is rightly refused with 422, so "valid data must be accepted" is not checked there.
# Operations that render images or decks cost seconds per case: fewer cases keep the run bounded.
EXPENSIVE = {"GET /maps/{name}.{fmt}": 4, "GET /briefing.pptx": 2}
# Likewise rules across parameters (``paper`` only with PDF) that OpenAPI cannot state.
CONTENT_CHECKED_ELSEWHERE = {
    "POST /imports/{table}": [positive_data_acceptance],
    "GET /maps/{name}.{fmt}": [positive_data_acceptance],
    "POST /inspections/{inspection_id}/photos": [positive_data_acceptance],
    # visit times later than now + the clock skew are refused: "now" is no schema bound
    "POST /inspections": [positive_data_acceptance],
    "PATCH /inspections/{inspection_id}": [positive_data_acceptance],
    # a site's time window must end after it starts: two items of one array compared, which no
    # schema states (the fuzzer sent ["20:34", "10:00"]; tests/api/test_routes.py checks the 422)
    "POST /routes/plan": [positive_data_acceptance],
}


@pytest.mark.slow
@pytest.mark.parametrize("role", ["anonymous", "viewer", "official", "supervisor", "admin"])
def test_openapi_schema_fuzzing(db_url: str, role: str) -> None:
    """Every role: what one may not do must be a clean 401/403, never a 5xx."""
    headers = {}
    if role != "anonymous":
        add_user(db_url, "fuzzer", role)
        headers = {"Authorization": f"Bearer {api_token(db_url, 'fuzzer')}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db_url))
    cases: dict[str, int] = {}
    failures: list[str] = []
    errors: dict[str, int] = {}  # answers with a 5xx status, per operation
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        _fuzz(operation, GenerationMode.POSITIVE, MAX_EXAMPLES, headers, cases, failures, errors)
        _fuzz(operation, GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES, headers, cases, failures, errors)
    total = sum(cases.values())
    print(
        f"\nschemathesis ({role}): {total} generated cases over {len(cases)} operations "
        f"(at most {MAX_EXAMPLES} valid + {NEGATIVE_EXAMPLES} invalid each); "
        f"5xx answers: {sum(errors.values())} {errors or ''}; failed checks: {len(dict.fromkeys(failures))}; "
        + ", ".join(f"{k}={v}" for k, v in cases.items())
    )
    assert failures == [], "\n\n".join(dict.fromkeys(failures))
    assert total >= len(operations) * 5


def _fuzz(  # noqa: PLR0913
    operation,  # noqa: ANN001
    mode: GenerationMode,
    examples: int,
    headers: dict,
    cases: dict,
    failures: list,
    errors: dict,
) -> None:
    label = f"{operation.method.upper()} {operation.path}"
    cases.setdefault(label, 0)
    examples = min(examples, EXPENSIVE.get(label, examples))

    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def run(case) -> None:  # noqa: ANN001
        cases[label] += 1
        try:
            response = case.call(headers=headers)
            if response.status_code >= 500:
                errors[label] = errors.get(label, 0) + 1
            case.validate_response(response, headers=headers, excluded_checks=CONTENT_CHECKED_ELSEWHERE.get(label, []))
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failures, then fail once
            failures.append(f"{label}: {str(exc)[:600]}")
            raise

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        assert mode == GenerationMode.NEGATIVE, label  # no parameters, so nothing to get wrong
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - recorded; go on with the other operations
        if not any(f.startswith(label) for f in failures):
            failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:600]}")
