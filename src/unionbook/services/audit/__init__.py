"""The audit trail (one module a job: trail, exports, labels, reading), written by a session hook so that no service can forget it.

After every flush, each created, changed or deleted row (other than audit rows themselves) gets an
AuditEntry inserted on the same connection, inside the same transaction: if the change rolls back,
so does its audit entry. Bulk work that bypasses the ORM (imports, demo generation) records one
summary entry through `record()`.

Files written out of the records are recorded through ONE function, `record_export()`: what was
exported, how many people or records, whether full ID numbers and phones were in it, and the file's
name (never its folder, which can name the user's account). A restore is recorded by
`record_restore()` into the restored database, so the entry survives the restore.
"""

from __future__ import annotations

from unionbook.services.audit.trail import (  # noqa: F401 - the package's API
    install_audit,
    audit_stamp,
    record,
    history,
)
from unionbook.services.audit.exports import (  # noqa: F401 - the package's API
    ExportKind,
    record_export,
    record_restore,
)
from unionbook.services.audit.labels import (  # noqa: F401 - the package's API
    ACTION_LABELS,
    TABLE_LABELS,
    REGISTER_TABLES,
    SOURCE_LABELS,
    mask_text,
    field_label,
    AuditFilter,
    FieldChange,
    AuditRow,
    Names,
)
from unionbook.services.audit.reading import (  # noqa: F401 - the package's API
    entry_ids,
    entries_by_id,
    list_entries,
    count_entries,
    EXPORT_HEADERS,
    export_entries,
    ExportedEntries,
)
