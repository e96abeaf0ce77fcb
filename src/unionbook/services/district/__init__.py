"""District level (区总): the data package a grassroots union sends up, and the district book
that keeps one package per union and year and adds them up.

    package_format   the file: a zip of JSON entries and a manifest of their SHA-256s
    package_export   a grassroots union's year → a package (profile, 统计信息, figures, roster)
    book             the district book: init, import (replacing that union's year)
    unions           the union list: facts, who stands in a year, who has not reported
    consolidation    district figures: sums, distinct people by ID number, 工会组织 counts
    summary          the district 年度工作总结 and 统计年报 roll-up
"""
