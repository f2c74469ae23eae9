"""What axe cannot see (WCAG 2.2 AA): a focus indicator of at least 3:1 over at least 2 CSS px
on every control, pages that reflow at 320 CSS px without clipping, targets of 24 px at phone
widths, and a way past the marking queue's filters."""

import io

import pytest
from PIL import Image

from assessment.models import Submission
from certificates.models import Certificate
from tests.browser.helpers import sign_in

PHONE = {"width": 320, "height": 720}


def _linear(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


LINEAR = [_linear(value) for value in range(256)]


def _luminance(pixel):
    red, green, blue = pixel[:3]
    return 0.2126 * LINEAR[red] + 0.7152 * LINEAR[green] + 0.0722 * LINEAR[blue]


def _contrast(one, other):
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _shot(page, clip):
    return Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")


MARGIN = 6  # CSS px measured outside the control; and 6 inside, where a ring may also sit
MOST_TAB_STOPS = 400


def _frame(image, edges):
    """The strips along the edges of a clip where a focus ring is drawn, for the edges on
    screen (a control taller or wider than the window shows only some)."""
    width, height = image.size
    depth = min(MARGIN + 6, width // 2, height // 2)
    boxes = {
        "top": (0, 0, width, depth),
        "bottom": (0, height - depth, width, height),
        "left": (0, depth, depth, height - depth),
        "right": (width - depth, depth, width, height - depth),
    }
    return [image.crop(boxes[edge]) for edge in edges]


def _pixels_changed_by_3_to_1(focused, unfocused, edges):
    return sum(
        1
        for one, other in zip(_frame(focused, edges), _frame(unfocused, edges), strict=True)
        for a, b in zip(one.get_flattened_data(), other.get_flattened_data(), strict=True)
        if a != b and _contrast(a, b) >= 3
    )


def _measure_focus(page, element):
    """Pixels changed by 3:1 when `element` (focused from the keyboard) loses focus, and the
    least a 2 px ring along its edges on screen would change; None when it is not on screen."""
    element.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    box = element.bounding_box()
    if not box or box["width"] < 2 or box["height"] < 2:
        return None
    viewport = page.viewport_size
    left, top = box["x"] - MARGIN, box["y"] - MARGIN
    right, bottom = box["x"] + box["width"] + MARGIN, box["y"] + box["height"] + MARGIN
    on_screen = {
        "top": top >= 0,
        "bottom": bottom <= viewport["height"],
        "left": left >= 0,
        "right": right <= viewport["width"],
    }
    left, top = max(left, 0), max(top, 0)
    right, bottom = min(right, viewport["width"]), min(bottom, viewport["height"])
    if right - left < 2 * MARGIN or bottom - top < 2 * MARGIN:
        return None  # not on screen (a visually hidden control)
    edges = [edge for edge, shown in on_screen.items() if shown]
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    focused = _shot(page, clip)
    element.evaluate("e => e.blur()")
    unfocused = _shot(page, clip)
    # Back to it: after a keyboard move, focus() shows :focus-visible as Tab would.
    assert element.evaluate("e => { e.focus(); return e.matches(':focus-visible'); }")
    lengths = {
        "top": right - left - 2 * MARGIN,
        "bottom": right - left - 2 * MARGIN,
        "left": bottom - top - 2 * MARGIN,
        "right": bottom - top - 2 * MARGIN,
    }
    # 2 px along each edge on screen, less a fifth for anti-aliased corners and a text caret
    # (a control without a ring changes next to nothing: the test failed at 0 px).
    band = 0.8 * 2 * sum(lengths[edge] for edge in edges)
    return _pixels_changed_by_3_to_1(focused, unfocused, edges), band


def _focus_ring_problems(page):
    """Tab through the whole page, every control; for each, the pixels round it that change by
    3:1 or more when it takes focus must cover at least a 2 px band."""
    problems, measured, first, previous = [], 0, None, None
    # No transitions, and no smooth scrolling (Bootstrap's): a scroll the Tab key started
    # would still move the page while the screenshots are taken.
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; } "
        ":root { scroll-behavior: auto !important; }"
    )
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(MOST_TAB_STOPS):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("document.activeElement")
        if element.evaluate("(e, first) => e === document.body || e === first", first):
            break  # past the last control, or round to the first again
        if element.evaluate("(e, previous) => e === previous", previous):
            continue  # the day, month and year of one date field are one control
        first, previous = first or element, element
        measure = _measure_focus(page, element)
        if measure is None:
            continue
        changed, band = measure
        measured += 1
        if changed < band:
            name = element.evaluate("e => e.outerHTML.slice(0, 90)")
            problems.append(f"{page.url}: {name} ({changed} px changed, {band:.0f} needed)")
    else:
        raise AssertionError(f"{page.url}: more than {MOST_TAB_STOPS} Tab stops")
    assert measured, f"{page.url}: no control reached with the Tab key"
    return measured, problems


def _marking_form():
    script = Submission.objects.filter(marker__email="tutor@example.org").first()
    return f"/admin/assessment/submission/{script.pk}/change/"


FOCUS_PAGES = {
    "sign-in": (None, "/accounts/login/"),
    "register": (None, "/accounts/register/"),
    "student-dashboard": ("student@example.org", "/dashboard/"),
    "funnel-report": ("commissioner@example.org", "/reports/funnel/"),
    "oversight-reviews": ("quality@example.org", "/oversight/reviews/"),
    "oversight-dashboard": ("kpog@example.org", "/oversight/"),
    "marking-queue": ("tutor@example.org", "/admin/assessment/submission/"),
    "marking-form": ("tutor@example.org", _marking_form),
    "enrolments": ("admin@example.org", "/admin/enrolment/enrolment/"),
}


@pytest.mark.parametrize(("email", "path"), FOCUS_PAGES.values(), ids=FOCUS_PAGES.keys())
def test_every_control_shows_focus_at_3_to_1_over_2_px(live_server, demo_data, page, email, path):
    if email:
        sign_in(page, live_server.url, email, lambda url: "/accounts/login/" not in url)
    page.goto(live_server.url + (path() if callable(path) else path))
    measured, problems = _focus_ring_problems(page)
    assert problems == []
    print(f"{page.url}: {measured} controls measured")


def _overflow_problems(page):
    """Sideways scrolling of the page, and elements that clip content without a scrollbar."""
    return page.evaluate(
        """() => {
        const problems = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth + 1)
            problems.push(`the page scrolls sideways: ${root.scrollWidth} px`);
        for (const element of document.querySelectorAll("body *")) {
            const style = getComputedStyle(element);
            const clips = ["hidden", "clip"].includes(style.overflowX);
            const tiny = element.clientWidth <= 2 || element.closest(".visually-hidden, .sr-only");
            if (clips && !tiny && element.scrollWidth > element.clientWidth + 2)
                problems.push(`clipped: ${element.tagName}.${element.className} `
                    + `${element.scrollWidth}/${element.clientWidth}`);
        }
        return problems;
    }"""
    )


def _reflow_pages():
    script = Submission.objects.filter(marker__email="tutor@example.org").first()
    certificate = Certificate.objects.first()
    return [
        (None, "/"),
        ("student@example.org", "/dashboard/"),
        ("quality@example.org", "/oversight/"),
        ("quality@example.org", "/oversight/reviews/"),
        ("quality@example.org", "/oversight/actions/"),
        ("commissioner@example.org", "/reports/funnel/?group_by=organisation"),
        ("tutor@example.org", f"/admin/assessment/submission/{script.pk}/change/"),
        ("admin@example.org", f"/admin/certificates/certificate/{certificate.pk}/change/"),
    ]


def _open_each_reflow_page(page, live_server):
    """Open each page of the reflow set as its role; yields its path once it is open."""
    for email, path in _reflow_pages():
        page.context.clear_cookies()
        if email:
            sign_in(page, live_server.url, email, lambda url: "/accounts/login/" not in url)
        page.goto(live_server.url + path)
        yield path


def test_pages_reflow_at_320_px_without_clipping_and_keep_their_targets(
    live_server, demo_data, page, assert_accessible
):
    page.set_viewport_size(PHONE)
    problems = []
    for path in _open_each_reflow_page(page, live_server):
        problems += [f"{path}: {problem}" for problem in _overflow_problems(page)]
        assert_accessible(page)  # axe at this width: target size among the rest
    assert problems == []


def test_date_hierarchy_links_are_big_enough_at_phone_width(
    live_server, demo_data, page, assert_accessible
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "admin@example.org", "/admin/")
    page.goto(live_server.url + "/admin/enrolment/enrolment/")
    for link in page.locator("ul.toplinks a").all():
        box = link.bounding_box()
        assert box["height"] >= 24, link.inner_text()
    assert_accessible(page)


def test_the_marking_queue_offers_a_way_past_its_filters(live_server, demo_data, page):
    sign_in(page, live_server.url, "tutor@example.org", "/admin/")
    page.goto(live_server.url + "/admin/assessment/submission/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Skip the filters to the results":
            break
    assert page.evaluate("document.activeElement.textContent") == "Skip the filters to the results"
    page.keyboard.press("Enter")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#result_list')"):
            break
    assert page.evaluate("!!document.activeElement.closest('#result_list')")


TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


def test_pages_keep_their_content_with_text_spacing_and_at_200_percent_zoom(
    live_server, demo_data, page
):
    """1.4.12 Text Spacing, and 1.4.4 Resize Text (200% zoom is a 640 px wide viewport at
    twice the size, as browsers do it)."""
    page.set_viewport_size({"width": 640, "height": 720})
    problems = []
    for path in _open_each_reflow_page(page, live_server):
        page.add_style_tag(content=TEXT_SPACING)
        problems += [f"{path}: {problem}" for problem in _overflow_problems(page)]
    assert problems == []
