"""Which form and which `complaints.actions` function serve each staff action on the complaint page.

This is a table, not logic: the form parses, the complaint action checks permission, state and
writes the event.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sambat.accounts.models import User
from sambat.complaints import actions
from sambat.complaints.models import Complaint
from sambat.complaints.workflow import Action
from sambat.staff import forms

Perform = Callable[[Complaint, User, dict[str, Any]], object]


@dataclass(frozen=True)
class StaffAction:
    action: Action
    title: Promise
    button: Promise
    form: type[forms.ActionForm]
    perform: Perform
    done: Promise
    # After "bukan kewenangan" the department no longer sees the complaint, so it goes back to the inbox.
    back_to_inbox: bool = False
    with_files: bool = False


STAFF_ACTIONS: dict[Action, StaffAction] = {
    spec.action: spec
    for spec in [
        StaffAction(
            Action.ASSIGN,
            _("Verify and assign"),
            _("Assign"),
            forms.AssignForm,
            lambda c, u, d: actions.assign_complaint(
                complaint=c, actor=u, department=d["department"], category=d["category"], note=d["note"]
            ),
            _("The complaint was sent to the department."),
        ),
        StaffAction(
            Action.REASSIGN,
            _("Move to another department"),
            _("Reassign"),
            forms.ReassignForm,
            lambda c, u, d: actions.reassign_complaint(
                complaint=c, actor=u, department=d["department"], note=d["note"]
            ),
            _("The complaint was moved to the other department."),
        ),
        StaffAction(
            Action.CORRECT,
            _("Correct category or kind"),
            _("Save correction"),
            forms.CorrectForm,
            lambda c, u, d: actions.correct_details(
                complaint=c, actor=u, category=d["category"], kind=d["kind"], note=d["note"]
            ),
            _("The details were corrected."),
        ),
        StaffAction(
            Action.MERGE,
            _("Merge into another complaint"),
            _("Merge"),
            forms.MergeForm,
            lambda c, u, d: actions.merge_complaint(complaint=c, actor=u, into=d["into"], note=d["note"]),
            _("The complaint was merged."),
        ),
        StaffAction(
            Action.REJECT,
            _("Reject"),
            _("Reject"),
            forms.RejectForm,
            lambda c, u, d: actions.reject_complaint(complaint=c, actor=u, reason=d["reason"]),
            _("The complaint was rejected."),
        ),
        StaffAction(
            Action.START,
            _("Start work"),
            _("Mark in progress"),
            forms.StartForm,
            lambda c, u, d: actions.start_progress(complaint=c, actor=u, message=d["message"]),
            _("The complaint is now in progress."),
        ),
        StaffAction(
            Action.RESPOND,
            _("Respond"),
            _("Send response"),
            forms.RespondForm,
            lambda c, u, d: actions.respond(complaint=c, actor=u, message=d["message"], photos=d["photos"]),
            _("The response was sent."),
            with_files=True,
        ),
        StaffAction(
            Action.REQUEST_INFO,
            _("Ask the citizen for information"),
            _("Send question"),
            forms.RequestInfoForm,
            lambda c, u, d: actions.request_information(complaint=c, actor=u, question=d["question"]),
            _("The question was sent; the clock pauses until the citizen replies."),
        ),
        StaffAction(
            Action.RESOLVE,
            _("Resolve"),
            _("Mark resolved"),
            forms.ResolveForm,
            lambda c, u, d: actions.resolve_complaint(complaint=c, actor=u, message=d["message"], photos=d["photos"]),
            _("The complaint was marked resolved."),
            with_files=True,
        ),
        StaffAction(
            Action.RETURN,
            _("Not our remit (bukan kewenangan)"),
            _("Send back for verification"),
            forms.ReturnForm,
            lambda c, u, d: actions.return_not_our_remit(complaint=c, actor=u, reason=d["reason"]),
            _("The complaint was sent back to the verifiers."),
            back_to_inbox=True,
        ),
        StaffAction(
            Action.INSTRUCT,
            _("Leader's instruction (disposisi)"),
            _("Send instruction"),
            forms.InstructionForm,
            lambda c, u, d: actions.add_instruction(complaint=c, actor=u, instruction=d["instruction"]),
            _("The instruction was added."),
        ),
        StaffAction(
            Action.NOTE,
            _("Internal note"),
            _("Add note"),
            forms.NoteForm,
            lambda c, u, d: actions.add_note(complaint=c, actor=u, note=d["note"]),
            _("The note was added."),
        ),
    ]
}
