"""The follow-ups' tests take place on Monday 23 March 2026, at noon in Quebec."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _monday_23_march_2026():
    moment = datetime(2026, 3, 23, 12, 0, tzinfo=ZoneInfo("America/Toronto"))
    with time_machine.travel(moment, tick=False):
        yield
