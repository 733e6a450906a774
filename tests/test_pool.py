"""Unit tests for the process pool (build/pool.py): order, streaming, forked shares."""

from __future__ import annotations

import os

import pytest

from publisher.build.pool import Workers, map_forked, map_in_order


def _square_with_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n


def test_map_in_order_keeps_order_and_takes_a_generator():
    taken: list[int] = []

    def jobs():
        for n in range(500):
            taken.append(n)
            yield n

    results = map_in_order(_square_with_pid, jobs(), Workers(2), total=500)
    first = next(results)
    # Jobs are taken a few chunks ahead of the results, not all at once.
    assert first[0] == 0 and len(taken) < 500
    rest = list(results)
    assert [square for square, _ in [first, *rest]] == [n * n for n in range(500)]
    assert {pid for _, pid in rest} != {os.getpid()}  # done in workers


def test_map_in_order_serial_when_one_process():
    results = list(map_in_order(_square_with_pid, [1, 2, 3], Workers(1)))
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_map_forked_shares_a_few_jobs_with_children_in_order():
    results = map_forked(_square_with_pid, [1, 2, 3, 4, 5], Workers(2))
    assert [square for square, _ in results] == [1, 4, 9, 16, 25]
    pids = [pid for _, pid in results]
    assert pids[:3] == [os.getpid()] * 3 and os.getpid() not in pids[3:]


def test_a_failed_share_is_done_again_here_and_raises_here():
    assert map_forked(_fail_on_three, [1, 2], Workers(2)) == [1, 2]
    with pytest.raises(ValueError, match="three"):
        map_forked(_fail_on_three, [1, 2, 3, 4], Workers(2))  # 3 is in the child's share
