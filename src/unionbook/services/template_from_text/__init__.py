"""从往年总结生成模板 (issue #16): last year's 工作总结 in, a template whose numbers are figure
variables out, so that next December the same document, in the chair's own words, fills itself.

- slots.py: where the numbers are (56名, 3.2万元, X余名, 六次, 90%);
- rules.py: the matching table (resources/template_from_text/rules.json), checked against the
  figure registry;
- matching.py: which figure a slot is, from the words around it and the units;
- analysis.py: reading the summary, proposing, writing the template and the report.
"""

from unionbook.services.template_from_text.analysis import (
    PASTED,
    Analysis,
    Proposal,
    analyse_docx_bytes,
    analyse_file,
    analyse_text,
    build,
    expression,
    preview,
    report,
    template_name_for,
    write_template,
)
from unionbook.services.template_from_text.rules import RuleTable, default_table, load_table
from unionbook.services.template_from_text.slots import Slot, SlotKind

__all__ = [
    "PASTED",
    "Analysis",
    "Proposal",
    "RuleTable",
    "Slot",
    "SlotKind",
    "analyse_docx_bytes",
    "analyse_file",
    "analyse_text",
    "build",
    "default_table",
    "expression",
    "load_table",
    "preview",
    "report",
    "template_name_for",
    "write_template",
]
