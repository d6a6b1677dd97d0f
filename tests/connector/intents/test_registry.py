"""The intent registry is explicit: the retry job alone knows every kind, without the action modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
import connector.jobs.intent_retry
from connector.intents.registry import KINDS
print(len(KINDS), sorted(m for m in sys.modules if m.startswith("connector.actions")))
"""


def test_importing_the_retry_job_alone_registers_every_kind_and_no_action() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["9", "[]"]
