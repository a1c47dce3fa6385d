# ruff: noqa: E501
"""Texts of the rules (descriptions, notes, doubts, titles of sources), marked for translation.

The YAML files under ``rules/parameters`` are the source; this list repeats their texts so that
``makemessages`` extracts them. ``tests/crossborder/test_rules.py`` fails when the two drift apart.
"""

from django.utils.translation import gettext_noop

TEXTS = (
    gettext_noop(
        "Telework in the residence state during the COVID-19 pandemic and the transition after it does not change the social-security state (national start dates: 12 March 2020 in the Netherlands, 13 March 2020 in Belgium)"
    ),
    gettext_noop("Administrative Commission Decision H14 (guidance notes on COVID-19 and telework), OJ C/2024/594"),
    gettext_noop("SVB – Thuiswerken en sociale verzekering"),
    gettext_noop(
        "Transition period after the pandemic arrangement, first to 31 December 2022, then extended to 30 June 2023."
    ),
    gettext_noop("Luxembourg Ministry of Social Security – cross-border workers and telework after 30 June 2022"),
    gettext_noop("BE applies the framework agreement on habitual cross-border telework"),
    gettext_noop("FPS Social Security (depositary) – Cross-border telework in the EU, EEA and Switzerland"),
    gettext_noop("DE applies the framework agreement on habitual cross-border telework"),
    gettext_noop("FR applies the framework agreement on habitual cross-border telework"),
    gettext_noop("France – signature of the framework agreement on cross-border telework (30 June 2023)"),
    gettext_noop("LU applies the framework agreement on habitual cross-border telework"),
    gettext_noop("NL applies the framework agreement on habitual cross-border telework"),
    gettext_noop(
        "Telework share in the residence state below which the framework agreement can keep the employer state (0 = not in force)"
    ),
    gettext_noop(
        "Only on a joint request of employer and worker, filed in the employer state; requests reach back 3 months (12 months for requests filed by 30 June 2024)."
    ),
    gettext_noop("CCSS – Framework agreement on cross-border telework"),
    gettext_noop("Share of working time below which work in another state is marginal and disregarded"),
    gettext_noop(
        "The regulation says marginal activities are disregarded but names no percentage; the 5 % figure comes from the Administrative Commission's practical guide."
    ),
    gettext_noop("Regulation (EU) No 465/2012, inserting art. 14(5b) into Regulation 987/2009 (marginal activities)"),
    gettext_noop(
        "Share of working time in the residence state from which a person working in several states is insured there"
    ),
    gettext_noop("Regulation (EC) No 987/2009, implementing Regulation 883/2004, art. 14(8)"),
    gettext_noop("Regulation (EC) No 883/2004 on the coordination of social security systems"),
    gettext_noop("Home-working days due to COVID-19 count as worked in the employer state (Belgium – Germany)"),
    gettext_noop("EY – COVID-19 special rules for cross-border commuters end (BMF letter of 25 March 2022)"),
    gettext_noop("Home-working days due to COVID-19 count as worked in the employer state (Belgium – France)"),
    gettext_noop(
        "FPS Finance – tax treaties with Germany, the Netherlands, France and Luxembourg: COVID-19 agreements"
    ),
    gettext_noop("Home-working days due to COVID-19 count as worked in the employer state (Belgium – Luxembourg)"),
    gettext_noop("Belgium–Luxembourg COVID-19 tax agreement of 19 May 2020 and its extensions"),
    gettext_noop("Home-working days due to COVID-19 count as worked in the employer state (Belgium – the Netherlands)"),
    gettext_noop("Staatscourant 2022, 9700 – end of the Belgium–Netherlands COVID-19 agreement on 30 June 2022"),
    gettext_noop("Home-working days due to COVID-19 count as worked in the employer state (Germany – Luxembourg)"),
    gettext_noop(
        "BMF – Germany–Luxembourg mutual agreement on COVID-19 home working and its termination (BStBl I 2022, 326)"
    ),
    gettext_noop("Home-working days due to COVID-19 count as worked in the employer state (Germany – the Netherlands)"),
    gettext_noop("Home-working days due to COVID-19 count as worked in the employer state (France – Luxembourg)"),
    gettext_noop("CFCI – COVID-19 agreement between France and Luxembourg"),
    gettext_noop("Home-working days due to COVID-19 count as worked in the employer state (France – the Netherlands)"),
    gettext_noop("No COVID-19 tax arrangement between France and the Netherlands was found."),
    gettext_noop(
        "Home-working days due to COVID-19 count as worked in the employer state (Luxembourg – the Netherlands)"
    ),
    gettext_noop("No COVID-19 tax arrangement between Luxembourg and the Netherlands was found."),
    gettext_noop(
        "French residents who kept frontier-worker status are taxed in France on pay from work in the Belgian border zone"
    ),
    gettext_noop(
        "French residents who kept frontier-worker status (held on 31 December 2011, living and working in the border zones) are taxed in France until 2033 and may leave the Belgian border zone on at most 30 days a year; the check does not model that regime."
    ),
    gettext_noop("Securex – French frontier-worker regime, kept until 2033 under conditions"),
    gettext_noop("Article of the Belgium – Germany tax treaty on government service (0 = not verified)"),
    gettext_noop(
        "The number and wording of the government-service article of this treaty were not verified; the check applies the usual rule (only the paying state taxes)."
    ),
    gettext_noop("Article of the Belgium – France tax treaty on government service (0 = not verified)"),
    gettext_noop("Article of the Belgium – Luxembourg tax treaty on government service (0 = not verified)"),
    gettext_noop("Article of the Belgium – the Netherlands tax treaty on government service (0 = not verified)"),
    gettext_noop("Belgium–Netherlands tax treaty of 5 June 2001 (Trb. 2001, 136)"),
    gettext_noop("Article of the Germany – Luxembourg tax treaty on government service (0 = not verified)"),
    gettext_noop("Germany–Luxembourg tax treaty of 23 April 2012, art. 18 (NWB commentary)"),
    gettext_noop(
        "From 2024 art. 18(1)(b) adds a rule for fewer than 35 working days outside the residence state that the check does not model."
    ),
    gettext_noop(
        "EY – amending protocol of 6 July 2023 to the Germany–Luxembourg tax treaty, applicable from 1 January 2024"
    ),
    gettext_noop("Article of the Germany – the Netherlands tax treaty on government service (0 = not verified)"),
    gettext_noop("Germany–Netherlands tax treaty of 12 April 2012, art. 18 (BGBl. 2012 II)"),
    gettext_noop("From 2026 the protocol adds a 34-day rule for public pay that the check does not model."),
    gettext_noop("Rijksoverheid – Netherlands amends its tax treaty with Germany for cross-border workers (34 days)"),
    gettext_noop("Article of the France – Luxembourg tax treaty on government service (0 = not verified)"),
    gettext_noop("Article of the France – the Netherlands tax treaty on government service (0 = not verified)"),
    gettext_noop("Article of the Luxembourg – the Netherlands tax treaty on government service (0 = not verified)"),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (Belgium – Germany; 0 = no tolerance)"
    ),
    gettext_noop(
        "No day tolerance between Belgium and Germany was found in an official source; the check applies the treaty's general rule (salary taxed where the work is done)."
    ),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (Belgium – France; 0 = no tolerance)"
    ),
    gettext_noop(
        "No day tolerance between Belgium and France was found in an official source; the check applies the treaty's general rule (salary taxed where the work is done)."
    ),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (Belgium – Luxembourg; 0 = no tolerance)"
    ),
    gettext_noop(
        "Every day worked even partly outside the employer state counts, including days in third states; over the limit, all those days are taxed in the residence state from the first day."
    ),
    gettext_noop(
        "Avenant of 5 December 2017 to the Belgium–Luxembourg tax convention (24-day rule of the agreement of 16 March 2015)"
    ),
    gettext_noop("Avenant of 31 August 2021 to the Belgium–Luxembourg tax convention: 34 days from 2022"),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (Belgium – the Netherlands; 0 = no tolerance)"
    ),
    gettext_noop("Grenzinfo – the Netherlands and Belgium conclude a new tax treaty (no telework rule)"),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (Germany – Luxembourg; 0 = no tolerance)"
    ),
    gettext_noop("Every part day outside Luxembourg counts as a whole day; not reduced for part-time work."),
    gettext_noop("Luxembourg ACD newsletter of 26 August 2022 on tolerance thresholds (as summarised by Lexnow)"),
    gettext_noop(
        "A day counts once at least 30 minutes are worked outside Luxembourg; the limit also covers public-sector pay."
    ),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (Germany – the Netherlands; 0 = no tolerance)"
    ),
    gettext_noop("Rijksoverheid – Germany–Netherlands treaty protocol (no tolerance before 2026)"),
    gettext_noop(
        "A day counts once at least 30 minutes are worked outside the employer state; third-state days count."
    ),
    gettext_noop("KPMG – amending protocol to the Germany–Netherlands treaty in force on 31 December 2025"),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (France – Luxembourg; 0 = no tolerance)"
    ),
    gettext_noop("The legal basis of the 29 days for 2019, before the 2018 treaty applied, was not verified."),
    gettext_noop(
        "For part-time workers Luxembourg reduces the 29 days pro rata; every part day outside Luxembourg counts as a whole day."
    ),
    gettext_noop(
        "Applied from 1 January 2023; France ratified the avenant in February 2025. Luxembourg reduces the limit pro rata for part-time workers."
    ),
    gettext_noop("Government of Luxembourg – approval of the France–Luxembourg avenant of 7 November 2022 (34 days)"),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (France – the Netherlands; 0 = no tolerance)"
    ),
    gettext_noop(
        "No day tolerance between France and the Netherlands was found in an official source; the check applies the treaty's general rule (salary taxed where the work is done)."
    ),
    gettext_noop(
        "Working days outside the employer state that keep the whole salary taxable there (Luxembourg – the Netherlands; 0 = no tolerance)"
    ),
    gettext_noop(
        "No day tolerance between Luxembourg and the Netherlands was found in an official source; the check applies the treaty's general rule (salary taxed where the work is done)."
    ),
    gettext_noop("Regulation (EC) No 883/2004, art. 11(3)(a) – work in one state only"),
    gettext_noop("Regulation (EC) No 883/2004, art. 11(3)(b) – civil servants"),
    gettext_noop("Regulation (EC) No 883/2004, art. 13(1) – work in two or more states"),
    gettext_noop(
        "Regulation (EC) No 883/2004, art. 16(1) – agreements on exceptions (basis of the framework agreement)"
    ),
    gettext_noop("Tax treaty between the two states, article on employment income (art. 15 of the OECD model)"),
)
