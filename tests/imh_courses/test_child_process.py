"""Heavy work in a child process: its result or its exception comes back; it is stopped when
its time or memory is up, and the parent goes on."""

import time

import pytest

from imh_courses.child_process import ChildStopped, run_in_child


def _add(a, b):
    return a + b


def _refuse():
    raise ValueError("not this one")


def _sleep():
    time.sleep(30)


def _hoard():
    return len(bytearray(512 * 1024 * 1024))


def test_the_result_comes_back():
    assert run_in_child(_add, 2, 3, seconds=10) == 5


def test_an_exception_in_the_child_is_raised_here():
    with pytest.raises(ValueError, match="not this one"):
        run_in_child(_refuse, seconds=10)


def test_work_over_its_time_is_stopped_not_waited_for():
    started = time.monotonic()
    with pytest.raises(ChildStopped, match=r"longer than 0\.2 seconds"):
        run_in_child(_sleep, seconds=0.2)
    assert time.monotonic() - started < 5


def test_work_over_its_memory_is_stopped():
    with pytest.raises(ChildStopped, match="more memory"):
        run_in_child(_hoard, seconds=10, memory_bytes=64 * 1024 * 1024)
    assert run_in_child(_hoard, seconds=10) == 512 * 1024 * 1024  # without the ceiling: fine
