"""Hypothesis profiles for the fuzz suite.

``ci`` (the default) keeps ``tests/fuzz`` within about a minute on two cores, so it runs
in every ``make test``; ``long`` (``HYPOTHESIS_PROFILE=long``) is the campaign run, with
many examples (``FUZZ_EXAMPLES`` per test, default 5000) and no deadline. Neither keeps an example database: a run leaves no files
behind, and a case worth keeping becomes an ``@example`` in the test module.

``ci`` extends Hypothesis's own ``ci`` profile (derandomized, no deadline), so the
short run explores the same cases every time and cannot fail by chance; it does not
shrink, which on this pipeline can take minutes (the long run shrinks). Loading a
profile sets the default for the whole pytest session; property tests elsewhere set
their own ``max_examples`` (``tests/unit/test_check_properties.py`` does).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_UNHEALTHY_BUT_EXPECTED = [
    HealthCheck.too_slow,  # every example writes files and runs the whole pipeline
    HealthCheck.data_too_large,  # long values and alias bombs are the point
    HealthCheck.large_base_example,
]

settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # shrinking a failure can take minutes
    print_blob=True,
    suppress_health_check=_UNHEALTHY_BUT_EXPECTED,
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")),
    deadline=None,
    database=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=_UNHEALTHY_BUT_EXPECTED,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
