"""The footer: at 80 columns every key it shows is whole (none runs under the palette's key), it
follows the session's phase, and it is rebuilt only when its keys change."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from hiptimer.domain import FakeClock
from hiptimer.screens import PickerScreen
from tests.test_session_flow import (  # flow_routine: the test routine, autouse
    flow_routine,  # noqa: F401
    make_app,
    open_session,
    repaint,
)
from tests.waiting import until


def cut_keys(app: App[None]) -> list[str]:
    """The footer keys that do not end before the palette's key (or the window's edge)."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    edge = palette[0].region.x if palette else footer.region.right
    return [
        f"{key.key_display} {key.description}"
        for key in keys
        if not key.has_class("-command-palette") and key.region.right > edge
    ]


async def test_the_session_footer_fits_80_columns() -> None:
    async with make_app(FakeClock(), "flow-test").run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await repaint(pilot)
        assert cut_keys(pilot.app) == []


async def test_the_picker_footer_fits_80_columns() -> None:
    async with make_app(FakeClock()).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        assert cut_keys(pilot.app) == []


def descriptions(app: App[None]) -> list[str]:
    return [key.description for key in app.screen.query_one(Footer).query(FooterKey)]


async def test_the_session_footer_follows_the_phase_and_keeps_its_keys_when_they_do_not_change() -> (
    None
):
    async with make_app(FakeClock(), "flow-test").run_test(size=(100, 30)) as pilot:
        session = await open_session(pilot)
        await repaint(pilot)
        assert "+1 rep" in descriptions(pilot.app) and "Resume" not in descriptions(pilot.app)
        keys = list(session.query_one(Footer).query(FooterKey))
        for _ in range(3):
            session.refresh_bindings()  # as a focus change or a new phase does
        await pilot.pause()
        await pilot.pause()
        assert list(session.query_one(Footer).query(FooterKey)) == keys
        assert all(key.is_attached for key in keys), "the same keys were built again"

        await pilot.press("p")  # a pause in the middle of counting: space resumes now
        await until(pilot, lambda: "Resume" in descriptions(pilot.app), "the footer's Resume")
        assert "+1 rep" not in descriptions(pilot.app)
