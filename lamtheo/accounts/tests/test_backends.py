"""IdentifierBackend: one account from a username, an email or a phone number; never a guess."""

import pytest
from django.test import RequestFactory

from lamtheo.accounts.backends import IdentifierBackend, lockout_username, users_matching
from lamtheo.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "mot-mat-khau-du-dai"


@pytest.fixture
def lan():
    return User.objects.create_user(
        "lan.nt", "Lan.NT@AnGiang.gov.vn", PASSWORD, phone="0987654321", first_name="Lan"
    )


def authenticate(identifier, password=PASSWORD):
    return IdentifierBackend().authenticate(
        RequestFactory().post("/"), username=identifier, password=password
    )


@pytest.mark.parametrize(
    "identifier",
    ["lan.nt", "LAN.NT", " lan.nt ", "lan.nt@angiang.gov.vn", "0987654321", "+84987654321", "098 765 4321"],
)
def test_every_identifier_finds_the_account(lan, identifier):
    assert authenticate(identifier) == lan


def test_wrong_password(lan):
    assert authenticate("lan.nt", "sai") is None


@pytest.mark.parametrize("identifier", ["", None])
def test_no_identifier(lan, identifier):
    assert authenticate(identifier) is None


def test_no_password(lan):
    assert IdentifierBackend().authenticate(None, username="lan.nt", password=None) is None


def test_an_identifier_that_names_two_accounts_logs_nobody_in(lan):
    # Another account whose *username* is Lan's phone number: refuse rather than pick one.
    User.objects.create_user("0987654321", "", PASSWORD)
    assert users_matching("0987654321").count() == 2
    assert authenticate("0987654321") is None


def test_inactive_account_is_refused(lan):
    lan.is_active = False
    lan.save(update_fields=["is_active"])
    assert authenticate("lan.nt") is None


def test_demo_account_only_with_debug(lan, settings):
    lan.is_demo = True
    lan.save(update_fields=["is_demo"])
    settings.DEBUG = False
    assert authenticate("lan.nt") is None
    settings.DEBUG = True
    assert authenticate("lan.nt") == lan


def test_email_is_unique_whatever_its_case(lan):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("khac", "lan.nt@angiang.gov.vn", PASSWORD)
    # Empty emails are not "the same email".
    User.objects.create_user("mot", "", PASSWORD)
    User.objects.create_user("hai", "", PASSWORD)


class TestLockoutUsername:
    @pytest.mark.parametrize("typed", ["LAN.NT", "lan.nt@angiang.gov.vn", "+84 987 654 321", "0987654321"])
    def test_every_spelling_counts_against_the_account(self, lan, typed):
        assert lockout_username(None, {"username": typed}) == "lan.nt"

    def test_an_unknown_name_counts_in_lower_case(self, db):
        assert lockout_username(None, {"username": " Ai Do "}) == "ai do"

    def test_reads_the_form_when_no_credentials(self, lan):
        request = RequestFactory().post("/", {"username": "LAN.NT"})
        assert lockout_username(request) == "lan.nt"

    def test_empty(self, db):
        assert lockout_username(None, {}) == ""
