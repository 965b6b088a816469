"""Programs outside Python that some checks drive: librsvg's rsvg-convert and poppler's pdftoppm
(Debian: `apt-get install librsvg2-bin poppler-utils`).

A machine without them still passes the README's test command: those checks are reported as
skipped, with the package to install, never as passed. CI installs the programs and sets
RNN_STEPPER_REQUIRE_TOOLS=1, under which a missing program fails the check instead.
"""

from __future__ import annotations

import os
import shutil

import pytest

REQUIRE_ENV = "RNN_STEPPER_REQUIRE_TOOLS"


def external_tool(name: str, debian_package: str, why: str) -> str:
    """The path of program `name`; skips (or, under RNN_STEPPER_REQUIRE_TOOLS=1, fails) without it."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is missing: apt-get install {debian_package} ({why})"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found
