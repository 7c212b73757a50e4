import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sambat.agencies.management.importers import ImportFailed
from sambat.demo.loader import DEFAULT_COMPLAINTS, DEFAULT_SEED, DemoSummary, load_demo
from sambat.demo.reference import DEMO_PASSWORD
from sambat.lib.env import env_bool


class Command(BaseCommand):
    help = (
        "Load the Kota Malang demo: areas with boundaries, departments, categories, one user per role and a "
        "90-day history of invented complaints. Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--complaints",
            type=int,
            default=DEFAULT_COMPLAINTS,
            help=f"how many complaints to create on the first load (default {DEFAULT_COMPLAINTS})",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed for the invented complaints")
        parser.add_argument("--no-photos", action="store_true", help="do not attach generated photos")

    def handle(self, *args: object, complaints: int, seed: int, no_photos: bool, **options: object) -> None:
        # The demo creates a superuser with a published password: never in production.
        if env_bool("SAMBAT_PRODUCTION", default=False):
            raise CommandError(
                "load_demo creates accounts with a published password; it refuses to run when SAMBAT_PRODUCTION is on."
            )
        if complaints < 0:
            raise CommandError("--complaints must be 0 or more")
        started = time.monotonic()
        try:
            summary = load_demo(complaints=complaints, seed=seed, photos=not no_photos)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        self._report(summary, time.monotonic() - started)

    def _report(self, summary: DemoSummary, seconds: float) -> None:
        write = self.stdout.write
        write(
            f"Areas: {summary.areas.total} ({summary.areas.created} new). "
            f"Departments: {summary.departments.total} ({summary.departments.created} new). "
            f"Categories: {summary.categories}."
        )
        if summary.already_loaded is not None:
            loaded = summary.already_loaded
            write(
                f"Demo complaints were loaded on {loaded.loaded_at:%Y-%m-%d %H:%M} ({loaded.complaints}); none added."
            )
        elif summary.complaints_created:
            statuses = ", ".join(f"{status} {count}" for status, count in sorted(summary.statuses.items()))
            write(f"Complaints: {summary.complaints_created} created ({statuses}).")
        write(f"Done in {seconds:.1f} s.")
        write("")
        write(self.style.SUCCESS(f"Demo logins (password for every account: {DEMO_PASSWORD})"))
        rows = [("user name", "role", "department", "")]
        for spec, user in summary.cast.main:
            department = ", ".join(str(membership.department) for membership in user.memberships.all())
            rows.append((user.username, user.role, department, spec.note))
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            write("  " + "  ".join(value.ljust(widths[column]) for column, value in enumerate(row[:3])) + "  " + row[3])
        others = summary.cast.extra_officers
        if others:
            write(
                f"  ... and an officer for each of {len(others)} other departments (e.g. {others[0].username}), "
                "same password."
            )
        write("Staff sign in at /akun/masuk/; Django admin at /admin/ (user admin).")
