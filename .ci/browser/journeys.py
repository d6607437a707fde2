#!/usr/bin/env python3
"""Bluelamp's main journeys in headless Chromium, as a person would take them, with axe-core on every page.

Each journey signs in as a demo user through the real sign-in form, uses the real forms (their CSRF tokens come
with them), and checks what the person would see afterwards, so a broken journey fails. Every page a journey
visits is checked at each width (1366 and 390 px by default): a screenshot `NN-step-WIDTH.png`, axe-core with
the WCAG 2.0/2.1/2.2 A and AA rules, and horizontal overflow (`scrollWidth > innerWidth`).

Exit status: 1 when a journey step fails, or (without --report-only) when any page has a serious or critical
axe violation or overflows sideways; 0 otherwise. Writes `axe.json` (every result), `summary.txt` (what is
printed) and the screenshots to --out.

Needs: selenium, /usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium and chromium-driver), and
axe-core's axe.min.js (from the PyPI wheel axe-playwright-python; see run.sh).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

# The demo's sign-ins (Sources/BluelampApp/Features/Demo/DemoLoader.swift `users`).
USERS = {
    "admin": "copper-lantern-harbour",
    "investigator": "amber-willow-station",
    "supervisor": "granite-meadow-signal",
    "allocator": "silver-orchard-bridge",
    "offender-manager": "velvet-harbour-compass",
    "public-protection": "harbour-violet-beacon",
    "performance": "marble-river-lantern",
    "inspector": "cobalt-summit-thistle",
}

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Also run, for information only: axe-core's best practices (heading order, landmarks, duplicate ids …).
INFO_TAGS = ["best-practice"]
FAILING_IMPACTS = ("critical", "serious")
IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3, None: 4}
PHONE_HEIGHT, DESKTOP_HEIGHT = 844, 900
# Screenshots are full pages, cut at this height (a long list would otherwise make a huge PNG).
MAX_SCREENSHOT_HEIGHT = 6000


# The titles of the error page (ErrorPageMiddleware: the HTTP reason phrase) and of a refused form ("Error: …").
ERROR_TITLE = re.compile(
    r"^(Error:|Bad Request|Unauthorized|Forbidden|Not Found|Method Not Allowed|Conflict|Gone|Payload Too Large|"
    r"Unprocessable Entity|Too Many Requests|Internal Server Error|Service Unavailable|Request Timeout)",
    re.IGNORECASE,
)


class StepFailed(Exception):
    """What a person would see is not what the journey expects."""


@dataclass
class PageCheck:
    number: int
    step: str
    journey: str
    path: str
    width: int
    screenshot: str
    violations: list = field(default_factory=list)
    overflow: dict | None = None
    # Regions that scroll sideways inside the page (a table in its wrapper, the menu): not failures, but a
    # person on a phone may not see what is off to the side.
    scrollers: list = field(default_factory=list)
    error: str | None = None


@dataclass
class JourneyResult:
    name: str
    user: str
    ok: bool = True
    error: str | None = None
    steps: list = field(default_factory=list)
    seconds: float = 0.0


class Browser:
    """One Chromium, driven through chromedriver; checks and screenshots every page a journey reaches."""

    def __init__(self, base_url: str, out: Path, widths: list[int], axe_source: str, timeout: float):
        self.base_url = base_url.rstrip("/") + "/"
        self.out = out
        self.widths = widths
        self.axe_source = axe_source
        self.timeout = timeout
        self.checks: list[PageCheck] = []
        self.counter = 0
        self.journey = ""
        opts = webdriver.ChromeOptions()
        opts.binary_location = os.environ.get("BLUELAMP_CHROMIUM", "/usr/bin/chromium")
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--lang=en-GB",
            f"--window-size={max(widths)},{DESKTOP_HEIGHT}",
        ):
            opts.add_argument(arg)
        service = Service(os.environ.get("BLUELAMP_CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(options=opts, service=service)
        self.driver.set_page_load_timeout(timeout)
        self.driver.set_script_timeout(timeout)
        # Our Content-Security-Policy forbids injected scripts; axe-core is injected, so the page's CSP is bypassed
        # for this browser (the pages themselves have no JavaScript).
        self.driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
        # The journeys act at the widest width (a phone's menu may be folded away); every width is checked.
        self.acting_width = max(widths)
        self.set_width(self.acting_width)

    def quit(self) -> None:
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    # MARK: - Viewport

    def set_width(self, width: int) -> None:
        # Not "mobile": Chromium's mobile emulation zooms out to fit a page that is too wide, which would hide the
        # very overflow the check looks for. Our pages set `width=device-width`, so a narrow window lays out the same.
        phone = width < 700
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": width,
                "height": PHONE_HEIGHT if phone else DESKTOP_HEIGHT,
                "deviceScaleFactor": 1,
                "mobile": False,
            },
        )

    # MARK: - Finding things

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path.lstrip("/"))

    @property
    def path(self) -> str:
        parsed = urlparse(self.driver.current_url)
        return parsed.path + (("?" + parsed.query) if parsed.query else "")

    def find(self, css: str, within=None):
        try:
            return (within or self.driver).find_element(By.CSS_SELECTOR, css)
        except NoSuchElementException:
            raise StepFailed(f"nothing on {self.path} matches {css!r}") from None

    def find_all(self, css: str, within=None) -> list:
        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def form(self, action_contains: str):
        """The form whose action contains `action_contains` (the first, when there are several)."""
        for form in self.find_all("form"):
            if action_contains in (form.get_attribute("action") or ""):
                return form
        raise StepFailed(f"no form on {self.path} posts to an address containing {action_contains!r}")

    def text(self) -> str:
        return self.find("body").text

    def main_text(self) -> str:
        return self.find("main").text

    def expect_text(self, *phrases: str, where: str = "main") -> None:
        shown = self.find(where).text
        for phrase in phrases:
            if phrase.lower() not in shown.lower():
                raise StepFailed(f"{self.path} does not show {phrase!r}; it shows: {shown[:600]!r}")

    def expect_no_error_page(self) -> None:
        title = self.driver.title
        shown = self.main_text()
        # The error page's title is the status's reason phrase; a refused form's starts with "Error:".
        if ERROR_TITLE.match(title):
            raise StepFailed(f"{self.path} is an error page: {title!r}: {shown[:400]!r}")
        errors = self.find_all("main .flash.error")
        if errors:
            raise StepFailed(f"{self.path} shows a problem: {errors[0].text[:400]!r}")

    def expect_refused(self) -> None:
        """The page shows a form refused as the GOV.UK Design System does: "Error:" in the title, an error summary,
        and each of its links leading to a field on the page."""
        summary = self.find_all("main .flash.error")
        if not summary:
            raise StepFailed(f"the refused form on {self.path} shows no error summary: {self.main_text()[:300]!r}")
        if not self.driver.title.lower().startswith("error"):
            raise StepFailed(f"the refused form's title does not start with 'Error:': {self.driver.title!r}")
        for link in self.find_all('a[href^="#"]', within=summary[0]):
            target = link.get_attribute("href").split("#", 1)[1]
            if not self.find_all(f'[id="{target}"]'):
                raise StepFailed(f"the error summary's link {link.text!r} on {self.path} leads to no field (#{target})")

    def wait_for_load(self) -> None:
        WebDriverWait(self.driver, self.timeout).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )

    # MARK: - Acting

    def get(self, path: str, step: str) -> None:
        self.driver.get(self.url(path))
        self.wait_for_load()
        self.checkpoint(step)

    def fill(self, form, name: str, value: str) -> None:
        """Types `value` into the field `name`. A date field is day, month and year boxes (`name-day`, …, and
        `name-time` for a moment): `value` is given as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` and typed into them as a
        person would. A native date, time or datetime-local input is set as a browser's picker would set it, since
        typing into those depends on the browser's locale."""
        if not self.find_all(f'[name="{name}"]', within=form) and self.find_all(f'[name="{name}-day"]', within=form):
            date, _, time = value.partition("T")
            year, month, day = date.split("-")
            for part, text in (("day", str(int(day))), ("month", str(int(month))), ("year", year), ("time", time)):
                if part == "time" and not time:
                    continue
                box = self.find(f'[name="{name}-{part}"]', within=form)
                box.clear()
                box.send_keys(text)
            return
        field_ = self.find(f'[name="{name}"]', within=form)
        kind = (field_.get_attribute("type") or "").lower()
        tag = field_.tag_name.lower()
        if tag == "select":
            self.choose(form, name, value=value)
            return
        if kind in ("date", "time", "datetime-local", "month", "week"):
            self.driver.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                field_,
                value,
            )
            return
        field_.clear()
        field_.send_keys(value)

    def choose(self, form, name: str, value: str | None = None, label: str | None = None, index: int | None = None):
        """Chooses an option of the select `name` by value, by (part of) its label, or by position."""
        select = Select(self.find(f'select[name="{name}"]', within=form))
        if value is not None:
            select.select_by_value(value)
        elif label is not None:
            for option in select.options:
                if label.lower() in option.text.lower():
                    option.click()
                    break
            else:
                raise StepFailed(f"select {name!r} on {self.path} has no option like {label!r}")
        elif index is not None:
            select.select_by_index(index)
        return select.first_selected_option.text

    def tick(self, form, css: str) -> None:
        box = self.find(css, within=form)
        if not box.is_selected():
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
            try:
                box.click()
            except WebDriverException:
                # A box drawn over by its styled label: click the label, as a person would.
                box_id = box.get_attribute("id")
                label = self.find(f'label[for="{box_id}"]') if box_id else box.find_element(By.XPATH, "./ancestor::label")
                label.click()
        if not box.is_selected():
            raise StepFailed(f"could not tick {css!r} on {self.path}")

    def submit(self, form, step: str, button_text: str | None = None) -> None:
        """Presses the form's submit button (the one saying `button_text`, if given) and checks the page it leads to."""
        buttons = self.find_all('button[type="submit"], input[type="submit"], button:not([type])', within=form)
        if button_text:
            buttons = [b for b in buttons if button_text.lower() in (b.text or b.get_attribute("value") or "").lower()]
        if not buttons:
            raise StepFailed(f"form on {self.path} has no submit button {button_text or ''!r}")
        button = buttons[0]
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        old = self.find("html")
        button.click()
        try:
            WebDriverWait(self.driver, self.timeout).until(lambda d: _stale(old))
        except TimeoutException:
            raise StepFailed(f"pressing {button.text!r} on {self.path} led nowhere") from None
        self.wait_for_load()
        self.checkpoint(step)

    def click_link(self, text: str, step: str, within: str = "main") -> None:
        for link in self.find_all("a", within=self.find(within)):
            if text.lower() in link.text.lower():
                self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
                old = self.find("html")
                try:
                    link.click()
                except WebDriverException:
                    # Covered by something else (a menu scrolled sideways): follow it as a keyboard user would.
                    link.send_keys("\n")
                try:
                    WebDriverWait(self.driver, self.timeout).until(lambda d: _stale(old))
                except TimeoutException:
                    raise StepFailed(f"following {text!r} on {self.path} led nowhere") from None
                self.wait_for_load()
                self.checkpoint(step)
                return
        raise StepFailed(f"no link like {text!r} on {self.path}")

    def open_details(self, element) -> None:
        self.driver.execute_script("arguments[0].open = true;", element)

    def sign_in(self, user: str) -> None:
        self.driver.delete_all_cookies()
        self.get("/sign-in", f"sign-in-page-{user}")
        form = self.form("/sign-in")
        self.fill(form, "username", user)
        self.fill(form, "password", USERS[user])
        self.submit(form, f"signed-in-{user}")
        self.expect_no_error_page()
        if not self.find_all('header form[action="/sign-out"] button'):
            raise StepFailed(f"after signing in as {user}, {self.path} shows no 'Sign out': {self.text()[:300]!r}")

    def signed_in_name(self) -> str:
        """The name the header shows for the person signed in."""
        named = self.find_all("header .who span")
        if named and named[0].text.strip():
            return named[0].text.strip()
        header = self.find("header").text
        return header.split("Sign out")[0].strip().splitlines()[-1].strip()

    def sign_out(self) -> None:
        form = self.find('header form[action="/sign-out"]')
        self.submit(form, "signed-out")
        self.expect_text("You have signed out")

    # MARK: - Checking a page

    def checkpoint(self, step: str) -> None:
        """Screenshot, axe-core and the overflow check of the page now shown, at every width."""
        self.counter += 1
        number = self.counter
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")[:60]
        path = self.path
        for width in self.widths:
            self.set_width(width)
            time.sleep(0.05)
            name = f"{number:02d}-{slug}-{width}.png"
            check = PageCheck(number, step, self.journey, path, width, name)
            try:
                self.screenshot(self.out / name, width)
                check.overflow = self.overflow(width)
                check.scrollers = self.driver.execute_script(SCROLLERS_SCRIPT)
                check.violations = self.axe()
            except (WebDriverException, TimeoutException) as error:
                check.error = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
            self.checks.append(check)
        self.set_width(self.acting_width)

    def screenshot(self, file: Path, width: int) -> None:
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        height = min(int(size["height"]) + 1, MAX_SCREENSHOT_HEIGHT)
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": max(width, int(size["width"])), "height": height, "scale": 1},
            },
        )
        file.write_bytes(base64.b64decode(shot["data"]))

    def overflow(self, width: int) -> dict | None:
        """None when the page fits the viewport's width; else how far it overflows and the widest elements."""
        return self.driver.execute_script(OVERFLOW_SCRIPT, width)

    def axe(self) -> list:
        if not self.driver.execute_script("return typeof window.axe === 'object'"):
            self.driver.execute_script(self.axe_source)
        result = self.driver.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
              .then(r => done({violations: r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
                  nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 300),
                                            summary: (n.failureSummary || '').slice(0, 400)}))}))}))
              .catch(e => done({error: String(e)}));
            """,
            AXE_TAGS + INFO_TAGS,
        )
        if "error" in result:
            raise WebDriverException(f"axe-core failed: {result['error']}")
        for violation in result["violations"]:
            violation["wcag"] = any(tag in AXE_TAGS for tag in violation["tags"])
        return result["violations"]


def _stale(element) -> bool:
    try:
        element.tag_name
        return False
    except WebDriverException:
        return True


# Whether the page is wider than the viewport, and the elements that stick out furthest (for finding the cause).
OVERFLOW_SCRIPT = r"""
const doc = document.documentElement;
// The width asked for, and the window's own: an emulated viewport and innerWidth can disagree.
const viewport = Math.min(arguments[0], window.innerWidth);
if (doc.scrollWidth <= viewport) return null;
function selector(el) {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 5; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(part + '#' + e.id); break; }
    if (e.classList.length) part += '.' + Array.from(e.classList).slice(0, 2).join('.');
    parts.unshift(part);
  }
  return parts.join(' > ');
}
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= viewport + 1) continue;
  // Only the outermost element that sticks out, not every descendant of it.
  const parent = el.parentElement;
  if (parent && parent !== document.body && parent.getBoundingClientRect().right > viewport + 1) continue;
  let scroller = false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const s = getComputedStyle(p);
    if ((s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') &&
        p.getBoundingClientRect().right <= viewport + 1) { scroller = true; break; }
  }
  if (scroller) continue;
  wide.push({selector: selector(el), right: Math.round(r.right), width: Math.round(r.width),
             text: (el.innerText || el.value || '').trim().slice(0, 80)});
}
wide.sort((a, b) => b.right - a.right);
return {scrollWidth: doc.scrollWidth, innerWidth: viewport, by: doc.scrollWidth - viewport, widest: wide.slice(0, 5)};
"""


# The elements that scroll sideways within the page, with how much of them is hidden.
SCROLLERS_SCRIPT = r"""
function selector(el) {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(part + '#' + e.id); break; }
    if (e.classList.length) part += '.' + Array.from(e.classList).slice(0, 2).join('.');
    parts.unshift(part);
  }
  return parts.join(' > ');
}
const found = [];
for (const el of document.body.querySelectorAll('*')) {
  const s = getComputedStyle(el);
  if (s.overflowX !== 'auto' && s.overflowX !== 'scroll') continue;
  if (el.scrollWidth <= el.clientWidth + 1) continue;
  found.push({selector: selector(el), scrollWidth: el.scrollWidth, clientWidth: el.clientWidth});
}
return found;
"""


# MARK: - Journeys


def now_london() -> dt.datetime:
    """Now on London's clock, as the forms' dates and times are (UTC where the machine has no time zone data)."""
    try:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo("Europe/London"))
    except Exception:  # no tzdata: UTC is at most an hour off, and the journeys only need a time in the past
        return dt.datetime.now(dt.timezone.utc)


def today_london() -> dt.date:
    return now_london().date()


def journey_sign_in_out(b: Browser) -> None:
    """Sign in with a wrong password (refused), then the right one; the home page; sign out."""
    b.driver.delete_all_cookies()
    b.get("/", "anonymous-home-redirects-to-sign-in")
    if not b.path.startswith("/sign-in"):
        raise StepFailed(f"an anonymous visit to / landed on {b.path}, not the sign-in page")
    form = b.form("/sign-in")
    b.fill(form, "username", "investigator")
    b.fill(form, "password", "not-the-password")
    b.submit(form, "sign-in-refused")
    if not b.find_all("main .flash.error, main [role=alert]"):
        raise StepFailed(f"a wrong password shows no problem on {b.path}: {b.main_text()[:300]!r}")
    b.sign_in("investigator")
    if b.path.split("?")[0] != "/":
        raise StepFailed(f"signing in went to {b.path}, not the home page")
    b.expect_text("Sign out", where="header")
    b.sign_out()
    b.get("/crimes", "signed-out-crimes-needs-sign-in")
    if not b.path.startswith("/sign-in"):
        raise StepFailed(f"after signing out, /crimes showed {b.path} instead of the sign-in page")


def journey_allocate_and_accept(b: Browser) -> None:
    """The allocator proposes allocations for Central East's queue and accepts one proposal; then chooses the
    demo investigator by hand for another crime; the investigator finds it in their caseload and takes it on
    (status: under investigation)."""
    # Who the investigator is: the header names the officer their account belongs to ("DC Laura Shah").
    b.sign_in("investigator")
    officer = b.signed_in_name()
    officer_name = re.sub(r"^(?:[A-Z]{1,4}\s)+", "", officer) or officer
    b.sign_out()

    b.sign_in("allocator")
    b.click_link("Allocation", "allocation-queue", within="nav")
    b.expect_text("Allocation queue")
    # The investigator works in Central East (CE): narrow the queue to it, so the crime can be theirs.
    form = b.find("main form.filters")
    b.choose(form, "bcu", value="CE")
    b.submit(form, "allocation-queue-central-east")
    b.expect_text("awaiting allocation")
    b.submit(b.form("/allocation/propose"), "allocator-run-proposed")
    b.expect_no_error_page()
    b.expect_text("Proposed allocations")
    run_path = urlparse(b.driver.current_url).path
    open_ids = [x.get_attribute("value") for x in b.find_all('input[type="checkbox"][name="crime[]"]')]
    if not open_ids:
        raise StepFailed(f"the run {b.path} has no open proposal: {b.main_text()[:400]!r}")

    def reference_of(crime_id: str) -> str:
        row = b.find(f"#accept-{crime_id}").find_element(By.XPATH, "./ancestor::tr")
        return row.find_element(By.CSS_SELECTOR, f'a[href="/crimes/{crime_id}"]').text.strip()

    if len(open_ids) > 1:
        # Accept the allocator's proposal for the first crime, as proposed.
        accepted, reference = open_ids[0], reference_of(open_ids[0])
        b.tick(b.driver, f"#accept-{accepted}")
        b.submit(b.find("form#accept-selected"), "proposal-accepted")
        b.expect_text("Allocated 1 crime")
        b.get(f"/crimes/{accepted}", "accepted-crime-as-allocator")
        b.expect_text(reference, "Allocated")
        b.get(run_path, "allocator-run-after-acceptance")
    # Choose the investigator by hand for the last open proposal.
    chosen = open_ids[-1]
    reference = reference_of(chosen)
    b.get(f"/allocation/crimes/{chosen}/override", "choose-the-officer")
    form = b.form(f"/allocation/crimes/{chosen}/override")
    b.choose(form, "officer", label=officer_name)
    b.choose(form, "reason", value="local_knowledge")
    b.fill(form, "detail", "Knows the area well (browser journey).")
    b.submit(form, "allocated-to-chosen-officer")
    b.expect_no_error_page()
    b.expect_text("The crime was allocated to the officer you chose")
    b.sign_out()

    b.sign_in("investigator")
    b.click_link("My caseload", "investigator-caseload", within="nav")
    b.expect_text(reference)
    b.click_link(reference, "allocated-crime-as-investigator")
    b.expect_text(reference, "Allocated", officer_name)
    form = b.form(f"/crimes/{chosen}/status")
    b.choose(form, "status", value="under_investigation")
    b.submit(form, "crime-taken-on")
    b.expect_no_error_page()
    b.expect_text("The status has been changed", "Under investigation")
    b.sign_out()


def journey_rso_visit(b: Browser) -> None:
    """The offender manager opens a registered offender from their caseload and records an unannounced visit."""
    b.sign_in("offender-manager")
    b.click_link("Offenders", "offender-caseload", within="nav")
    links = [a for a in b.find_all('main a[href*="/offenders/rso/"]') if re.search(r"/offenders/rso/\d+$", a.get_attribute("href") or "")]
    if not links:
        raise StepFailed(f"the offender manager's caseload {b.path} lists no offender: {b.main_text()[:400]!r}")
    name = links[0].text.strip()
    b.driver.get(links[0].get_attribute("href"))
    b.wait_for_load()
    if b.find_all('form[method="get"] textarea[name="reason"]'):
        # Not in the caseload after all: say why, as the page asks.
        form = b.find('main form[method="get"]')
        b.fill(form, "reason", "Browser journey: recording the planned home visit")
        b.submit(form, "rso-record-reason-given")
    else:
        b.checkpoint("rso-record")
    b.expect_no_error_page()
    before = len(b.find_all("main table tbody tr"))
    form = b.form("/visits")
    # Yesterday morning: a visit is in the past whatever time of day the journey runs.
    b.fill(form, "visited_on", (today_london() - dt.timedelta(days=1)).isoformat())
    b.fill(form, "time", "10:30")
    b.choose(form, "announced", value="no")
    b.choose(form, "outcome", value="seen")
    b.fill(form, "concerns", "Browser journey visit: nothing of concern found.")
    b.submit(form, "rso-visit-recorded")
    b.expect_no_error_page()
    b.expect_text("Visit recorded", "Browser journey visit")
    if len(b.find_all("main table tbody tr")) <= before:
        raise StepFailed(f"{name}'s record shows no new row after recording a visit")
    b.sign_out()


def journey_finding_evidence(b: Browser) -> None:
    """The performance lead takes a finding in progress, adds an indicator as evidence, and moves it to
    "evidence submitted"."""
    b.sign_in("performance")
    b.click_link("Inspection", "inspection-dashboard", within="nav")
    b.get("/inspection/findings?open=1", "open-findings")
    rows = b.find_all("main table tbody tr")
    target = None
    for row in rows:
        if "In progress" in row.text:
            target = row
            break
    if target is None:
        for row in rows:
            if re.search(r"\bOpen\b", row.text):
                target = row
                break
    if target is None:
        raise StepFailed(f"no open or in-progress finding on {b.path}: {b.main_text()[:400]!r}")
    href = target.find_element(By.CSS_SELECTOR, 'a[href*="/inspection/findings/"]').get_attribute("href")
    finding_path = urlparse(href).path
    b.get(finding_path, "finding")
    status_form = b.form(finding_path + "/status")
    options = [o.get_attribute("value") for o in Select(b.find('select[name="status"]', within=status_form)).options]
    if "in-progress" in options and "evidence-submitted" not in options:
        b.choose(status_form, "status", value="in-progress")
        b.fill(status_form, "reason", "Work on the finding has started (browser journey).")
        b.submit(status_form, "finding-in-progress")
        b.expect_text("Status changed")
    form = b.form(finding_path + "/evidence")
    b.choose(form, "kind", value="indicator")
    indicator = b.choose(form, "indicator", index=1)
    b.fill(form, "target", "5")
    b.fill(form, "text", "Browser journey: the indicator shows the change is working.")
    b.submit(form, "finding-indicator-evidence-added")
    b.expect_no_error_page()
    b.expect_text("Evidence added", indicator)
    status_form = b.form(finding_path + "/status")
    b.choose(status_form, "status", value="evidence-submitted")
    b.fill(status_form, "reason", "Evidence sent to the inspectorate (browser journey).")
    b.submit(status_form, "finding-evidence-submitted")
    b.expect_no_error_page()
    b.expect_text("Status changed", "Evidence submitted")
    b.sign_out()


def journey_dash(b: Browser) -> None:
    """Public protection completes a DASH on a domestic abuse crime that has none; the crime leaves the list of
    those without one."""
    b.sign_in("public-protection")
    b.click_link("Safeguarding", "safeguarding", within="nav")
    rows = b.find_all("#missing table tbody tr")
    # A crime first; an incident when the crimes have all had theirs (a database the journeys have run on before:
    # run.sh makes a fresh one).
    crimes = [r for r in rows if re.search(r"\bcrime\b", r.text, re.IGNORECASE)] or rows
    if not crimes:
        raise StepFailed(
            f"{b.path} lists no domestic abuse crime without a DASH (use a fresh demo database): "
            f"{b.main_text()[-600:]!r}"
        )
    link = b.find('a[href$="/dash"]', within=crimes[0])
    reference = link.text.strip()
    b.click_link(reference, "dash-form")
    # Sent with nothing answered, the form is refused with an error summary whose links lead to the questions.
    b.submit(b.find("main form.dash-form"), "dash-refused-unanswered")
    b.expect_refused()
    form = b.find("main form.dash-form")
    victim = Select(b.find('select[name="person_id"]', within=form)).first_selected_option.text
    names = {r.get_attribute("name") for r in b.find_all('input[type="radio"][name^="q"]', within=form)}
    if not names:
        raise StepFailed(f"the DASH form on {b.path} has no questions")
    for name in sorted(names, key=lambda n: int(n[1:])):
        # Yes to the first five questions (so the score means something), no to the rest.
        wanted = "Y" if int(name[1:]) <= 5 else "N"
        radio = b.find(f'input[type="radio"][name="{name}"][value="{wanted}"]', within=form)
        b.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
        try:
            radio.click()
        except WebDriverException:
            b.find(f'label[for="{radio.get_attribute("id")}"]').click()
        if not radio.is_selected():
            raise StepFailed(f"could not answer {name} on {b.path}")
    b.submit(form, "dash-completed")
    b.expect_no_error_page()
    b.expect_text("The DASH is completed", victim, "5 of 27 answered yes")
    b.click_link("Safeguarding", "safeguarding-after-dash", within="nav")
    missing = b.find_all("#missing")
    if missing and reference in missing[0].text:
        raise StepFailed(f"{reference} is still listed without a DASH on {b.path}")
    b.sign_out()


def label_of(b: Browser, box) -> str:
    """The text of a checkbox's label: the label around it, or the one naming its id."""
    around = box.find_elements(By.XPATH, "./ancestor::label[1]")
    if around:
        return around[0].text
    box_id = box.get_attribute("id")
    named = b.find_all(f'label[for="{box_id}"]') if box_id else []
    return named[0].text if named else ""


def journey_victim_key_event(b: Browser) -> None:
    """The investigator records a key event on one of their investigations and tells the victim of it."""
    b.sign_in("investigator")
    b.click_link("My work", "my-work", within="nav")
    # The paths are read before any is opened: opening one leaves the list's elements stale.
    paths = [
        path
        for path in (urlparse(a.get_attribute("href") or "").path for a in b.find_all('main a[href*="/investigation"]'))
        if re.search(r"/crimes/\d+/investigation$", path)
    ]
    if not paths:
        raise StepFailed(f"{b.path} lists no investigation: {b.main_text()[:400]!r}")
    investigation = None
    for path in dict.fromkeys(paths):
        b.get(path, "investigation")
        # A victim who asked not to be contacted is owed no update, so the journey needs one who did not.
        if (
            b.find_all(f'form[action$="{path}/key-events"]')
            and b.find_all('main a[href*="/investigation/victims/"]')
            and "asked not to be contacted" not in b.main_text()
        ):
            investigation = path
            break
    if investigation is None:
        raise StepFailed("none of the investigator's investigations has a victim to contact and a key-event form")
    form = b.form(investigation + "/key-events")
    event = b.choose(form, "event", index=0)
    occurred = now_london().replace(second=0, microsecond=0) - dt.timedelta(hours=1)
    b.fill(form, "occurred_at", occurred.strftime("%Y-%m-%dT%H:%M"))
    b.submit(form, "key-event-recorded")
    b.expect_no_error_page()
    b.expect_text("The key event is recorded")
    victim = urlparse(b.find('main a[href*="/investigation/victims/"]').get_attribute("href")).path
    b.get(victim, "victim")
    form = b.form(victim + "/contacts")
    # Each outstanding key event is a box labelled "<event>, <when>" (e.g. "Suspect arrested, 5 Dec 2026 21:11").
    when = f"{occurred.day} {occurred:%b %Y %H:%M}"
    boxes = b.find_all('input[type="checkbox"][name="told[]"]', within=form)
    box = next((x for x in boxes if f"{event}, {when}".lower() in label_of(b, x).lower()), None)
    if box is None:
        labels = [label_of(b, x) for x in boxes]
        raise StepFailed(f"the victim page {b.path} offers no box for {event}, {when} to tell the victim of: {labels}")
    b.tick(form, f'input[name="told[]"][value="{box.get_attribute("value")}"]')
    b.fill(form, "summary", "Told the victim of the key event by phone (browser journey).")
    b.submit(form, "victim-told-of-key-event")
    b.expect_no_error_page()
    b.expect_text("The contact is logged")
    table = next(
        (t for t in b.find_all("main table") if "Key event" in t.text and "Told" in t.text), None
    )
    if table is None:
        raise StepFailed(f"{b.path} shows no table of key events")
    row = next((r for r in b.find_all("tbody tr", within=table) if event in r.text and when in r.text), None)
    cells = row.find_elements(By.CSS_SELECTOR, "td") if row is not None else []
    # The last column, "Told", holds when the victim was told (a date), or says it is still due.
    if not cells or not re.search(r"\d{4}", cells[-1].text):
        raise StepFailed(f"the key event {event!r} is not shown as told on {b.path}: {table.text[:400]!r}")
    b.sign_out()


def journey_indicator_map_and_search(b: Browser) -> None:
    """The performance lead opens an indicator from the dashboard (its trend, the BCUs compared, London's map),
    follows a BCU on the map to its dashboard, and uses the search box in the header."""
    b.sign_in("performance")
    b.click_link("Inspection", "inspection-dashboard", within="nav")
    paths = [
        urlparse(a.get_attribute("href") or "").path for a in b.find_all('main a[href*="/inspection/indicators/"]')
    ]
    paths = [p for p in paths if re.search(r"/inspection/indicators/[^/]+$", p)]
    if not paths:
        raise StepFailed(f"the dashboard {b.path} links to no indicator's page")
    b.get(paths[0], "indicator")
    b.expect_no_error_page()
    b.expect_text("The last 12 months", "The BCUs compared", "where in London")
    # An SVG link's href property is an SVGAnimatedString: read the attribute itself.
    bcu = [urlparse(a.get_dom_attribute("href") or "") for a in b.find_all('main figure a[href*="/inspection?bcu="]')]
    if not bcu:
        raise StepFailed(f"the map on {b.path} links to no BCU's dashboard")
    b.get(bcu[0].path + "?" + bcu[0].query, "bcu-dashboard")
    b.expect_no_error_page()
    form = b.form("/search")
    b.fill(form, "q", "burglary")
    b.submit(form, "search")
    b.expect_no_error_page()
    b.expect_text("Search")
    b.sign_out()


JOURNEYS = [
    ("sign in and out", "investigator", journey_sign_in_out),
    ("allocate a crime and take it on", "allocator, investigator", journey_allocate_and_accept),
    ("record an RSO visit", "offender-manager", journey_rso_visit),
    ("finding: indicator as evidence, evidence submitted", "performance", journey_finding_evidence),
    ("record a DASH", "public-protection", journey_dash),
    ("tell a victim of a key event", "investigator", journey_victim_key_event),
    ("an indicator's trend and map; the search box", "performance", journey_indicator_map_and_search),
]


# MARK: - Report


def summarise(checks: list[PageCheck], results: list[JourneyResult], report_only: bool) -> tuple[str, bool]:
    lines: list[str] = []
    lines.append("== journeys ==")
    for r in results:
        lines.append(f"{'ok  ' if r.ok else 'FAIL'} {r.name} ({r.user}; {len(r.steps)} pages, {r.seconds:.1f} s)")
        if r.error:
            lines.extend("     " + line for line in r.error.splitlines()[:6])
    wcag = [(c, v) for c in checks for v in c.violations if v.get("wcag")]
    failing = [(c, v) for c, v in wcag if v.get("impact") in FAILING_IMPACTS]
    other = [(c, v) for c, v in wcag if v.get("impact") not in FAILING_IMPACTS]
    practice = [(c, v) for c in checks for v in c.violations if not v.get("wcag")]
    overflows = [c for c in checks if c.overflow]
    errors = [c for c in checks if c.error]

    def violation_line(c: PageCheck, v: dict) -> str:
        first = v["nodes"][0]["target"] if v["nodes"] else []
        first_text = " ".join(str(t) for t in first)
        return (
            f"{c.number:02d} {c.path} @{c.width}: {v['id']} [{v.get('impact')}] x{len(v['nodes'])} "
            f"first: {first_text[:120]}"
        )

    lines.append("")
    lines.append(f"== axe-core: serious or critical ({len(failing)}) ==")
    for c, v in sorted(failing, key=lambda cv: (IMPACT_ORDER.get(cv[1].get("impact"), 9), cv[0].number, cv[0].width)):
        lines.append(violation_line(c, v))
    lines.append("")
    lines.append(f"== axe-core: moderate or minor ({len(other)}) ==")
    for c, v in sorted(other, key=lambda cv: (cv[0].number, cv[0].width)):
        lines.append(violation_line(c, v))
    lines.append("")
    lines.append(f"== axe-core best practices, for information ({len(practice)}) ==")
    for c, v in sorted(practice, key=lambda cv: (IMPACT_ORDER.get(cv[1].get("impact"), 9), cv[0].number, cv[0].width)):
        lines.append(violation_line(c, v))
    lines.append("")
    lines.append(f"== horizontal overflow ({len(overflows)}) ==")
    for c in overflows:
        o = c.overflow
        widest = "; ".join(f"{w['selector']} (right {w['right']})" for w in o["widest"][:2])
        lines.append(f"{c.number:02d} {c.path} @{c.width}: {o['scrollWidth']} > {o['innerWidth']} by {o['by']} px: {widest}")
    scrolling = [c for c in checks if c.scrollers]
    lines.append("")
    lines.append(f"== regions scrolling sideways, for information ({len(scrolling)} page views) ==")
    for c in scrolling:
        parts = "; ".join(f"{x['selector']} ({x['scrollWidth']} in {x['clientWidth']})" for x in c.scrollers[:3])
        lines.append(f"{c.number:02d} {c.path} @{c.width}: {parts}")
    if errors:
        lines.append("")
        lines.append(f"== page checks that could not run ({len(errors)}) ==")
        for c in errors:
            lines.append(f"{c.number:02d} {c.path} @{c.width}: {c.error}")
    by_rule: dict[str, set] = {}
    for c, v in failing + other + practice:
        kind = "" if v.get("wcag") else " (best practice)"
        by_rule.setdefault(f"{v['id']} [{v.get('impact')}]{kind}", set()).add(c.path.split("?")[0])
    lines.append("")
    lines.append("== rules by number of pages ==")
    for rule, paths in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"{rule}: {len(paths)} page addresses")
    journeys_ok = all(r.ok for r in results)
    pages_ok = not failing and not overflows and not errors
    lines.append("")
    lines.append(
        f"pages checked: {len({c.number for c in checks})} ({len(checks)} page views); "
        f"journeys: {sum(r.ok for r in results)} of {len(results)} ok; "
        f"serious/critical violations: {len(failing)}; overflows: {len(overflows)}"
        + (" (report only: these do not fail the run)" if report_only and not pages_ok else "")
    )
    passed = journeys_ok and (pages_ok or report_only)
    return "\n".join(lines), passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8080", help="where the demo is served")
    parser.add_argument("--out", default="/tmp/bluelamp-browser", help="screenshots, axe.json and summary.txt")
    parser.add_argument("--widths", default="1366,390", help="viewport widths in CSS pixels, comma-separated")
    parser.add_argument("--axe", default=os.environ.get("BLUELAMP_AXE_JS", ""), help="path to axe.min.js")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for a page or for axe-core")
    parser.add_argument("--only", default="", help="run only the journeys whose names contain this text")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="print violations and overflows but exit 0 on them (a failing journey still exits 1)",
    )
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    widths = [int(w) for w in args.widths.split(",") if w.strip()]
    axe_path = Path(args.axe) if args.axe else Path(__file__).with_name("axe.min.js")
    if not axe_path.is_file():
        print(f"axe-core not found at {axe_path}: give --axe or BLUELAMP_AXE_JS", file=sys.stderr)
        return 2
    browser = Browser(args.base_url, out, widths, axe_path.read_text(encoding="utf-8"), args.timeout)
    results: list[JourneyResult] = []
    try:
        for name, user, run in JOURNEYS:
            if args.only and args.only.lower() not in name.lower():
                continue
            result = JourneyResult(name, user)
            browser.journey = name
            first = browser.counter
            start = time.monotonic()
            print(f"-- {name} ({user})", flush=True)
            try:
                run(browser)
            except StepFailed as error:
                result.ok, result.error = False, str(error)
            except Exception as error:  # a crash in a journey is a failed journey, reported with where it was
                result.ok = False
                result.error = f"{type(error).__name__}: {error}\n" + traceback.format_exc(limit=3)
            if not result.ok:
                browser.counter += 1
                wide = browser.acting_width
                failed = f"{browser.counter:02d}-FAILED-{re.sub(r'[^a-z0-9]+', '-', name.lower())}-{wide}.png"
                try:
                    browser.set_width(wide)
                    browser.screenshot(out / failed, wide)
                    result.error += f"\n(screenshot {failed}, at {browser.path})"
                except WebDriverException:
                    pass
                print(f"   FAILED: {result.error.splitlines()[0]}", flush=True)
            result.seconds = time.monotonic() - start
            result.steps = [c.step for c in browser.checks if c.number > first and c.width == widths[0]]
            results.append(result)
            browser.driver.delete_all_cookies()
    finally:
        browser.quit()
    summary, passed = summarise(browser.checks, results, args.report_only)
    (out / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    (out / "axe.json").write_text(
        json.dumps(
            {
                "journeys": [r.__dict__ for r in results],
                "pages": [c.__dict__ for c in browser.checks],
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    print(summary)
    print(f"screenshots, axe.json and summary.txt in {out}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
