"""Record the 360Giving prefix registered for a body (and its org-id as a funder), which its
360Giving files then use: ``manage.py set_360giving_prefix cambridgeshire-pcc 360G-cambspcc
--org-id GB-GOR-PC123``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openpcc.core.models import Body
from openpcc.core.permissions import system_actor
from openpcc.funding.services import giving_publisher_set


class Command(BaseCommand):
    help = "Record the 360Giving prefix registered for a body and its org-id as a funder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("body", help="the body's slug, e.g. cambridgeshire-pcc")
        parser.add_argument("prefix", help="the prefix 360Giving registered, e.g. 360G-cambspcc")
        parser.add_argument("--org-id", default="", help="the body's org-id, e.g. GB-GOR-PC123")

    def handle(self, *args, body: str, prefix: str, org_id: str, **options) -> None:
        found = Body.objects.filter(slug=body).first()
        if found is None:
            raise CommandError(f"No body has the address “{body}”.")
        try:
            publisher = giving_publisher_set(
                body=found, prefix=prefix, org_id=org_id, user=system_actor("360Giving setup")
            )
        except ValidationError as problem:
            raise CommandError(" ".join(m for ms in problem.message_dict.values() for m in ms)) from None
        self.stdout.write(
            f"{found}: 360Giving prefix {publisher.prefix}, funder {publisher.org_id or publisher.prefix}"
        )
