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


def _luminance(pixel):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in pixel[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(one, other):
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _shot(page, clip):
    return Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")


def _focus_ring_problems(page, tab_stops=25):
    """Tab through the page; for each control, the pixels around it that change by 3:1 or more
    when it takes focus must cover at least a 2 px band round it."""
    problems, measured = [], 0
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(tab_stops):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("document.activeElement")
        if element.evaluate("e => e === document.body"):
            break
        element.evaluate("e => e.scrollIntoView({block: 'center'})")
        box = element.bounding_box()
        if not box or box["width"] < 2 or box["height"] < 2:
            continue
        viewport = page.viewport_size
        left, top = max(box["x"] - 6, 0), max(box["y"] - 6, 0)
        right = min(box["x"] + box["width"] + 6, viewport["width"])
        bottom = min(box["y"] + box["height"] + 6, viewport["height"])
        if right - left < 2 or bottom - top < 2:
            continue  # not on screen (a visually hidden control)
        clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
        focused = _shot(page, clip)
        element.evaluate("e => e.blur()")
        unfocused = _shot(page, clip)
        page.keyboard.press("Shift+Tab")  # back to it, from the keyboard (:focus-visible)
        page.keyboard.press("Tab")
        changed = sum(
            1
            for a, b in zip(
                focused.get_flattened_data(), unfocused.get_flattened_data(), strict=True
            )
            if _contrast(a, b) >= 3
        )
        # 2 px all round what is on screen, less a fifth for anti-aliased corners and a text
        # caret (a control without a ring changes next to nothing: the test failed at 0 px).
        band = 0.8 * 2 * 2 * ((right - left - 12) + (bottom - top - 12))
        measured += 1
        if changed < band:
            name = element.evaluate("e => e.outerHTML.slice(0, 90)")
            problems.append(f"{page.url}: {name} ({changed} px changed, {band:.0f} needed)")
    assert measured, f"{page.url}: no control reached with the Tab key"
    return problems


FOCUS_PAGES = [
    (None, "/accounts/login/"),
    (None, "/accounts/register/"),
    ("student@example.org", "/dashboard/"),
    ("commissioner@example.org", "/reports/funnel/"),
    ("quality@example.org", "/oversight/reviews/"),
    ("kpog@example.org", "/oversight/"),
    ("tutor@example.org", "/admin/assessment/submission/"),
    ("admin@example.org", "/admin/enrolment/enrolment/"),
]


@pytest.mark.parametrize(("email", "path"), FOCUS_PAGES)
def test_every_control_shows_focus_at_3_to_1_over_2_px(live_server, demo_data, page, email, path):
    if email:
        sign_in(page, live_server.url, email, lambda url: "/accounts/login/" not in url)
    page.goto(live_server.url + path)
    assert _focus_ring_problems(page) == []


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


def _reflow_pages(demo):
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


def test_pages_reflow_at_320_px_without_clipping_and_keep_their_targets(
    live_server, demo_data, page, assert_accessible
):
    page.set_viewport_size(PHONE)
    problems = []
    for email, path in _reflow_pages(demo_data):
        page.context.clear_cookies()
        if email:
            sign_in(page, live_server.url, email, lambda url: "/accounts/login/" not in url)
        page.goto(live_server.url + path)
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
    for email, path in _reflow_pages(demo_data):
        page.context.clear_cookies()
        if email:
            sign_in(page, live_server.url, email, lambda url: "/accounts/login/" not in url)
        page.goto(live_server.url + path)
        page.add_style_tag(content=TEXT_SPACING)
        problems += [f"{path}: {problem}" for problem in _overflow_problems(page)]
    assert problems == []
