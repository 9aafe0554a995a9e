"""A Chromium tab for the browser tests, recording everything that went wrong on the pages it opens."""

from __future__ import annotations

import os
from pathlib import Path

from .conftest import REPO

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", REPO / "test-artifacts"))


class Tab:
    """One tab (re-used from page to page: a new tab costs more than a page load).

    It records dialogs, console and script errors, failed requests and error responses, and, given the
    site's root address, every request that leaves the site.
    """

    def __init__(self, browser, width: int = 1440, height: int = 900, root: str | None = None):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.root = root
        self.seen: dict[str, list[str]] = self._fresh()
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self._error(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self._error(f"script: {exc}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", lambda r: self._error(f"{r.status}: {r.url}") if r.status >= 400 else None)
        self.page.on("request", self._request)

    @staticmethod
    def _fresh() -> dict[str, list[str]]:
        return {"dialogs": [], "errors": [], "requests": []}

    def _error(self, message: str) -> None:
        self.seen["errors"].append(message)

    def _dialog(self, dialog) -> None:
        self.seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    def _failed(self, request) -> None:
        if "ERR_ABORTED" not in (request.failure or ""):  # aborted: the test moved on to the next page
            self._error(f"failed: {request.url} {request.failure}")

    def _request(self, request) -> None:
        if self.root is not None and not request.url.startswith((self.root, "data:")):
            self.seen["requests"].append(request.url)

    def problems(self) -> list[str]:
        """Everything seen since the last page was opened, in one list (empty when all went well)."""
        return [*self.seen["dialogs"], *self.seen["errors"], *self.seen["requests"]]

    def open(self, url: str) -> Tab:
        self.seen = self._fresh()
        self.page.goto(url, wait_until="load")
        return self

    def shot(self, name: str, full_page: bool = False) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)

    def close(self) -> None:
        self.page.close()
