"""The load benchmark's users (locust), started by bench/load.py: do not run it alone.

Each simulated user logs in as one of the demo's personas and reads the pages that persona opens in a day, with a
think time of 1–3 s between pages (a person reading, not a script hammering). The paths of each persona (its
units' pages, its latest meeting) are found by bench/load.py in the database and passed in LOAD_PATHS (a JSON file).
The mix: many members and cell secretaries, fewer commune and province staff, as in a province.
"""

import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "lamtheo-demo-2026")
with open(os.environ["LOAD_PATHS"], encoding="utf-8") as file:
    PATHS: dict[str, list[str]] = json.load(file)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Every page read once every user has logged in (the steady state: a day's load is not 50 logins at once), as
# (page, milliseconds, failure or "", when), written to LOAD_TIMES when locust stops; bench/load.py computes the
# percentiles from them.
TIMES: list[tuple[str, float, str, float]] = []
logged_in = 0


@events.request.add_listener
def _record(request_type, name, response_time, exception, context, **_kwargs):
    runner = _record.runner
    if name.startswith("login") or runner is None or logged_in < runner.target_user_count:
        return
    TIMES.append((f"{request_type} {name}", response_time, str(exception) if exception else "", time.time()))


_record.runner = None


@events.init.add_listener
def _keep_runner(environment, **_kwargs):
    _record.runner = environment.runner


@events.quitting.add_listener
def _write_times(environment, **_kwargs):
    with open(os.environ["LOAD_TIMES"], "w", encoding="utf-8") as file:
        json.dump(TIMES, file, ensure_ascii=False)


class Persona(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        global logged_in
        page = self.client.get("/tai-khoan/dang-nhap/", name="login page")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/tai-khoan/dang-nhap/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            catch_response=True,
        ) as response:
            if "sessionid" not in self.client.cookies:
                response.failure(f"{self.username} could not log in")
        logged_in += 1

    @task
    def read_a_page(self):
        path = random.choice(PATHS[self.username])
        # One name per URL pattern (numbers as N), so the table groups the same page of different units.
        # Redirects are followed as a browser does ("/" goes to the person's page): the time is what the person waits.
        with self.client.get(path, name=re.sub(r"\d+", "N", path), catch_response=True) as response:
            if response.status_code != 200 or "/tai-khoan/dang-nhap/" in response.url:
                response.failure(
                    f"{self.username}: {response.status_code} {response.url} {response.error or ''}"
                )


class Member(Persona):
    weight = 20
    username = "dangvien"


class CellSecretary(Persona):
    weight = 15
    username = "bithuchibo"


class CommuneSecretary(Persona):
    weight = 10
    username = "bithuxa"


class ProvinceStaff(Persona):
    weight = 5
    username = "tinhuy"
