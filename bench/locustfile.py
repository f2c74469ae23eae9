"""The load test's users (run by bench/loadtest.py, which prepares LOADTEST_DATA from the
benchmark data set): visitors browse the catalogue and verify certificates, students open their
dashboard and submit their assignment, tutors open the marking queue and mark, commissioners
open a report and download its CSV.

Every request that does not give the answer a person would expect counts as a failure. With
LOADTEST_LEDGER set, each submission and mark the portal confirmed is appended there (one JSON
line), so the cluster test can check none was lost.
"""

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

DATA = json.loads(Path(os.environ["LOADTEST_DATA"]).read_text())
LEDGER = os.environ.get("LOADTEST_LEDGER")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _confirmed(kind, pk):
    if LEDGER:
        with open(LEDGER, "a") as ledger:
            ledger.write(json.dumps({"kind": kind, "pk": pk}) + "\n")


def _csrf(response):
    found = CSRF_INPUT.search(response.text)
    return found.group(1) if found else ""


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def sign_in(self, email):
        page = self.client.get("/accounts/login/", name="sign-in page")
        with self.client.post(
            "/accounts/login/",
            {"username": email, "password": DATA["password"], "csrfmiddlewaretoken": _csrf(page)},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in as {email} answered {response.status_code}")

    def post_form(self, path, page, fields, name, files=None):
        """POST a form of `page` (for its CSRF token); success is a redirect."""
        with self.client.post(
            path,
            {**fields, "csrfmiddlewaretoken": _csrf(page)},
            files=files,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{name} answered {response.status_code}")
                return False
        return True


class Visitor(Person):
    weight = 3

    @task(3)
    def catalogue(self):
        self.client.get("/", name="catalogue")

    @task(2)
    def verify(self):
        code = random.choice(DATA["verification_codes"])
        self.client.get(f"/certificates/verify/{code}/", name="verify certificate")


class Student(Person):
    weight = 3

    def on_start(self):
        self.email, self.enrolment = DATA["students"].pop()
        self.submitted = False
        self.sign_in(self.email)

    @task(4)
    def dashboard(self):
        self.client.get("/dashboard/", name="student dashboard")

    @task(1)
    def submit(self):
        path = f"/assessment/enrolments/{self.enrolment}/"
        page = self.client.get(path, name="assignment page")
        if self.submitted:
            return
        with open(DATA["script_path"], "rb") as script:
            uploaded = self.post_form(
                f"{path}upload/",
                page,
                {},
                "upload",
                files={"file": ("assignment.pdf", script, "application/pdf")},
            )
        if not uploaded:
            return
        page = self.client.get(path, name="assignment page")
        declarations = dict.fromkeys(
            [
                "declared_own_work",
                "declared_pseudonymised",
                "word_limit_acknowledged",
                "flags_confirmed",
            ],
            "on",
        )
        self.submitted = self.post_form(f"{path}submit/", page, declarations, "submit")
        if self.submitted:
            _confirmed("submission", self.enrolment)


class Tutor(Person):
    weight = 2

    def on_start(self):
        self.email, self.scripts = DATA["tutors"].pop()
        self.sign_in(self.email)

    @task(3)
    def marking_queue(self):
        self.client.get("/admin/assessment/submission/", name="marking queue")

    @task(1)
    def mark(self):
        if not self.scripts:
            return
        script = self.scripts.pop()
        path = f"/admin/assessment/submission/{script}/change/"
        page = self.client.get(path, name="marking page")
        marked = self.post_form(
            path,
            page,
            {
                "outcome": "pass",
                "feedback": "Clear and well argued.",
                "finished": "on",
                "_save": "Save",
            },
            "mark",
        )
        if marked:
            _confirmed("mark", script)


class Commissioner(Person):
    weight = 1

    def on_start(self):
        self.sign_in(random.choice(DATA["commissioners"]))

    @task(3)
    def report(self):
        self.client.get("/reports/learners/", name="report page")

    @task(1)
    def download(self):
        with self.client.get(
            "/reports/learners/download.csv",
            name="report CSV (first byte)",
            stream=True,
            catch_response=True,
        ) as response:
            if response.status_code != 200:  # 0: no answer at all (the server went away)
                response.failure(f"CSV answered {response.status_code}")
                return
            size = sum(len(chunk) for chunk in response.iter_content(64 * 1024))
            if size == 0:
                response.failure(f"CSV answered {response.status_code}, {size} bytes")
