import pytest

from solidaires.core import audit
from solidaires.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_entries_cannot_be_changed_or_deleted():
    entry = audit.record(actor=None, action="test.done", after={"x": 1})
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == "test.done"
