"""The fault seams themselves: off unless configured, configured by one validated variable."""

from __future__ import annotations

import pytest

from corechat.config import ConfigError, Settings
from corechat.faults import AFTER_SUPPLIER, BEFORE_FINISH, Exit, Fail, FaultPoints, InjectedFault, from_spec


def test_no_spec_means_no_fault_points_at_all():
    assert from_spec(None) is None
    assert from_spec("  ") is None
    assert Settings().faults is None


def test_a_spec_arms_each_named_point_with_its_action_and_probability():
    faults = from_spec("after_supplier:exit:0.25, before_finish:fail", seed=7)

    assert isinstance(faults._armed[AFTER_SUPPLIER].action, Exit)
    assert faults._armed[AFTER_SUPPLIER].probability == 0.25
    assert isinstance(faults._armed[BEFORE_FINISH].action, Fail)
    assert faults._armed[BEFORE_FINISH].times is None


@pytest.mark.parametrize("spec", ["after_lunch:fail", "before_finish:explode", "before_finish", "after_claim:fail:often"])
def test_a_bad_spec_stops_the_configuration_naming_the_variable(spec):
    with pytest.raises(ConfigError, match="CORECHAT_FAULTS"):
        Settings.from_env({"CORECHAT_FAULTS": spec})


async def test_an_armed_point_fires_as_often_as_told_and_counts_what_it_saw():
    faults = FaultPoints(seed=1)
    faults.arm(BEFORE_FINISH, Fail(), times=2)

    outcomes = []
    for _ in range(3):
        try:
            await faults.reach(BEFORE_FINISH)
            outcomes.append("passed")
        except InjectedFault:
            outcomes.append("failed")

    assert outcomes == ["failed", "failed", "passed"]
    assert (faults.hits[BEFORE_FINISH], faults.fired[BEFORE_FINISH]) == (3, 2)


async def test_the_built_app_has_no_fault_points_unless_configured(make_app):
    from corechat.bootstrap import build

    plain = await build(Settings(database_url=(await make_app()).settings.database_url, reconcile_interval_seconds=0))
    try:
        assert plain.faults is None
        assert plain.service._faults is None
    finally:
        await plain.close()
