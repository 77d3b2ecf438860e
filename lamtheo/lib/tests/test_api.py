"""The API's shared answers (lamtheo.lib.api), as schemathesis found them missing (.ci/api-fuzz fuzzes the whole
schema): an id, a page size or an offset past a database integer was a 500; 401, 404 and 422 were not in the
schema."""

import pytest

from lamtheo.api import api

HUGE = 2**70


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/units/?limit={HUGE}",
        f"/api/v1/units/?offset={HUGE}",
        f"/api/v1/people/?offset={HUGE}&q=a",
        f"/api/v1/people/?unit={HUGE}",
        f"/api/v1/units/?parent={HUGE}",
        f"/api/v1/people/{HUGE}",
        f"/api/v1/units/{HUGE}",
        "/api/v1/units/0",
        "/api/v1/people/?limit=1001",
    ],
)
def test_numbers_past_what_the_database_holds_are_refused_not_a_server_error(login, commune_leader, url):
    response = login(commune_leader).get(url)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


def test_a_search_with_control_characters_is_answered(login, commune_leader):
    response = login(commune_leader).get("/api/v1/people/", {"q": "nguyen\x00\x01 ngoc"})
    assert response.status_code == 200
    assert [p["full_name"] for p in response.json()["items"]] == ["Nguyễn Thị Kim Ngọc"]


def test_every_operation_documents_its_error_answers():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"200", "401", "404", "422"} <= {str(code) for code in operation["responses"]}, (
                method,
                path,
            )


def test_the_documented_401_is_what_an_anonymous_client_gets(client):
    response = client.get("/api/v1/people/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
