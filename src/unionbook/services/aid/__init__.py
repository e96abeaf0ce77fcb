"""The aid register (帮扶): hardship files (困难职工档案) and every disbursement (帮扶/慰问发放).

This is where a chair spends real money on real people, so every write is audited, batches are
recorded and undone as a whole, and amounts are integer fen throughout. One module a subject:
hardship files, payments, batches; callers import from this package.
"""

from __future__ import annotations

from unionbook.services.aid.hardship import (  # noqa: F401 - the package's API
    REVIEW_INTERVAL_DAYS,
    HARDSHIP_PROGRAMS,
    CAUSE_SEPARATOR,
    FamilyMemberInput,
    HardshipInput,
    ReviewRow,
    HardshipRow,
    list_hardship_files,
    get_hardship_file,
    validate_hardship,
    save_hardship_file,
    close_hardship_file,
    add_review,
    overdue_reviews,
    HARDSHIP_SORTS,
    HardshipFilter,
    HardshipCounts,
    query_hardship_ids,
    fetch_hardship_rows,
    hardship_counts,
    delete_hardship_file,
    default_review_due,
)
from unionbook.services.aid.payments import (  # noqa: F401 - the package's API
    PaymentInput,
    PaymentRow,
    PaymentFilter,
    validate_payment,
    rule_payment,
    list_payments,
    PAYMENT_SORTS,
    query_payment_ids,
    fetch_payment_rows,
    PaymentTotals,
    payment_totals,
    save_payment,
    delete_payment,
    PersonHistory,
    person_history,
)
from unionbook.services.aid.batches import (  # noqa: F401 - the package's API
    BatchRecipients,
    BatchLine,
    BatchPreview,
    BatchRow,
    BatchCheck,
    PreparedBatch,
    PREPARE_STEPS,
    open_files_at,
    file_open_on,
    validate_batch,
    preview_batch,
    prepare_batch,
    current_check,
    left_members,
    paid_near,
    batch_payments,
    check_batch,
    record_batch,
    list_batches,
    sign_batch,
    undo_batch,
)
from unionbook.services.aid.display import (  # noqa: F401 - the package's API
    goods_text,
    value_text,
    is_goods_only,
)
