"""Finding a complaint by its tracking code, with the access rules of the web pages.

Citizens and the public: the tracking page's rule (anyone with the code sees a non-confidential complaint;
a confidential one only its citizen, everyone else gets 404), with unknown codes counted against the
address like on the tracking page. Staff: `complaints.queries.access_complaint`, as on the staff page.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sambat.accounts.models import User
from sambat.api.errors import ApiError, not_found
from sambat.api.limits import check_tracking_allowance, count_anonymous_request, count_tracking_miss
from sambat.complaints.choices import Privacy
from sambat.complaints.models import Complaint
from sambat.complaints.queries import access_complaint, find_by_tracking_code, is_citizen_of

CITIZEN_KEY_HEADER = "X-Citizen-Key"


def _unknown_code() -> ApiError:
    return not_found(_("No report has this tracking code."))


def tracked_complaint(request: HttpRequest, code: str, *, user: User | None, key: str = "") -> tuple[Complaint, bool]:
    """The complaint and whether the requester is its citizen (token of its reporter or assistant, or its key)."""
    check_tracking_allowance(request)
    if user is None:
        count_anonymous_request(request, "track")
    complaint = find_by_tracking_code(code)
    if complaint is None:
        count_tracking_miss(request)
        raise _unknown_code()
    citizen = is_citizen_of(complaint, user=user, key=key or "")
    if not citizen and complaint.privacy == Privacy.CONFIDENTIAL:
        raise _unknown_code()
    return complaint, citizen


def owned_complaint(request: HttpRequest, code: str, *, user: User | None, key: str = "") -> Complaint:
    """For the citizen's own steps (reply, rate, reopen, photos): 403 for others who may see the complaint."""
    complaint, citizen = tracked_complaint(request, code, user=user, key=key)
    if not citizen:
        raise ApiError(403, "forbidden", _("Only the person who sent this report may do this."))
    return complaint


def citizen_actor(complaint: Complaint, user: User | None) -> User | None:
    """The account acting for the citizen, if it is the complaint's reporter or assistant (else a key was used)."""
    if user is not None and user.id in (complaint.reporter_id, complaint.assisted_by_id):
        return user
    return None


def staff_complaint(user: User, code: str) -> Complaint:
    """The complaint if this staff member may open it on the staff page; 404 otherwise (existence not revealed)."""
    found = find_by_tracking_code(code)
    if found is None:
        raise _unknown_code()
    return access_complaint(user, found.pk)
