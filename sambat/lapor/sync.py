"""The SP4N-LAPOR! worker: push the outbox, pull the update feed. Run by `manage.py lapor_sync` and the Celery task.

Push. Rows are claimed one at a time with a conditional UPDATE (pending and due, or a lapsed lease) that also
requires that no earlier row of the same complaint is still unsent and, for follow-ups, that LAPOR! acknowledged
the report; so the rows of one complaint leave in order and two workers never send the same row at once. The HTTP
call happens outside any transaction, under a lease; a worker that dies mid-call leaves the row to be claimed again
when the lease runs out, and the retry carries the same Idempotency-Key, so LAPOR! records it once.

When LAPOR! is unavailable (refused connection, timeout, lost answer, 5xx, refused token) the row is retried with
exponential backoff and the run stops: the other rows are not attempted against a server that is down, and none of
them uses up attempts. Such rows never fail for good. Only LAPOR!'s refusal of a request as malformed (4xx) marks a
row failed; an admin may send it again ("retry now").

Pull. Pages of the feed are read from the stored cursor; each item is stored raw under LAPOR!'s id (a redelivered
item is counted, not applied twice), then applied on its own; the cursor moves after each page.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from sambat.lapor import actions
from sambat.lapor.choices import InboundState, PushKind, PushStatus
from sambat.lapor.client import LaporClient, LaporRejected, LaporUnavailable, configured_client
from sambat.lapor.models import OPEN_PUSH_STATUSES, LaporCursor, LaporInbound, LaporLink, LaporOutbox

logger = logging.getLogger(__name__)

# Longer than any request may take (the client's timeout is seconds): a claimed row is the claimer's until then.
SEND_LEASE = dt.timedelta(minutes=5)
# Retries wait 2, 4, 8 … minutes, never more than an hour, so sync resumes within the hour after an outage.
BACKOFF_CAP = dt.timedelta(hours=1)
MAX_PUSHES_PER_RUN = 500
FEED_PAGE_SIZE = 100
MAX_PAGES_PER_RUN = 20
# The feed's answer to a cursor LAPOR! does not know (docs/lapor.md).
CURSOR_REFUSED = 400


@dataclass
class SyncReport:
    """What one run did."""

    sent: int = 0
    refused: int = 0
    retrying: int = 0
    received: int = 0
    applied: int = 0
    duplicates: int = 0
    waiting: int = 0  # updates for reports not yet linked
    failed: int = 0  # updates that could not be applied
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"pushed {self.sent} (refused {self.refused}, to retry {self.retrying}); pulled {self.received} "
            f"(applied {self.applied}, repeats {self.duplicates}, waiting {self.waiting}, failed {self.failed})"
        )
        return text + "".join(f"; {error}" for error in self.errors)


def run_sync(*, push: bool = True, pull: bool = True, client: LaporClient | None = None) -> SyncReport:
    """One run: push everything due, then pull new updates. Safe to run beside another run."""
    client = client or configured_client()
    report = SyncReport()
    if push:
        push_due(client, report)
    if pull:
        pull_updates(client, report)
    return report


# --- push -----------------------------------------------------------------------------------------------------------


def backoff(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(minutes=2 ** min(attempts, 10)), BACKOFF_CAP)


def _claimable(now: dt.datetime) -> tuple[Q, ...]:
    earlier_unsent = LaporOutbox.objects.filter(
        complaint_id=OuterRef("complaint_id"), id__lt=OuterRef("id"), status__in=OPEN_PUSH_STATUSES
    )
    acknowledged = LaporLink.objects.filter(complaint_id=OuterRef("complaint_id")).exclude(report_id="")
    return (
        # Pending and due, or claimed by a worker whose lease ran out.
        Q(status__in=OPEN_PUSH_STATUSES, next_attempt_at__lte=now),
        ~Q(Exists(earlier_unsent)),
        Q(kind=PushKind.REPORT) | Q(Exists(acknowledged)),
    )


def _claim(row_id: int) -> LaporOutbox | None:
    now = timezone.now()
    claimed = (
        LaporOutbox.objects.filter(pk=row_id)
        .filter(*_claimable(now))
        .update(status=PushStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE)
    )
    if not claimed:
        return None  # another worker took it, or an earlier row of its complaint is now in the way
    return LaporOutbox.objects.get(pk=row_id)


def push_due(client: LaporClient, report: SyncReport) -> None:
    """Send due rows, oldest first, in passes: acknowledging a report in one pass frees its follow-ups for the next."""
    handled = 0
    while handled < MAX_PUSHES_PER_RUN:
        due = list(
            LaporOutbox.objects.filter(*_claimable(timezone.now()))
            .order_by("id")
            .values_list("id", flat=True)[: MAX_PUSHES_PER_RUN - handled]
        )
        progressed = False
        for row_id in due:
            row = _claim(row_id)
            if row is None:
                continue
            handled += 1
            progressed = True
            if not _push(client, row, report):
                return  # LAPOR! is unavailable: stop until the next run
        if not progressed:
            return


def _push(client: LaporClient, row: LaporOutbox, report: SyncReport) -> bool:
    """Send one claimed row; False when LAPOR! is unavailable."""
    try:
        if row.kind == PushKind.REPORT:
            answer = client.create_report(row.payload, idempotency_key=row.idempotency_key)
        else:
            report_id = LaporLink.objects.values_list("report_id", flat=True).get(complaint_id=row.complaint_id)
            send = client.add_follow_up if row.kind == PushKind.FOLLOW_UP else client.set_status
            answer = send(report_id, row.payload, idempotency_key=row.idempotency_key)
    except LaporUnavailable as exc:
        _retry_later(row, str(exc))
        report.retrying += 1
        report.errors.append(str(exc))
        return False
    except LaporRejected as exc:
        _refused(row, str(exc))
        report.refused += 1
        return True
    try:
        actions.acknowledge_push(row_id=row.pk, answer=answer)
    except IntegrityError:
        # LAPOR! gave a report id another complaint is already linked to: a person must look at both.
        _refused(row, f"SP4N-LAPOR! answered with report id {answer.get('id')!r}, already linked to another complaint")
        report.refused += 1
        return True
    report.sent += 1
    return True


def _retry_later(row: LaporOutbox, error: str) -> None:
    LaporOutbox.objects.filter(pk=row.pk, status=PushStatus.SENDING).update(
        status=PushStatus.PENDING, next_attempt_at=timezone.now() + backoff(row.attempts), last_error=error[:2000]
    )
    logger.warning("SP4N-LAPOR! push %s will be retried (attempt %s): %s", row.idempotency_key, row.attempts, error)


def _refused(row: LaporOutbox, error: str) -> None:
    LaporOutbox.objects.filter(pk=row.pk, status=PushStatus.SENDING).update(
        status=PushStatus.FAILED, last_error=error[:2000]
    )
    logger.error("SP4N-LAPOR! refused push %s: %s", row.idempotency_key, error)


# --- pull -----------------------------------------------------------------------------------------------------------


def pull_updates(client: LaporClient, report: SyncReport) -> None:
    """Read the feed from the stored cursor, store and apply each item, then retry items that were waiting for
    their report to be linked."""
    position = LaporCursor.objects.get_or_create(pk=1)[0].value
    for _page in range(MAX_PAGES_PER_RUN):
        try:
            page = client.updates(cursor=position, limit=FEED_PAGE_SIZE)
        except LaporRejected as exc:
            if position and exc.status == CURSOR_REFUSED:
                # LAPOR! no longer knows the cursor (reset, expired): read the feed again from its start.
                # Items already stored are known by their id and counted as repeats, never applied twice.
                logger.warning("SP4N-LAPOR! refused the feed cursor %r (%s); reading the feed again", position, exc)
                LaporCursor.objects.filter(pk=1, value=position).update(value="", updated_at=timezone.now())
                report.errors.append(str(exc))
                position = ""
                continue
            report.errors.append(str(exc))
            logger.warning("SP4N-LAPOR! feed not read: %s", exc)
            break
        except LaporUnavailable as exc:
            report.errors.append(str(exc))
            logger.warning("SP4N-LAPOR! feed not read: %s", exc)
            break
        for item in page.items:
            report.received += 1
            stored = actions.store_update(item)
            if stored is None:
                report.failed += 1
                continue
            inbound, created = stored
            if not created:
                report.duplicates += 1
            if inbound.state == InboundState.NEW:
                _apply(inbound.pk, report)
        # Only from where this run read: if another run moved the cursor meanwhile, it is ahead and stays.
        moved = LaporCursor.objects.filter(pk=1, value=position).update(
            value=page.next_cursor, updated_at=timezone.now()
        )
        position = page.next_cursor
        if not moved or not page.more:
            break
    for inbound_id in _left_over():
        _apply(inbound_id, report)
    report.waiting = LaporInbound.objects.filter(state=InboundState.UNMATCHED).count()


def _apply(inbound_id: int, report: SyncReport) -> None:
    try:
        state = actions.apply_update(inbound_id=inbound_id)
    except Exception:  # one item must not stop the feed; it stays unprocessed and the next run tries again
        logger.exception("SP4N-LAPOR! update %s could not be applied", inbound_id)
        report.failed += 1
        return
    if state == InboundState.APPLIED:
        report.applied += 1
    elif state == InboundState.FAILED:
        report.failed += 1


def _left_over() -> list[int]:
    """Items waiting for a report that is linked now, and items a crashed run stored but did not apply."""
    linked = LaporLink.objects.filter(report_id=OuterRef("report_id"))
    return list(
        LaporInbound.objects.filter(Q(state=InboundState.NEW) | (Q(state=InboundState.UNMATCHED) & Q(Exists(linked))))
        .order_by("id")
        .values_list("id", flat=True)
    )
