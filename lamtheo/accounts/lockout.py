"""Login lock-out (django-axes) with two limits: one per account and address, a higher one per address.

Per account and address (AXES_FAILURE_LIMIT, 5 by default): someone who forgot their password is stopped after a
few tries, without touching anyone else. Per address alone (AXES_ADDRESS_FAILURE_LIMIT, 30 by default): one
address trying a few passwords against many accounts is stopped too. That limit is higher because a commune's
office or a province's building reaches the server through one NAT address: the typos of fifty people in the
cool-off time stay far below it, while a guessing run through the accounts reaches it quickly; and one person
locking their own account never locks their colleagues out.

django-axes compares every count it keeps with one limit; this handler reports the address's count scaled to
that limit, so the address is locked exactly when its own limit is reached. A successful login forgives only that
account's failures from that address, never the address's others (else an attacker with one account of their own
could clear the address's count between guesses).
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings


def client_address(request) -> str:
    """The address a login comes from (AXES_CLIENT_IP_CALLABLE). Behind the reverse proxy (deploy/nginx.conf)
    every request comes from the proxy's own address: then the client's is the last one of X-Forwarded-For, the
    one the proxy appended (those before it are whatever the client sent). Trusted only from the addresses of
    WEB_FORWARDED_ALLOW_IPS, as gunicorn trusts the proxy's X-Forwarded-Proto."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = {address.strip() for address in settings.WEB_FORWARDED_ALLOW_IPS.split(",")}
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if forwarded and ("*" in trusted or remote in trusted):
        return forwarded[-1]
    return remote


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Counts per account and address, then per address (settings.AXES_LOCKOUT_PARAMETERS, in this order)."""

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (
            sum(attempts.values_list("failures_since_start", flat=True))
            for attempts in self.get_user_attempts(request, credentials)
        )
        account_limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT
        # floor(n × a / b) >= a exactly when n >= b: the address counts in units of the account's limit.
        return max(by_account, by_address * account_limit // address_limit)

    def reset_user_attempts(self, request, credentials=None) -> int:
        account_at_address = self.filter_user_attempts(request, credentials)[0]
        count, _ = account_at_address.delete()
        return count
