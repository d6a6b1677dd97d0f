"""Pacer: waits from throttleStatus, shares state between concurrent callers, learns costs."""

from __future__ import annotations

import asyncio

import pytest

from storefront_clients.shopify.pacer import CostBook, CostReading, Pacer

from .fakes import FakeClock, cost_extensions


def make() -> tuple[Pacer, FakeClock]:
    clock = FakeClock()
    return Pacer(clock=clock, sleep=clock.sleep), clock


async def test_no_wait_when_cost_fits() -> None:
    pacer, clock = make()
    assert await pacer.acquire(500) == 0
    assert clock.sleeps == []
    assert pacer.available() == pytest.approx(1500)


async def test_waits_missing_points_over_restore_rate() -> None:
    pacer, clock = make()
    reading = CostReading.from_extensions(cost_extensions(requested=50, available=120, rate=100))
    assert reading is not None
    pacer.observe(reading)
    waited = await pacer.acquire(400)
    assert waited == pytest.approx((400 - 120) / 100)
    assert clock.sleeps == [pytest.approx(2.8)]
    assert pacer.available() == pytest.approx(0, abs=1e-6)


async def test_available_restores_with_time_and_caps_at_maximum() -> None:
    pacer, clock = make()
    pacer.observe(CostReading(requested=10, actual=10, maximum=1000, available=100, restore_rate=50))
    clock.now += 4
    assert pacer.available() == pytest.approx(300)
    clock.now += 1000
    assert pacer.available() == pytest.approx(1000)
    assert pacer.maximum == 1000
    assert pacer.restore_rate == 50


async def test_concurrent_callers_share_one_bucket() -> None:
    pacer, clock = make()
    pacer.observe(CostReading(requested=0, actual=0, maximum=2000, available=0, restore_rate=100))
    waits = await asyncio.gather(*(pacer.acquire(100) for _ in range(5)))
    # Each caller waits for its own 100 points after the one before it took theirs.
    assert sorted(waits) == [pytest.approx(1.0)] * 5
    assert sum(clock.sleeps) == pytest.approx(5.0)
    assert pacer.available() == pytest.approx(0, abs=1e-6)


async def test_pause_holds_everyone_and_empties_bucket() -> None:
    pacer, clock = make()
    await pacer.pause(3.0)
    assert clock.sleeps == [3.0]
    assert pacer.available() == pytest.approx(0, abs=1e-6)


def test_cost_book_learns_requested_and_ratio() -> None:
    book = CostBook()
    assert book.expected("OrdersPage", 400) == 400
    book.learn("OrdersPage", requested=200, estimate=400)
    assert book.ratio("OrdersPage") == pytest.approx(0.5)
    assert book.expected("OrdersPage", 800) == pytest.approx(400)
    assert book.expected("Other", 12) == 12


def test_reading_without_cost_is_none() -> None:
    assert CostReading.from_extensions(None) is None
    assert CostReading.from_extensions({"other": 1}) is None
