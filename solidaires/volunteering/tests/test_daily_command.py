import io

from django.core.management import call_command

from solidaires.volunteering.management.commands import volunteering_daily


class FakeTask:
    def __init__(self, name, queued):
        self.name, self.queued = name, queued

    def enqueue(self, *args, **kwargs):
        self.queued.append(self.name)


def test_daily_command_queues_every_daily_task(monkeypatch):
    queued: list[str] = []
    for name in ("expire_missions", "send_saved_search_alerts", "remind_unanswered_applications"):
        monkeypatch.setattr(volunteering_daily, name, FakeTask(name, queued))
    call_command("volunteering_daily", stdout=io.StringIO())
    assert sorted(queued) == ["expire_missions", "remind_unanswered_applications", "send_saved_search_alerts"]
