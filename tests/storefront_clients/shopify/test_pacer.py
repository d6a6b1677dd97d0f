"""Pacer: waits from throttleStatus, shares state between concurrent callers, learns costs."""

from __future__ import annotations

import asyncio

import pytest

from storefront_clients.priority import interactive
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
    with interactive():
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
    with interactive():
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


async def test_background_work_leaves_headroom_for_an_interactive_call() -> None:
    pacer, clock = make()
    with interactive():
        await pacer.acquire(300)  # the largest interactive call seen sets the headroom
    pacer.release(300)
    pacer.observe(CostReading(requested=0, actual=0, maximum=2000, available=350, restore_rate=100))
    # 350 points would fit 100, but the 300 kept for an interactive call must stay free.
    await pacer.acquire(100)
    assert sum(clock.sleeps) == pytest.approx((100 + 300 - 350) / 100, abs=0.01)
    assert pacer.available() >= 300 - 1e-6


async def test_an_interactive_call_goes_ahead_of_waiting_background_work() -> None:
    clock = FakeClock()

    async def sleep(seconds: float) -> None:
        await clock.sleep(seconds)
        await asyncio.sleep(0)  # let the other caller run, as a real sleep would

    pacer = Pacer(clock=clock, sleep=sleep)
    pacer.observe(CostReading(requested=0, actual=0, maximum=2000, available=0, restore_rate=100))
    order: list[str] = []

    async def background() -> None:
        await pacer.acquire(500)
        order.append("background")

    async def request() -> None:
        with interactive():
            await pacer.acquire(100)
        order.append("interactive")

    await asyncio.gather(background(), request())
    assert order == ["interactive", "background"]


async def test_background_alone_drains_at_the_restore_rate() -> None:
    pacer, clock = make()
    pacer.observe(CostReading(requested=0, actual=0, maximum=2000, available=0, restore_rate=100))
    start = clock.now
    for _ in range(20):
        await pacer.acquire(100)
    with interactive():
        await pacer.acquire(200)
    pacer.release(200)
    for _ in range(20):
        await pacer.acquire(100)
    # 4,200 points in about 42 s plus the one-off 200-point headroom: the restore rate is kept.
    assert clock.now - start == pytest.approx(42 + 2, rel=0.05)


async def test_the_headroom_follows_what_shopify_requests_not_the_first_estimate() -> None:
    pacer, clock = make()
    with interactive():
        await pacer.acquire(755, "FulfillmentOrders")  # our estimate before Shopify answered
    pacer.release(755)
    pacer.learned("FulfillmentOrders", 194)  # its requestedQueryCost
    pacer.learned("InventorySetQuantities", 10)  # not an interactive operation: no headroom kept
    assert pacer.largest_interactive == 194
    pacer.observe(CostReading(requested=0, actual=0, maximum=1000, available=300, restore_rate=100))
    await pacer.acquire(10)  # 300 points hold 10 + the 194 kept: no wait
    assert sum(clock.sleeps) == 0
