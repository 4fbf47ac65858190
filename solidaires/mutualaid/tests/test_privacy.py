"""Export and erasure of what the mutualaid app holds about a person."""

from __future__ import annotations

import pytest

from solidaires.accounts.privacy import collect_export
from solidaires.moderation import services as moderation
from solidaires.moderation.models import Report
from solidaires.mutualaid import services
from solidaires.mutualaid.models import MutualAidPost, SafetyGuideAck

from .factories import MutualAidPostFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase(post, member, agent):
    services.safety_guide_acknowledge(by=member)
    mine = MutualAidPostFactory(author=member, title="Ma perceuse")
    moderation.report_create(by=member, target=post, reason="other", details="Bizarre")
    moderation.user_warn(user=member, by=agent, message="Attention")
    everything = collect_export(member)
    data, moderation_data = everything["mutualaid"], everything["moderation"]
    assert data["posts"][0]["title"] == "Ma perceuse"
    assert moderation_data["reports_made"][0]["details"] == "Bizarre"
    assert moderation_data["moderation_decisions_about_me"][0]["reason"] == "Attention"
    assert data["safety_guide_read_at"]
    from solidaires.moderation.privacy import erase_user_data as erase_moderation_data
    from solidaires.mutualaid.privacy import erase_user_data

    for _ in range(2):  # idempotent
        erase_user_data(user=member, by=None)
        erase_moderation_data(user=member, by=None)
    assert not MutualAidPost.objects.filter(pk=mine.pk).exists()
    assert not SafetyGuideAck.objects.filter(user=member).exists()
    report = Report.objects.get()
    assert report.reporter is None and report.details == ""
