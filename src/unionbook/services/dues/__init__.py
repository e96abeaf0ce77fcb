"""会费 (membership dues): the rule's settings, wage bases, exemptions, the stored monthly ledger
(generated per month, paid by payroll deduction or by hand), arrears and the 会费收缴台账 export.

One module a job: settings (the rule, in app_settings), wage_bases, exemptions, generate (生成本月
应缴), ledger (listing, totals, payments, arrears), export (the .xlsx 台账). The payroll deduction
list's import is services/importing/dues.py; the rule itself is domain/dues.py.
"""

from unionbook.services.dues import exemptions, wage_bases  # noqa: F401 - save_and_apply, delete_and_apply
from unionbook.services.dues.exemptions import (  # noqa: F401 - the package's API
    ExemptionInput,
    ExemptionRow,
    delete_exemption,
    list_exemptions,
    save_exemption,
)
from unionbook.services.dues.generate import MonthGenerated, generate_month, generate_months, regenerate_member  # noqa: F401
from unionbook.services.dues.ledger import (  # noqa: F401 - the package's API
    Arrears,
    DuesFilter,
    DuesRow,
    DuesSort,
    DuesTotals,
    PaymentResult,
    arrears,
    arrears_summary,
    fetch_rows,
    list_rows,
    months_generated,
    query_ids,
    record_payment,
    totals,
    undo_payment,
)
from unionbook.services.dues.settings import get_rule, rule_from_options, save_rule  # noqa: F401
from unionbook.services.dues.wage_bases import (  # noqa: F401 - the package's API
    WageBaseFilter,
    WageBaseInput,
    WageBaseRow,
    delete_wage_base,
    fetch_wage_base_rows,
    list_wage_bases,
    member_history,
    query_wage_base_ids,
    save_wage_base,
)
