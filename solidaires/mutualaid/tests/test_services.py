"""Services: posts and their state machine, on-behalf posts, answers, reports, moderation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from solidaires.accounts.tests.factories import UserFactory
from solidaires.accounts.tests.helpers import login_post
from solidaires.core.models import AuditEntry
from solidaires.messaging.models import Message, Thread
from solidaires.moderation import services as moderation
from solidaires.moderation.models import ActionKind, Block, ModerationAction, Report, ReportState
from solidaires.mutualaid import services
from solidaires.mutualaid.models import MutualAidPost, PostState, SafetyGuideAck

from .factories import MutualAidPostFactory, ReportFactory

pytestmark = pytest.mark.django_db


def post_data(commune, **overrides):
    data = {
        "kind": "request",
        "category": "repairs",
        "title": "Réparer une étagère",
        "description": "Une étagère à refixer au mur.",
        "commune": commune,
        "expires_on": timezone.localdate() + timedelta(days=20),
    }
    data.update(overrides)
    return data


# Posts ----------------------------------------------------------------------------------------


def test_create_post_is_open_indexed_and_audited(inhabitant, valence):
    post = services.post_create(by=inhabitant, data=post_data(valence))
    assert post.state == PostState.OPEN
    assert " etager" in post.search_document
    assert post.public_name == "Camille"
    assert AuditEntry.objects.filter(action="mutualaid_post.created", target_id=str(post.pk)).exists()


def test_create_needs_verified_email(valence):
    unverified = UserFactory(verified=False)
    with pytest.raises(PermissionDenied):
        services.post_create(by=unverified, data=post_data(valence))


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "à venir"), (91, "au plus 90 jours")],
)
def test_expiry_must_be_within_90_days(inhabitant, valence, days, message):
    with pytest.raises(ValidationError) as exc:
        services.post_create(
            by=inhabitant, data=post_data(valence, expires_on=timezone.localdate() + timedelta(days=days))
        )
    assert message in " ".join(exc.value.message_dict["expires_on"])


def test_over_long_title_is_refused(inhabitant, valence):
    with pytest.raises(ValidationError) as exc:
        services.post_create(by=inhabitant, data=post_data(valence, title="x" * 121))
    assert "title" in exc.value.message_dict


def test_posts_per_day_are_limited(inhabitant, valence):
    for _i in range(services.MAX_POSTS_PER_DAY):
        services.post_create(by=inhabitant, data=post_data(valence))
    with pytest.raises(ValidationError, match="beaucoup d'annonces"):
        services.post_create(by=inhabitant, data=post_data(valence))


def test_only_the_author_edits(post, member):
    with pytest.raises(PermissionDenied):
        services.post_update(post=post, by=member, data={"title": "Piraté"})
    updated = services.post_update(post=post, by=post.author, data={"title": "Courses du jeudi"})
    assert updated.title == "Courses du jeudi"


@pytest.mark.parametrize("fulfilled", [True, False])
def test_close_moves_open_to_final_state(post, fulfilled):
    closed = services.post_close(post=post, by=post.author, fulfilled=fulfilled)
    assert closed.state == (PostState.FULFILLED if fulfilled else PostState.CLOSED)
    assert closed.closed_at is not None


@pytest.mark.parametrize("final", [PostState.FULFILLED, PostState.CLOSED, PostState.EXPIRED])
@pytest.mark.parametrize("move", ["mark_fulfilled", "close", "expire"])
def test_every_move_out_of_a_final_state_raises(final, move):
    post = MutualAidPostFactory(state=final)
    with pytest.raises(TransitionNotAllowed):
        getattr(post, move)()


@pytest.mark.parametrize("final", [PostState.FULFILLED, PostState.CLOSED, PostState.EXPIRED])
def test_closing_a_final_post_is_refused(final):
    post = MutualAidPostFactory(state=final)
    with pytest.raises(PermissionDenied):  # the rule already refuses
        services.post_close(post=post, by=post.author, fulfilled=True)


def test_daily_expiry_is_idempotent(valence):
    yesterday = timezone.localdate() - timedelta(days=1)
    due = MutualAidPostFactory(expires_on=yesterday)
    fresh = MutualAidPostFactory(expires_on=timezone.localdate())
    closed = MutualAidPostFactory(expires_on=yesterday, state=PostState.CLOSED)
    assert services.posts_expire_due() == 1
    assert services.posts_expire_due() == 0
    due.refresh_from_db()
    fresh.refresh_from_db()
    closed.refresh_from_db()
    assert (due.state, fresh.state, closed.state) == (PostState.EXPIRED, PostState.OPEN, PostState.CLOSED)
    assert AuditEntry.objects.filter(action="mutualaid_post.expired", actor=None).count() == 1


def test_expiry_task_runs(valence):
    from solidaires.mutualaid.tasks import expire_mutual_aid_posts

    MutualAidPostFactory(expires_on=timezone.localdate() - timedelta(days=2))
    result = expire_mutual_aid_posts.enqueue()
    assert result.return_value == 1


def test_ended_posts_are_purged_after_a_year(capsys):
    from django.core.management import call_command

    old = MutualAidPostFactory(state=PostState.CLOSED, closed_at=timezone.now() - timedelta(days=400))
    recent = MutualAidPostFactory(state=PostState.FULFILLED, closed_at=timezone.now() - timedelta(days=30))
    still_open = MutualAidPostFactory()
    call_command("expire_mutual_aid_posts")
    assert "supprimées : 1" in capsys.readouterr().out
    assert set(MutualAidPost.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not MutualAidPost.objects.filter(pk=old.pk).exists()


def test_old_moderation_data_is_purged_after_three_years(agent):
    old = ReportFactory()
    moderation.report_dismiss(report=old, by=agent, note="RAS")
    Report.objects.filter(pk=old.pk).update(resolved_at=timezone.now() - timedelta(days=3 * 365 + 1))
    ModerationAction.objects.update(created_at=timezone.now() - timedelta(days=3 * 365 + 1))
    still_open = ReportFactory()
    recent = ReportFactory()
    moderation.report_dismiss(report=recent, by=agent)
    assert moderation.moderation_purge_old() == 2  # the old report and its action
    assert set(Report.objects.values_list("pk", flat=True)) == {still_open.pk, recent.pk}
    assert ModerationAction.objects.count() == 1


# On behalf ------------------------------------------------------------------------------------


def test_agent_posts_on_behalf_then_inhabitant_takes_over(agent, inhabitant, valence):
    post, code = services.post_create_on_behalf(
        by=agent, data=post_data(valence), first_name="Josiane", consent_method="phone"
    )
    assert post.author == agent
    assert post.public_name == "Josiane"
    assert post.consent_recorded_at is not None
    assert code not in post.handover_code_hash and len(post.handover_code_hash) == 64
    taken = services.post_take_over(code=code.lower().replace("-", " "), by=inhabitant)
    assert taken.author == inhabitant
    assert taken.handover_code_hash == "" and taken.handed_over_at is not None
    with pytest.raises(ValidationError):  # one-time
        services.post_take_over(code=code, by=UserFactory())


def test_only_agents_post_on_behalf(inhabitant, valence):
    with pytest.raises(PermissionDenied):
        services.post_create_on_behalf(
            by=inhabitant, data=post_data(valence), first_name="Jo", consent_method="phone"
        )


@pytest.mark.parametrize(
    ("first_name", "consent", "field"),
    [
        ("", "phone", "first_name"),
        ("Josiane Marie Dupont", "phone", "first_name"),
        ("Jo", "mail", "consent_method"),
    ],
)
def test_on_behalf_bad_input(agent, valence, first_name, consent, field):
    with pytest.raises(ValidationError) as exc:
        services.post_create_on_behalf(
            by=agent, data=post_data(valence), first_name=first_name, consent_method=consent
        )
    assert field in exc.value.message_dict


def test_wrong_code_is_refused(inhabitant):
    with pytest.raises(ValidationError) as exc:
        services.post_take_over(code="ABCD-EFGH-JKMN", by=inhabitant)
    assert "aucune annonce" in exc.value.message_dict["code"][0]


# Answers --------------------------------------------------------------------------------------


def test_answer_needs_the_safety_guide_then_opens_a_thread(post, member):
    with pytest.raises(ValidationError, match="conseils"):
        services.post_answer(post=post, by=member, body="Je peux aider.")
    services.safety_guide_acknowledge(by=member)
    services.safety_guide_acknowledge(by=member)  # idempotent
    assert SafetyGuideAck.objects.filter(user=member).count() == 1
    thread = services.post_answer(post=post, by=member, body="Je peux aider mardi.")
    assert set(thread.participants.values_list("user_id", flat=True)) == {post.author_id, member.pk}
    assert Message.objects.get(thread=thread).body == "Je peux aider mardi."
    assert thread.about == post
    again = services.post_answer(post=post, by=member, body="Encore moi.")
    assert again.pk == thread.pk


def test_on_behalf_answers_reach_the_agent(agent, member, valence):
    post, _code = services.post_create_on_behalf(
        by=agent, data=post_data(valence), first_name="Josiane", consent_method="in_person"
    )
    services.safety_guide_acknowledge(by=member)
    thread = services.post_answer(post=post, by=member, body="Bonjour Josiane")
    assert agent.pk in set(thread.participants.values_list("user_id", flat=True))


@pytest.mark.parametrize("direction", ["author_blocked_me", "i_blocked_author"])
def test_blocks_prevent_answering(post, member, direction):
    services.safety_guide_acknowledge(by=member)
    if direction == "author_blocked_me":
        Block.objects.create(blocker=post.author, blocked=member)
    else:
        Block.objects.create(blocker=member, blocked=post.author)
    with pytest.raises(ValidationError, match="bloqué"):
        services.post_answer(post=post, by=member, body="Bonjour")
    assert not Thread.objects.exists()


def test_author_cannot_answer_own_post(post):
    services.safety_guide_acknowledge(by=post.author)
    with pytest.raises(PermissionDenied):
        services.post_answer(post=post, by=post.author, body="Moi")


# Reports --------------------------------------------------------------------------------------


def test_one_open_report_per_reporter_and_target(post, member, manager):
    report = moderation.report_create(by=member, target=post, reason="scam", details="Virement demandé")
    assert report.reported_user == post.author
    assert report.state == ReportState.OPEN
    with pytest.raises(ValidationError, match="déjà signalé"):
        moderation.report_create(by=member, target=post, reason="spam")
    moderation.report_create(by=manager, target=post, reason="spam")  # someone else may
    moderation.report_dismiss(report=report, by=UserFactory(role="agent"), note="RAS")
    moderation.report_create(by=member, target=post, reason="spam")  # once the first is closed


def test_reports_are_rate_limited(member):
    posts = MutualAidPostFactory.create_batch(moderation.MAX_REPORTS_PER_HOUR + 1)
    for target in posts[:-1]:
        moderation.report_create(by=member, target=target, reason="spam")
    with pytest.raises(ValidationError, match="beaucoup de signalements"):
        moderation.report_create(by=member, target=posts[-1], reason="spam")


def test_report_bad_input(post, member):
    with pytest.raises(ValidationError) as exc:
        moderation.report_create(by=member, target=post, reason="nope")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        moderation.report_create(by=member, target=post, reason="other", details="")
    assert "details" in exc.value.message_dict
    with pytest.raises(ValidationError, match="propre contenu"):
        moderation.report_create(by=post.author, target=post, reason="spam")


def test_only_reportable_content(member, valence):
    with pytest.raises(ValidationError, match="ne peut pas être signalé"):
        moderation.report_create(by=member, target=valence, reason="spam")


def test_a_message_can_be_reported_and_hidden(post, member, agent):
    services.safety_guide_acknowledge(by=member)
    thread = services.post_answer(post=post, by=member, body="Envoyez-moi 50 € d'abord")
    message = thread.messages.get()
    report = moderation.report_create(by=post.author, target=message, reason="scam")
    assert report.reported_user == member
    moderation.content_hide(target=message, by=agent, reason="Demande d'argent", report=report)
    message.refresh_from_db()
    report.refresh_from_db()
    assert message.hidden_at is not None and message.hidden_reason == "Demande d'argent"
    assert report.state == ReportState.RESOLVED


# Moderation -----------------------------------------------------------------------------------


def test_hide_post_resolves_every_open_report_and_mails_the_author(
    post, member, manager, agent, django_capture_on_commit_callbacks
):
    first = moderation.report_create(by=member, target=post, reason="scam")
    second = moderation.report_create(by=manager, target=post, reason="spam")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.content_hide(target=post, by=agent, reason="Arnaque au virement", report=first)
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Arnaque au virement" and post.hidden_by == agent
    assert set(Report.objects.values_list("state", flat=True)) == {ReportState.RESOLVED}
    assert second.pk in Report.objects.filter(state=ReportState.RESOLVED).values_list("pk", flat=True)
    assert ModerationAction.objects.get(kind=ActionKind.HIDE).subject_user == post.author
    assert len(mail.outbox) == 1 and "Arnaque au virement" in mail.outbox[0].body
    assert mail.outbox[0].to == [post.author.email]
    assert member.email not in mail.outbox[0].body  # never who reported
    assert not MutualAidPost.objects.open().filter(pk=post.pk).exists()
    with pytest.raises(ValidationError, match="déjà masqué"):
        moderation.content_hide(target=post, by=agent, reason="encore")


def test_hide_needs_a_reason_and_an_agent(post, agent, member):
    with pytest.raises(ValidationError) as exc:
        moderation.content_hide(target=post, by=agent, reason="  ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        moderation.content_hide(target=post, by=member, reason="non")


def test_unhide(post, agent):
    moderation.content_hide(target=post, by=agent, reason="Erreur")
    moderation.content_unhide(target=post, by=agent, reason="Finalement correct")
    post.refresh_from_db()
    assert not post.is_hidden
    assert ModerationAction.objects.filter(kind=ActionKind.UNHIDE).exists()


def test_warn_sends_an_email_and_keeps_history(post, agent, django_capture_on_commit_callbacks):
    report = ReportFactory(target=post)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action = moderation.user_warn(
            user=post.author, by=agent, message="Pas de demande d'argent.", report=report
        )
    assert action.kind == ActionKind.WARN
    report.refresh_from_db()
    assert report.state == ReportState.RESOLVED
    assert len(mail.outbox) == 1 and "Pas de demande d'argent." in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="user.warned").exists()


def test_suspension_blocks_login_and_is_reversible(post, agent, admin_user):
    author = post.author
    client = Client()
    assert login_post(client, author.email).status_code == 302
    assert client.get("/entraide/mes-annonces/").status_code == 200
    moderation.user_suspend(user=author, by=agent, reason="Arnaques répétées")
    author.refresh_from_db()
    assert not author.is_active
    # The open session no longer authenticates, and a new login fails.
    assert client.get("/entraide/mes-annonces/").status_code == 302
    fresh = Client()
    login_post(fresh, author.email)
    assert fresh.get("/entraide/mes-annonces/").status_code == 302
    assert AuditEntry.objects.filter(action="user.suspended", target_id=str(author.pk)).exists()
    with pytest.raises(ValidationError, match="déjà suspendu"):
        moderation.user_suspend(user=author, by=agent, reason="encore")
    moderation.user_reinstate(user=author, by=admin_user, reason="Erreur de ma part")
    author.refresh_from_db()
    assert author.is_active
    again = Client()
    assert login_post(again, author.email).status_code == 302
    assert again.get("/entraide/mes-annonces/").status_code == 200


def test_suspended_people_cannot_post_report_or_answer(post, member, agent, valence):
    services.safety_guide_acknowledge(by=member)
    moderation.user_suspend(user=member, by=agent, reason="Spam")
    member.refresh_from_db()
    for call in (
        lambda: services.post_create(by=member, data=post_data(valence)),
        lambda: moderation.report_create(by=member, target=post, reason="spam"),
        lambda: services.post_answer(post=post, by=member, body="Bonjour"),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_agents_and_self_cannot_be_suspended(agent, admin_user):
    with pytest.raises(ValidationError):
        moderation.user_suspend(user=agent, by=admin_user, reason="non")
    with pytest.raises(ValidationError):
        moderation.user_suspend(user=agent, by=agent, reason="non")


def test_dismiss(post, agent, member):
    report = moderation.report_create(by=member, target=post, reason="spam")
    moderation.report_dismiss(report=report, by=agent, note="Annonce correcte")
    report.refresh_from_db()
    assert report.state == ReportState.DISMISSED and report.resolved_by == agent
    with pytest.raises(ValidationError, match="déjà traité"):
        moderation.report_dismiss(report=report, by=agent)
    with pytest.raises(Exception):  # noqa: B017 - django_fsm.TransitionNotAllowed
        report.resolve()


def test_report_targets_are_generic(post):
    report = ReportFactory(target=post)
    assert report.target_type == ContentType.objects.get_for_model(MutualAidPost)
    assert report.target == post
