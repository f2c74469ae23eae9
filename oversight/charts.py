"""The dashboard's charts (drawn by imh_courses.charts)."""

from imh_courses.charts import bar_chart


def outcomes_chart(figures):
    """The released outcomes per attempt of dashboard_figures (or a review's snapshot)."""
    return bar_chart(
        [
            (f"Attempt {row['attempt']}: {row['outcome']}", row["count"])
            for row in figures["outcomes"]
        ]
    )
