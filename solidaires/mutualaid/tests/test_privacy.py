"""Export and erasure of what the mutualaid app holds about a person."""

from __future__ import annotations

import pytest

from solidaires.accounts.privacy import collect_export
from solidaires.mutualaid import services
from solidaires.mutualaid.models import MutualAidPost, Report, SafetyGuideAck

from .factories import MutualAidPostFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase(post, member, agent):
    services.safety_guide_acknowledge(by=member)
    mine = MutualAidPostFactory(author=member, title="Ma perceuse")
    services.report_create(by=member, target=post, reason="other", details="Bizarre")
    services.user_warn(user=member, by=agent, message="Attention")
    data = collect_export(member)["mutualaid"]
    assert data["posts"][0]["title"] == "Ma perceuse"
    assert data["reports_made"][0]["details"] == "Bizarre"
    assert data["moderation_decisions_about_me"][0]["reason"] == "Attention"
    assert data["safety_guide_read_at"]
    from solidaires.mutualaid.privacy import erase_user_data

    erase_user_data(user=member, by=None)
    erase_user_data(user=member, by=None)  # idempotent
    assert not MutualAidPost.objects.filter(pk=mine.pk).exists()
    assert not SafetyGuideAck.objects.filter(user=member).exists()
    report = Report.objects.get()
    assert report.reporter is None and report.details == ""
