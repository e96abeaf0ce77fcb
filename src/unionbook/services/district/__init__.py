"""District level (区总): the data package a grassroots union sends up, and the district book
that keeps one package per union and year and adds them up.

    package_format   the file: a zip of JSON entries and a manifest of their SHA-256s (format 2; 1 still read)
    package_export   a grassroots union's year → a package (profile, 统计信息, figures of the calendar
                     year and the 统计年度, the people by key, the roster when asked)
    people           the people behind the distinct-person figures: a key per person, a bit per figure
    book             the district book: init, import (replacing that union's year)
    guard            a district book refuses grassroots writes (one engine event), and the CLI's
                     grassroots commands on it
    unions           the union list: facts, who stands in a year, who has not reported
    consolidation    district figures: sums, distinct people by key, 工会组织 counts, for either period
    summary          the district 年度工作总结 and 统计年报 roll-up
"""
