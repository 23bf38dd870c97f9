"""The drafter (issue 25) on texts the project had not seen: plans and decisions whose
answer keys are in tests/fixtures/unseen_decisions/ (<name>.key.yml, written by hand
from reading the text and committed before the drafter was first run on it: commits e03a70a,
8e0aa2e, 8dc1226, 8a049e7, 0d1f28a, a3991f8, 069cfc1, 0648fa1, 1d7a66a, a071050, 64ae0f9,
7bfe7e1, fe2bfe5, 5153ca7, 040e031, 63faa20, 3f0c694, 812be5d, 5e816e7, 15edd64 and
f6d3a82). The texts themselves are local copies, not committed (see TEXT_HASHES): without
them the tests that read a text are skipped.

The honest unseen measure is that first run, one shot, recorded in ONE_SHOT and printed as
it was: commit a204a83 for the two provincial plans (keys of e03a70a); a second round on two
national decisions (keys of 8e0aa2e, drafted by the rules of 862db65); a third on a
provincial plan and a published summary of four resolutions (keys of 8dc1226, rules of
7fba511); a fourth on a provincial plan and a national decision (keys of 8a049e7, rules of
a7df564); a fifth on two provincial plans (keys of 0d1f28a, rules of 2535a0b); a sixth on a
provincial plan and a resolution of the National Assembly (keys of a3991f8, rules of
4596b15); a seventh on a provincial plan and a published summary of a national programme
(keys of 069cfc1, rules of c00a80f); an eighth on two provincial plans (keys of 0648fa1,
rules of abed38f); a ninth on two provincial plans (keys of 1d7a66a, rules of f3524ae); a
tenth on two provincial plans, a decision of the Prime Minister and one of his official
telegrams (keys of a071050, rules of c4186c3); an eleventh on three decisions of the Prime
Minister taken from the Official Gazette and three provincial plans, one of them a published
summary (keys of 64ae0f9 and 7bfe7e1, rules of b75583a); a twelfth on two provincial plans
and a resolution of the Government (keys of fe2bfe5, rules of c26a205); a thirteenth on a
resolution of the Government from the Official Gazette, three published summaries of
national documents and a page quoting a conclusion of the Politburo (keys of 5153ca7, rules
of 9f821ab); a fourteenth on a resolution of the Government that mostly reports results and
four published summaries (keys of 040e031, rules of 8acb319); a fifteenth on a resolution of
the Government (its running text) and a published summary (keys of 63faa20, rules of
cf378d1); a sixteenth on three texts of the Party (keys of 3f0c694, rules of 596fa0a); a
seventeenth on two published summaries, one of a master plan with no target (keys of
812be5d, rules of 50b36a1); an eighteenth on two pages, one of a master plan (keys of
5e816e7, rules of 0df4913); a nineteenth on two planning pages (keys of 15edd64, rules of
7f353fe); a twentieth on two more (keys of f6d3a82, rules of 8bfec2c), printed here as they
were before any rule was changed in view of them. The first round's errors led to rules of
Vietnamese usage (a list lead's year, a heading's year within its section, ranges of days,
"trên" as "on", a named site's size) and to a unit-aware score, the second round's to rules
on base years, counts after a goal word, footnotes, times of day and an annex table's
deadline cells, the third round's to rules on goal headings, years of issue, negated bounds,
ranks, indexes and units of energy (and to a score that knows a unit as a text spells it,
"tỉ KWh"), the fourth round's to rules on a sub-item's heading, phase leads, yearly changes,
lists of ranks and counts inside shares; the fifth round's (HCMC 174/KH-UBND's) to rules on
rates per a denominator, numbers of times, counts spelled in words and the level a change
starts from; the sixth round's (Sơn La 2954/QĐ-UBND's and 192/2025/QH15's) to rules on money
units ("triệu USD", "tỉ đô la Mỹ (USD)"), the parts of a total ("Trong đó:", its year), a
section of duties (no horizon) and sums allocated (a means, no target); the seventh round's
(Đồng Nai 179/KH-UBND's; the 1717/QĐ-TTg summary gave no error) to rules on a heading's
count of its items ("(6 mục tiêu)", no target), a bound on who a share counts ("tỷ lệ người
dân trên 15 tuổi … 80%", a condition) and a multiple of a named measure ("gấp 30 lần GRDP",
a level; "tăng gấp 2 lần" stays a factor), its share among the tasks keeping the title's
horizon as the project's catalogs date such a share (Kon Tum's III.11.b); the eighth round's
(Hà Tĩnh 624/KH-UBND's; Cần Thơ 165/KH-UBND gave no error) to a rule on the name of a
document cited ("… phê duyệt Đề án “Đầu tư xây dựng ít nhất 01 triệu căn hộ …”": a number
there is that document's, no target; the name ends at its closing quote, else at a comma, a
semicolon, a bracket or a word turning to the plan's own aim, "với mục tiêu", "phấn đấu", so
a target after it is kept); the ninth round's (Cà Mau 0204/KH-UBND's, a budget plan whose
first part reports 2025; Cần Thơ 153/KH-UBND gave no error) to rules on results reported, no
targets: a section whose numbered heading reports ("TÌNH HÌNH THỰC HIỆN …", "KẾT QUẢ ĐẠT
ĐƯỢC", "Thực trạng", "Bối cảnh") until a heading of its level or one below it turning to the
plan's aims ("Mục tiêu", "Dự báo", "Nhiệm vụ"), and, anywhere, a number with a result's
words (an estimate of the period under way, "ước cả năm", "ước thực hiện"; a running total,
"lũy kế", "đến nay"; a comparison with the same period, "so cùng kỳ"; a share of the year's
plan or budget, "đạt 102,70% dự toán", "vượt 11,69% so dự toán"), unless "phấn đấu" stands
before it (its "chiếm khoảng 27,31%", a share the text calls too high, read '>=' where the
key reads '<=', is a reader's judgement and changed no rule); the tenth round's (Hà Nội
310/KH-UBND's and 220/CĐ-TTg's; 2597/QĐ-TTg gave no error) to two more rules on results: a
word of the present before a number in its piece ("Hiện nay, … khoảng 180 trạm", "hiện tại",
"hiện có"; not the "hiện" of "thực hiện", nor "so với hiện nay") and a share in brackets
after a fraction, its ratio ("3.507/6.708 (chiếm 52,3%)", "… (đạt 62,8%)"); and to a rule on
counts: a bare number and its noun right after "hoàn thành" and a few words of its verb are
a count to reach ("hoàn thành sửa đổi, bổ sung 485 văn bản"; not a stage's number, "giai
đoạn 2") and to a rule on years: a year printed after "trong đó" that follows a number is
the part's own ("485 văn bản …, trong đó … 319 VBQPPL … trong năm 2025" dates the 319 only);
Cần Thơ 157/KH-UBND's cap on awards ("không quá 10% tập thể"), a reader's judgement, changed
no rule. The eleventh round's errors (982/QĐ-TTg's, Nghệ An 987/KH-UBND's and the Hồ Chí
Minh City 188/KH-UBND summary's; 893/QĐ-TTg, 892/QĐ-TTg and Đồng Tháp 617/KH-UBND gave none)
led to rules on money a year ("55 tỷ USD/năm", a unit of its own), the bar the members of a
count must clear ("60 doanh nghiệp … có doanh thu … đạt 20 triệu USD/năm", "mỗi thương vụ từ
01 triệu USD trở lên": a condition, the count the target), a count after a label's colon
("Đầu tư mới trạm 5G: 35 trạm", a target), a heading of the present state ("Hiện trạng",
reporting as "Thực trạng" does), "+" items nested under a "-" item (still items of their
list, dated by its lead) and "tiết" naming a part of a text ("tiết 2.1", no count). The
twelfth round's errors (380/NQ-CP's and Đồng Tháp 597/KH-UBND's; Bắc Ninh 141/KH-UBND's four
shares dated with the title's horizon are the project's convention, changed no rule) led to
rules on whose a year, a period or a "/năm" is (a year after "và" opening a clause of its
own is that clause's: "cả năm 2025 đạt trên 8% và năm 2026 đạt từ 10%"; a period in a line
of the legal basis, "Căn cứ … giai đoạn 2025-2030", is the cited document's, no horizon; a
"/năm" inside a number's unit, "20 triệu USD/năm", makes no count a count a year) and on
means, no targets (a sum granted, "hỗ trợ 3.515 tỷ đồng cho 08 tỉnh"; a rate set or cut for
those supported, "giảm lãi suất cho vay 2%/năm"). The thirteenth round's errors (all five
texts') led to rules on lists numbered in brackets (dated by their lead), a title (no bullet
line: a period the body cites is no horizon), a standard's period ("theo Bộ tiêu chí … giai
đoạn 2026 - 2030"), percentage points, rates named before their value, measures held down
("khoảng" a ceiling for inflation, poverty, debt …), ranks in groups and places ("thuộc
nhóm: 70 nước dẫn đầu", "đứng thứ hai"), a multiple with its base year, periods "từ năm …
đến năm …", a year opening a sentence framing its paragraph, counts of phases and of tiers,
bare counts under a heading of specific targets, "hoàn thành" stopping at "các" and "trên
tất cả" as a scope. The fourteenth round's (122/NQ-CP's, 2259/QĐ-BTTTT's and 57-NQ/TW's;
2161/QĐ-TTg and 397/NQ-CP gave none) led to rules on a heading of results ("Những kết quả
nổi bật"), a time word after a number's unit (no duration), goal words opening a target's
words, "N con số", one change word over a comma list ("cắt giảm 50% thời gian …, 50% chi phí
…"), aim verbs ("bảo đảm giải ngân 100%"), a bound before "có", verbs of holding a level
("duy trì trên 0,7"), rates with "trên" after the value, bands of counts ("có từ 40 - 50 tổ
chức"), a Q&A page's questions ending the headings above them, a text's count of its own
indicators, one-line table rows ("… | tối thiểu 100 người | …") and "?" ending a sentence
before a digit; 122's counts of documents to submit ("trình 06 Nghị định"), which the same
verb's "02 đề án" contradicts, changed no rule. The fifteenth round's (109/NQ-CP's and the
2269/QĐ-BCT summary's) led to rules on a period compared with ("so với giai đoạn 2021 -
2025", a base, no deadline), a number a year that counts no noun ("2 con số"), a frequency
spelled in words ("ít nhất mỗi năm một lần", a count a year), a negation before a goal word
(it flips no bound after it), a number before a scale word ("45 - 50 triệu lượt khách", an
amount), kilometres as a unit and a share held in reserve ("Dự phòng chung … là 10%", a
means); 2269's rank dated 2027 by its list lead, which the key leaves undated as a rank for
"the period after" ("trong giai đoạn tiếp theo"), is a reader's judgement and changed no
rule. The texts of a round whose errors changed rules are NO LONGER UNSEEN: the figures this
test computes (lines `DRAFT after-rule-changes=`) are labelled "after rules were changed in
view of these texts (no longer unseen)", not a measure on unseen text.

A target of the key is found when a draft has its comparator, value (or, for a range, its low
and high), year and unit family (the rule of tests/reference/scoring.py). Three figures per text:
- `strict`: the year must be the key's (the year the sentence, its heading or its list lead
  prints; empty where none does, as issue 25 asks: "a year is left empty, never guessed");
- `without_year`: comparator and value only;
- `title_horizon`: where the key's year is empty, the horizon the document's title names
  (what a reader who takes the title's horizon would write) is wanted instead.
The counts come from the keys; nothing here depends on the drafter's score."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ggutils.reference.provinces import load_register
from tests.conftest import DATA, ROOT
from tests.reference.scoring import Tally, unit_family
from tests.reference.test_targets import _squash

UNSEEN = ROOT / "tests" / "fixtures" / "unseen_decisions"
KEYS = sorted(UNSEEN.glob("*.key.yml"))
# The texts are third-party copies taken from fetched snapshots of public repositories, so
# they are not committed (the search tool's rule: what `fetch` brings stays out of commits).
# Each key names its source at a commit and its conversion; a local copy beside the keys
# (<name>.txt, ignored by git) is used when it is there and is checked against the hash the
# key was written on (TEXT_HASHES). Without it, the tests that read the text are skipped.
TEXT_HASHES = UNSEEN / "texts.sha256"
TARGET_FIELDS = {"clause", "words", "comparator", "value", "unit", "year", "year_from"}
RANGE_FIELDS = TARGET_FIELDS | {"low", "high"}   # a range's bounds (keys of 904b597 on)
GOAL_RECALL, GOAL_PRECISION = 0.9, 0.8          # issue 25's goal, printed beside the figures
AFTER = "after rules were changed in view of these texts (no longer unseen)"
# The one-shot run on the unseen texts (commit a204a83, rules as of e03a70a), as recorded:
# `as_scored` by the score of then (blind to units), `with_units` the same drafts scored by
# the unit-aware score (commit d6427c8, no rule changed). Written once; never recomputed.
# `with_bounds`, for each key with a range: the same one-shot drafts (the drafter rerun at
# its round's rules commit, in a worktree) scored by that round's unit-aware score with the
# range's bounds compared too (the keys' low and high, 904b597). It reproduced `with_units`
# exactly without the bounds; with them two figures drop by one (a range drafted with other
# bounds had counted as found: the Politburo summary's without_year found 35 to 34, Cà Mau's
# without_year right 24 to 23). The strict figures are unchanged. Where present it is the
# figure pooled. `title_horizon`, for every text: the same one-shot drafts (rerun at each
# round's rules commit, round 1's scored by d6427c8's score, every strict and without_year
# figure above reproduced exactly) scored where the key's year is empty against the horizon
# its title names (what a reader who dates such targets by the plan's horizon would write,
# as the project's catalogs do).
ONE_SHOT = {
    "dong-thap-556-kh-ubnd-2025": {
        "round": 1,
        "as_scored": "strict 0.75/0.64 (6/8, 7/11); without_year 1.00/0.82 (8/8, 9/11)",
        "with_units": "strict 0.75/0.55 (6/8, 6/11); without_year 1.00/0.73 (8/8, 8/11)",
        "title_horizon": "title_horizon 1.00/0.73 (8/8, 8/11)"},
    "ho-chi-minh-2853-qd-ubnd-2025": {
        "round": 1,
        "as_scored": "strict 0.00/0.00 (0/6, 0/7); without_year 1.00/0.86 (6/6, 6/7)",
        "with_units": "strict 0.00/0.00 (0/6, 0/7); without_year 1.00/0.86 (6/6, 6/7)",
        "title_horizon": "title_horizon 0.00/0.00 (0/6, 0/7)"},
    # Second round: keys committed in 8e0aa2e, drafts of the rules as of 862db65, scored by
    # the unit-aware score of that commit (so `as_scored` and `with_units` are one figure).
    "chinh-phu-394-nq-cp-2025": {
        "round": 2,
        "as_scored": "strict 1.00/1.00 (10/10, 10/10); without_year 1.00/1.00 (10/10, 10/10)",
        "with_units": "strict 1.00/1.00 (10/10, 10/10); without_year 1.00/1.00 (10/10, 10/10)",
        "title_horizon": "title_horizon 1.00/1.00 (10/10, 10/10)"},
    "thu-tuong-2530-qd-ttg-2025": {
        "round": 2,
        "as_scored": "strict 0.56/0.65 (24/43, 28/43); without_year 0.84/0.86 (36/43, 37/43)",
        "with_units": "strict 0.56/0.65 (24/43, 28/43); without_year 0.84/0.86 (36/43, 37/43)",
        "with_bounds": "strict 0.56/0.65 (24/43, 28/43); without_year 0.84/0.86 (36/43, 37/43)",
        "title_horizon": "title_horizon 0.67/0.65 (29/43, 28/43)"},
    # Third round: keys committed in 8dc1226, drafts of the rules as of 7fba511 (changed in
    # view of 2530/QĐ-TTg by then, never in view of these two texts).
    "dong-thap-552-kh-ubnd-2025": {
        "round": 3,
        "as_scored": "strict 0.92/0.95 (22/24, 19/20); without_year 0.92/1.00 (22/24, 20/20)",
        "with_units": "strict 0.92/0.95 (22/24, 19/20); without_year 0.92/1.00 (22/24, 20/20)",
        "title_horizon": "title_horizon 0.92/0.95 (22/24, 19/20)"},
    "bo-chinh-tri-59-70-71-72-2025-tom-tat": {
        "round": 3,
        "as_scored": "strict 0.07/0.08 (3/44, 3/38); without_year 0.80/0.89 (35/44, 34/38)",
        "with_units": "strict 0.07/0.08 (3/44, 3/38); without_year 0.80/0.89 (35/44, 34/38)",
        "with_bounds": "strict 0.07/0.08 (3/44, 3/38); without_year 0.77/0.89 (34/44, 34/38)",
        "title_horizon": "title_horizon 0.07/0.08 (3/44, 3/38)"},
    # Fourth round: keys committed in 8a049e7, drafts of the rules as of a7df564 (changed in
    # view of the Politburo summary by then, never in view of these two texts).
    "dong-nai-182-kh-ubnd-2025": {
        "round": 4,
        "as_scored": "strict 0.61/0.35 (14/23, 8/23); without_year 1.00/0.96 (23/23, 22/23)",
        "with_units": "strict 0.61/0.35 (14/23, 8/23); without_year 1.00/0.96 (23/23, 22/23)",
        "title_horizon": "title_horizon 0.61/0.35 (14/23, 8/23)"},
    "thu-tuong-2629-qd-ttg-2025": {
        "round": 4,
        "as_scored": "strict 0.61/0.79 (34/56, 46/58); without_year 0.96/0.93 (54/56, 54/58)",
        "with_units": "strict 0.61/0.79 (34/56, 46/58); without_year 0.96/0.93 (54/56, 54/58)",
        "title_horizon": "title_horizon 0.61/0.79 (34/56, 46/58)"},
    # Fifth round: keys committed in 0d1f28a, drafts of the rules as of 2535a0b (changed in
    # view of the fourth round's texts by then, never in view of these two).
    "bac-ninh-144-kh-ubnd-2025": {
        "round": 5,
        "as_scored": "strict 0.98/1.00 (41/42, 42/42); without_year 1.00/1.00 (42/42, 42/42)",
        "with_units": "strict 0.98/1.00 (41/42, 42/42); without_year 1.00/1.00 (42/42, 42/42)",
        "title_horizon": "title_horizon 1.00/1.00 (42/42, 42/42)"},
    "ho-chi-minh-174-kh-ubnd-2025": {
        "round": 5,
        "as_scored": "strict 0.80/1.00 (20/25, 21/21); without_year 0.80/1.00 (20/25, 21/21)",
        "with_units": "strict 0.80/1.00 (20/25, 21/21); without_year 0.80/1.00 (20/25, 21/21)",
        "title_horizon": "title_horizon 0.80/1.00 (20/25, 21/21)"},
    # Sixth round: keys committed in a3991f8, drafts of the rules as of 4596b15 (changed in
    # view of HCMC 174/KH-UBND by then, never in view of these two texts).
    "son-la-2954-qd-ubnd-2025": {
        "round": 6,
        "as_scored": "strict 0.89/0.97 (32/36, 32/33); without_year 0.92/1.00 (33/36, 33/33)",
        "with_units": "strict 0.89/0.97 (32/36, 32/33); without_year 0.92/1.00 (33/36, 33/33)",
        "with_bounds": "strict 0.89/0.97 (32/36, 32/33); without_year 0.92/1.00 (33/36, 33/33)",
        "title_horizon": "title_horizon 0.92/1.00 (33/36, 33/33)"},
    "quoc-hoi-192-nq-qh15-2025": {
        "round": 6,
        "as_scored": "strict 0.80/0.86 (12/15, 12/14); without_year 0.80/0.86 (12/15, 12/14)",
        "with_units": "strict 0.80/0.86 (12/15, 12/14); without_year 0.80/0.86 (12/15, 12/14)",
        "with_bounds": "strict 0.80/0.86 (12/15, 12/14); without_year 0.80/0.86 (12/15, 12/14)",
        "title_horizon": "title_horizon 0.67/0.71 (10/15, 10/14)"},
    # Seventh round: keys committed in 069cfc1, drafts of the rules as of c00a80f (changed in
    # view of the sixth round's texts by then, never in view of these two).
    "dong-nai-179-kh-ubnd-2025": {
        "round": 7,
        "as_scored": "strict 0.93/0.91 (28/30, 30/33); without_year 0.97/0.91 (29/30, 30/33)",
        "with_units": "strict 0.93/0.91 (28/30, 30/33); without_year 0.97/0.91 (29/30, 30/33)",
        "title_horizon": "title_horizon 0.97/0.91 (29/30, 30/33)"},
    "thu-tuong-1717-qd-ttg-2024-tom-tat": {
        "round": 7,
        "as_scored": "strict 1.00/1.00 (25/25, 25/25); without_year 1.00/1.00 (25/25, 25/25)",
        "with_units": "strict 1.00/1.00 (25/25, 25/25); without_year 1.00/1.00 (25/25, 25/25)",
        "title_horizon": "title_horizon 1.00/1.00 (25/25, 25/25)"},
    # Eighth round: keys committed in 0648fa1, drafts of the rules as of abed38f (changed in
    # view of the seventh round's texts by then, never in view of these two).
    "can-tho-165-kh-ubnd-2025": {
        "round": 8,
        "as_scored": "strict 1.00/1.00 (10/10, 10/10); without_year 1.00/1.00 (10/10, 10/10)",
        "with_units": "strict 1.00/1.00 (10/10, 10/10); without_year 1.00/1.00 (10/10, 10/10)",
        "title_horizon": "title_horizon 1.00/1.00 (10/10, 10/10)"},
    "ha-tinh-624-kh-ubnd-2025": {
        "round": 8,
        "as_scored": "strict 1.00/0.90 (9/9, 9/10); without_year 1.00/0.90 (9/9, 9/10)",
        "with_units": "strict 1.00/0.90 (9/9, 9/10); without_year 1.00/0.90 (9/9, 9/10)",
        "title_horizon": "title_horizon 1.00/0.90 (9/9, 9/10)"},
    # Ninth round: keys committed in 1d7a66a, drafts of the rules as of f3524ae (changed in
    # view of the eighth round's texts by then, never in view of these two).
    "ca-mau-0204-kh-ubnd-2025": {
        "round": 9,
        "as_scored": "strict 0.93/0.22 (14/15, 23/106); without_year 0.93/0.23 (14/15, 24/106)",
        "with_units": "strict 0.93/0.22 (14/15, 23/106); without_year 0.93/0.23 (14/15, 24/106)",
        "with_bounds": "strict 0.93/0.22 (14/15, 23/106); without_year 0.93/0.22 (14/15, 23/106)",
        "title_horizon": "title_horizon 0.93/0.22 (14/15, 23/106)"},
    "can-tho-153-kh-ubnd-2025": {
        "round": 9,
        "as_scored": "strict 1.00/1.00 (17/17, 17/17); without_year 1.00/1.00 (17/17, 17/17)",
        "with_units": "strict 1.00/1.00 (17/17, 17/17); without_year 1.00/1.00 (17/17, 17/17)",
        "title_horizon": "title_horizon 1.00/1.00 (17/17, 17/17)"},
    # Tenth round: keys committed in a071050, drafts of the rules as of c4186c3 (changed in
    # view of the ninth round's texts by then, never in view of these four).
    "ha-noi-310-kh-ubnd-2025": {
        "round": 10,
        "as_scored": "strict 1.00/0.83 (5/5, 5/6); without_year 1.00/0.83 (5/5, 5/6)",
        "with_units": "strict 1.00/0.83 (5/5, 5/6); without_year 1.00/0.83 (5/5, 5/6)",
        "title_horizon": "title_horizon 1.00/0.83 (5/5, 5/6)"},
    "can-tho-157-kh-ubnd-2025": {
        "round": 10,
        "as_scored": "strict 1.00/0.71 (5/5, 5/7); without_year 1.00/0.71 (5/5, 5/7)",
        "with_units": "strict 1.00/0.71 (5/5, 5/7); without_year 1.00/0.71 (5/5, 5/7)",
        "title_horizon": "title_horizon 1.00/0.71 (5/5, 5/7)"},
    "thu-tuong-2597-qd-ttg-2025": {
        "round": 10,
        "as_scored": "strict 1.00/1.00 (4/4, 4/4); without_year 1.00/1.00 (4/4, 4/4)",
        "with_units": "strict 1.00/1.00 (4/4, 4/4); without_year 1.00/1.00 (4/4, 4/4)",
        "title_horizon": "title_horizon 1.00/1.00 (4/4, 4/4)"},
    "thu-tuong-220-cd-ttg-2025": {
        "round": 10,
        "as_scored": "strict 0.60/0.50 (3/5, 3/6); without_year 0.60/0.50 (3/5, 3/6)",
        "with_units": "strict 0.60/0.50 (3/5, 3/6); without_year 0.60/0.50 (3/5, 3/6)",
        "title_horizon": "title_horizon 0.60/0.50 (3/5, 3/6)"},
    # Eleventh round: keys committed in 64ae0f9 (three decisions of the Prime Minister from
    # the Official Gazette) and 7bfe7e1 (three provincial plans), drafts of the rules as of
    # b75583a (changed in view of the tenth round's texts by then, never in view of these six).
    "thu-tuong-893-qd-ttg-2026": {
        "round": 11,
        "as_scored": "strict 1.00/1.00 (11/11, 11/11); without_year 1.00/1.00 (11/11, 11/11)",
        "with_units": "strict 1.00/1.00 (11/11, 11/11); without_year 1.00/1.00 (11/11, 11/11)",
        "with_bounds": "strict 1.00/1.00 (11/11, 11/11); without_year 1.00/1.00 (11/11, 11/11)",
        "title_horizon": "title_horizon 1.00/1.00 (11/11, 11/11)"},
    "thu-tuong-982-qd-ttg-2026": {
        "round": 11,
        "as_scored": "strict 0.88/0.64 (7/8, 7/11); without_year 0.88/0.64 (7/8, 7/11)",
        "with_units": "strict 0.88/0.64 (7/8, 7/11); without_year 0.88/0.64 (7/8, 7/11)",
        "title_horizon": "title_horizon 0.88/0.55 (7/8, 6/11)"},
    "thu-tuong-892-qd-ttg-2026": {
        "round": 11,
        "as_scored": "strict 1.00/1.00 (4/4, 4/4); without_year 1.00/1.00 (4/4, 4/4)",
        "with_units": "strict 1.00/1.00 (4/4, 4/4); without_year 1.00/1.00 (4/4, 4/4)",
        "with_bounds": "strict 1.00/1.00 (4/4, 4/4); without_year 1.00/1.00 (4/4, 4/4)",
        "title_horizon": "title_horizon 1.00/1.00 (4/4, 4/4)"},
    "dong-thap-617-kh-ubnd-2025": {
        "round": 11,
        "as_scored": "strict 1.00/1.00 (5/5, 5/5); without_year 1.00/1.00 (5/5, 5/5)",
        "with_units": "strict 1.00/1.00 (5/5, 5/5); without_year 1.00/1.00 (5/5, 5/5)",
        "title_horizon": "title_horizon 1.00/1.00 (5/5, 5/5)"},
    "nghe-an-987-kh-ubnd-2025": {
        "round": 11,
        "as_scored": "strict 0.15/0.67 (2/13, 2/3); without_year 0.15/0.67 (2/13, 2/3)",
        "with_units": "strict 0.15/0.67 (2/13, 2/3); without_year 0.15/0.67 (2/13, 2/3)",
        "title_horizon": "title_horizon 0.15/0.67 (2/13, 2/3)"},
    "ho-chi-minh-188-kh-ubnd-2025-tom-tat": {
        "round": 11,
        "as_scored": "strict 0.00/0.00 (0/9, 0/10); without_year 1.00/0.90 (9/9, 9/10)",
        "with_units": "strict 0.00/0.00 (0/9, 0/10); without_year 1.00/0.90 (9/9, 9/10)",
        "title_horizon": "title_horizon 0.00/0.00 (0/9, 0/10)"},
    # Twelfth round: keys committed in fe2bfe5 (written while the eleventh round's rules were
    # being made, kept outside the repository until those were committed), drafts of the rules
    # as of c26a205 (changed in view of the eleventh round's texts, never in view of these).
    "bac-ninh-141-kh-ubnd-2025": {
        "round": 12,
        "as_scored": "strict 0.20/0.20 (1/5, 1/5); without_year 1.00/1.00 (5/5, 5/5)",
        "with_units": "strict 0.20/0.20 (1/5, 1/5); without_year 1.00/1.00 (5/5, 5/5)",
        "title_horizon": "title_horizon 1.00/1.00 (5/5, 5/5)"},
    "dong-thap-597-kh-ubnd-2025": {
        "round": 12,
        "as_scored": "strict 0.67/1.00 (2/3, 3/3); without_year 1.00/1.00 (3/3, 3/3)",
        "with_units": "strict 0.67/1.00 (2/3, 3/3); without_year 1.00/1.00 (3/3, 3/3)",
        "title_horizon": "title_horizon 0.67/1.00 (2/3, 3/3)"},
    "chinh-phu-380-nq-cp-2025": {
        "round": 12,
        "as_scored": "strict 0.50/0.33 (2/4, 2/6); without_year 1.00/0.67 (4/4, 4/6)",
        "with_units": "strict 0.50/0.33 (2/4, 2/6); without_year 1.00/0.67 (4/4, 4/6)",
        "title_horizon": "title_horizon 0.50/0.33 (2/4, 2/6)"},
    # Thirteenth round: keys committed in 5153ca7 (a Government resolution from the Official
    # Gazette, three published summaries of national documents and a page quoting 219-KL/TW),
    # drafts of the rules as of 9f821ab (unchanged since 1579f5e, never changed in view of
    # these), scored by the present score (units and range bounds): all three lines the same.
    "chinh-phu-175-nq-cp-2023": {
        "round": 13,
        "as_scored": "strict 0.36/0.45 (8/22, 9/20); without_year 0.68/0.75 (15/22, 15/20)",
        "with_units": "strict 0.36/0.45 (8/22, 9/20); without_year 0.68/0.75 (15/22, 15/20)",
        "title_horizon": "title_horizon 0.36/0.45 (8/22, 9/20)"},
    "thu-tuong-2229-qd-ttg-2025-tom-tat": {
        "round": 13,
        "as_scored": "strict 0.92/1.00 (12/13, 12/12); without_year 0.92/1.00 (12/13, 12/12)",
        "with_units": "strict 0.92/1.00 (12/13, 12/12); without_year 0.92/1.00 (12/13, 12/12)",
        "with_bounds": "strict 0.92/1.00 (12/13, 12/12); without_year 0.92/1.00 (12/13, 12/12)",
        "title_horizon": "title_horizon 0.92/1.00 (12/13, 12/12)"},
    "quoc-hoi-244-nq-qh15-2025-tom-tat": {
        "round": 13,
        "as_scored": "strict 0.44/0.46 (12/27, 11/24); without_year 0.85/0.92 (23/27, 22/24)",
        "with_units": "strict 0.44/0.46 (12/27, 11/24); without_year 0.85/0.92 (23/27, 22/24)",
        "with_bounds": "strict 0.44/0.46 (12/27, 11/24); without_year 0.85/0.92 (23/27, 22/24)",
        "title_horizon": "title_horizon 0.44/0.46 (12/27, 11/24)"},
    "bo-chinh-tri-219-kl-tw-2025": {
        "round": 13,
        "as_scored": "strict 0.92/1.00 (12/13, 12/12); without_year 0.92/1.00 (12/13, 12/12)",
        "with_units": "strict 0.92/1.00 (12/13, 12/12); without_year 0.92/1.00 (12/13, 12/12)",
        "with_bounds": "strict 0.92/1.00 (12/13, 12/12); without_year 0.92/1.00 (12/13, 12/12)",
        "title_horizon": "title_horizon 0.92/1.00 (12/13, 12/12)"},
    "thu-tuong-2415-qd-ttg-2025-tom-tat": {
        "round": 13,
        "as_scored": "strict 0.33/0.88 (7/21, 7/8); without_year 0.43/1.00 (9/21, 8/8)",
        "with_units": "strict 0.33/0.88 (7/21, 7/8); without_year 0.43/1.00 (9/21, 8/8)",
        "title_horizon": "title_horizon 0.33/0.88 (7/21, 7/8)"},
    # Fourteenth round: keys committed in 040e031 (written while the thirteenth round's rules
    # were being made, kept outside the repository until then: a Government resolution from
    # the Official Gazette that mostly reports results, and four published summaries), drafts
    # of the rules as of 8acb319 (changed in view of the thirteenth round's texts, never in
    # view of these), scored by the present score: the scored lines are the same.
    "chinh-phu-122-nq-cp-2026": {
        "round": 14,
        "as_scored": "strict 0.73/0.42 (11/15, 11/26); without_year 0.73/0.42 (11/15, 11/26)",
        "with_units": "strict 0.73/0.42 (11/15, 11/26); without_year 0.73/0.42 (11/15, 11/26)",
        "with_bounds": "strict 0.73/0.42 (11/15, 11/26); without_year 0.73/0.42 (11/15, 11/26)",
        "title_horizon": "title_horizon 0.73/0.42 (11/15, 11/26)"},
    "thu-tuong-2161-qd-ttg-2025-tom-tat": {
        "round": 14,
        "as_scored": "strict 1.00/1.00 (10/10, 10/10); without_year 1.00/1.00 (10/10, 10/10)",
        "with_units": "strict 1.00/1.00 (10/10, 10/10); without_year 1.00/1.00 (10/10, 10/10)",
        "with_bounds": "strict 1.00/1.00 (10/10, 10/10); without_year 1.00/1.00 (10/10, 10/10)",
        "title_horizon": "title_horizon 1.00/1.00 (10/10, 10/10)"},
    "bo-tttt-2259-qd-btttt-2022-tom-tat": {
        "round": 14,
        "as_scored": "strict 0.83/0.67 (10/12, 10/15); without_year 1.00/0.80 (12/12, 12/15)",
        "with_units": "strict 0.83/0.67 (10/12, 10/15); without_year 1.00/0.80 (12/12, 12/15)",
        "title_horizon": "title_horizon 0.83/0.67 (10/12, 10/15)"},
    "chinh-phu-397-nq-cp-2025-tom-tat": {
        "round": 14,
        "as_scored": "strict 1.00/1.00 (5/5, 5/5); without_year 1.00/1.00 (5/5, 5/5)",
        "with_units": "strict 1.00/1.00 (5/5, 5/5); without_year 1.00/1.00 (5/5, 5/5)",
        "title_horizon": "title_horizon 1.00/1.00 (5/5, 5/5)"},
    "bo-chinh-tri-57-nq-tw-2024-tom-tat": {
        "round": 14,
        "as_scored": "strict 0.76/0.95 (19/25, 19/20); without_year 0.84/1.00 (21/25, 20/20)",
        "with_units": "strict 0.76/0.95 (19/25, 19/20); without_year 0.84/1.00 (21/25, 20/20)",
        "with_bounds": "strict 0.76/0.95 (19/25, 19/20); without_year 0.84/1.00 (21/25, 20/20)",
        "title_horizon": "title_horizon 0.76/0.95 (19/25, 19/20)"},
    # Fifteenth round: keys committed in 63faa20 (a Government resolution from the Official
    # Gazette, its annex tables cut, and a published summary), drafts of the rules as of
    # cf378d1 (changed in view of the fourteenth round's texts, never in view of these),
    # scored by the present score: the scored lines are the same. Rules were changed in
    # view of them afterwards (596fa0a).
    "chinh-phu-109-nq-cp-2026": {
        "round": 15,
        "as_scored": "strict 0.29/0.33 (2/7, 2/6); without_year 0.57/0.67 (4/7, 4/6)",
        "with_units": "strict 0.29/0.33 (2/7, 2/6); without_year 0.57/0.67 (4/7, 4/6)",
        "with_bounds": "strict 0.29/0.33 (2/7, 2/6); without_year 0.57/0.67 (4/7, 4/6)",
        "title_horizon": "title_horizon 0.29/0.33 (2/7, 2/6)"},
    "bo-cong-thuong-2269-qd-bct-2025-tom-tat": {
        "round": 15,
        "as_scored": "strict 0.71/0.71 (5/7, 5/7); without_year 0.86/0.86 (6/7, 6/7)",
        "with_units": "strict 0.71/0.71 (5/7, 5/7); without_year 0.86/0.86 (6/7, 6/7)",
        "with_bounds": "strict 0.71/0.71 (5/7, 5/7); without_year 0.86/0.86 (6/7, 6/7)",
        "title_horizon": "title_horizon 0.71/0.71 (5/7, 5/7)"},
    # Sixteenth round: keys committed in 3f0c694 (three pages: the Central Committee's
    # 36-NQ/TW on a legal site's Q&A page, the full text of 71-NQ/TW and a summary of
    # 72-NQ/TW on the Government's policy site; the targets of 71's section II and of 72 were
    # keyed in round 3's Politburo summary, in other words, and rules were written in view of
    # that summary), drafts of the rules as of 596fa0a (changed in view of the fifteenth
    # round's texts, never in view of these), scored by the present score. Rules were
    # changed in view of them afterwards (1113ba3).
    "trung-uong-36-nq-tw-2018-tom-tat": {
        "round": 16,
        "as_scored": "strict 0.00/0.00 (0/7, 0/6); without_year 0.86/1.00 (6/7, 6/6)",
        "with_units": "strict 0.00/0.00 (0/7, 0/6); without_year 0.86/1.00 (6/7, 6/6)",
        "with_bounds": "strict 0.00/0.00 (0/7, 0/6); without_year 0.86/1.00 (6/7, 6/6)",
        "title_horizon": "title_horizon 0.00/0.00 (0/7, 0/6)"},
    "bo-chinh-tri-71-nq-tw-2025": {
        "round": 16,
        "as_scored": "strict 0.97/1.00 (29/30, 30/30); without_year 0.97/1.00 (29/30, 30/30)",
        "with_units": "strict 0.97/1.00 (29/30, 30/30); without_year 0.97/1.00 (29/30, 30/30)",
        "with_bounds": "strict 0.97/1.00 (29/30, 30/30); without_year 0.97/1.00 (29/30, 30/30)",
        "title_horizon": "title_horizon 0.97/1.00 (29/30, 30/30)"},
    "bo-chinh-tri-72-nq-tw-2025-tom-tat": {
        "round": 16,
        "as_scored": "strict 0.85/0.92 (11/13, 12/13); without_year 1.00/1.00 (13/13, 13/13)",
        "with_units": "strict 0.85/0.92 (11/13, 12/13); without_year 1.00/1.00 (13/13, 13/13)",
        "with_bounds": "strict 0.85/0.92 (11/13, 12/13); without_year 1.00/1.00 (13/13, 13/13)",
        "title_horizon": "title_horizon 0.85/0.92 (11/13, 12/13)"},
    # Seventeenth round: keys committed in 812be5d (two pages of a legal site: a project of
    # the national drug-prevention programme, and Thủ Đức City's master plan to 2040, whose
    # key lists no target: its planned areas and forecast populations are none to reach),
    # drafts of the rules as of 50b36a1 (changed in view of the sixteenth round's texts,
    # never in view of these), scored by the present score. Rules were changed in view of
    # them afterwards (0293914).
    "bo-cong-an-7619-qd-bca-2025-tom-tat": {
        "round": 17,
        "as_scored": "strict 0.71/0.62 (5/7, 5/8); without_year 0.71/0.62 (5/7, 5/8)",
        "with_units": "strict 0.71/0.62 (5/7, 5/8); without_year 0.71/0.62 (5/7, 5/8)",
        "title_horizon": "title_horizon 0.71/0.62 (5/7, 5/8)"},
    "thu-tuong-202-qd-ttg-2025-tom-tat": {
        "round": 17,
        "as_scored": "strict 1.00/0.00 (0/0, 0/26); without_year 1.00/0.00 (0/0, 0/26)",
        "with_units": "strict 1.00/0.00 (0/0, 0/26); without_year 1.00/0.00 (0/0, 0/26)",
        "title_horizon": "title_horizon 1.00/0.00 (0/0, 0/26)"},
    # Eighteenth round: keys committed in 5e816e7 (two pages: the Southern Hải Phòng coastal
    # economic zone's master plan, a table of zone areas and its targets to 2035 and 2050,
    # and a page quoting the XIIIth Party Congress's targets for 2021-2025 and resolution
    # 11/2011/QH13's), drafts of the rules as of 0df4913 (changed in view of the seventeenth
    # round's texts, never in view of these), scored by the present score. Rules were
    # changed in view of them afterwards (2795229).
    "hai-phong-kkt-nam-hai-phong-2050-tom-tat": {
        "round": 18,
        "as_scored": "strict 0.86/0.92 (12/14, 12/13); without_year 0.86/0.92 (12/14, 12/13)",
        "with_units": "strict 0.86/0.92 (12/14, 12/13); without_year 0.86/0.92 (12/14, 12/13)",
        "title_horizon": "title_horizon 0.86/0.92 (12/14, 12/13)"},
    "dai-hoi-xiii-chi-tieu-2021-2025-tom-tat": {
        "round": 18,
        "as_scored": "strict 0.95/1.00 (38/40, 38/38); without_year 0.95/1.00 (38/40, 38/38)",
        "with_units": "strict 0.95/1.00 (38/40, 38/38); without_year 0.95/1.00 (38/40, 38/38)",
        "with_bounds": "strict 0.95/1.00 (38/40, 38/38); without_year 0.95/1.00 (38/40, 38/38)",
        "title_horizon": "title_horizon 0.53/0.55 (21/40, 21/38)"},
    # Nineteenth round: keys committed in 15edd64 (two planning pages: the Southern Hải Phòng
    # coastal zone's land-use orientation, one target among its areas, shares and norms, and
    # the Mê Linh new urban area's planned scale, no target), drafts of the rules as of
    # 7f353fe (changed in view of the eighteenth round's texts, never in view of these),
    # scored by the present score. Round 17's rule on planned figures caught none of their
    # areas ("Đất … có quy mô khoảng …", "… khoảng 557 ha (chiếm 3,5% …)"). Rules were
    # changed in view of them afterwards (d2706e8).
    "hai-phong-kkt-nam-hai-phong-2050-su-dung-dat-tom-tat": {
        "round": 19,
        "as_scored": "strict 1.00/0.06 (1/1, 2/31); without_year 1.00/0.06 (1/1, 2/31)",
        "with_units": "strict 1.00/0.06 (1/1, 2/31); without_year 1.00/0.06 (1/1, 2/31)",
        "title_horizon": "title_horizon 1.00/0.06 (1/1, 2/31)"},
    "ha-noi-me-linh-khu-do-thi-tom-tat": {
        "round": 19,
        "as_scored": "strict 1.00/0.00 (0/0, 0/31); without_year 1.00/0.00 (0/0, 0/31)",
        "with_units": "strict 1.00/0.00 (0/0, 0/31); without_year 1.00/0.00 (0/0, 0/31)",
        "title_horizon": "title_horizon 1.00/0.00 (0/0, 0/31)"},
    # Twentieth round: keys committed in f6d3a82 (two planning pages: the Sóc Sơn clean
    # industrial park's land-use plan, no target, and Phú Quốc airport's master plan, its
    # capacities to 2030 and 2050), drafts of the rules as of 8bfec2c (changed in view of the
    # nineteenth round's texts, never in view of these), scored by the present score. Round
    # 19's rules on land budgets caught none of Sóc Sơn's areas ("Đất cây xanh, ký hiệu CX
    # (diện tích khoảng 31,55 ha)"). No rule has yet been changed in view of these two: they
    # are still unseen.
    "ha-noi-481-qd-cnccn-2025-tom-tat": {
        "round": 20,
        "as_scored": "strict 1.00/0.00 (0/0, 0/24); without_year 1.00/0.00 (0/0, 0/24)",
        "with_units": "strict 1.00/0.00 (0/0, 0/24); without_year 1.00/0.00 (0/0, 0/24)",
        "title_horizon": "title_horizon 1.00/0.00 (0/0, 0/24)"},
    "bo-xay-dung-427-qd-bxd-2025-tom-tat": {
        "round": 20,
        "as_scored": "strict 0.50/0.18 (2/4, 2/11); without_year 1.00/0.36 (4/4, 4/11)",
        "with_units": "strict 0.50/0.18 (2/4, 2/11); without_year 1.00/0.36 (4/4, 4/11)",
        "title_horizon": "title_horizon 0.50/0.18 (2/4, 2/11)"},
}


@dataclass(frozen=True)
class Key:
    """One text's answer key, as written by hand."""

    name: str
    text: str
    targets: list[dict]
    not_targets: list[dict]
    title_horizon: int | None
    source: dict = field(default_factory=dict)


def text_hashes() -> dict[str, str]:
    """The SHA-256 of each text a key was written on, by the text's file name."""
    return {name: digest for digest, name in
            (line.split(maxsplit=1) for line in TEXT_HASHES.read_text().splitlines())}


def read_text(name: str) -> str:
    """The local copy of a key's text, checked against its recorded hash; skip without it."""
    path = UNSEEN / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"{path.name} is not here: the texts are not committed (third-party "
                    f"copies); get it from its key's source.retrieved_from and conversion")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == text_hashes()[path.name], f"{path}: not the text its key was written on"
    return path.read_text(encoding="utf-8")


def load_key(path: Path, *, with_text: bool = True) -> Key:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(data) == {"source", "title_horizon", "targets", "not_targets"}, path
    for entry in data["targets"]:
        ranged = entry.get("comparator") == "range"
        assert set(entry) == (RANGE_FIELDS if ranged else TARGET_FIELDS), f"{path}: {entry}"
        assert not ranged or entry["low"] < entry["high"], f"{path}: {entry}"
    name = path.name.removesuffix(".key.yml")
    text = read_text(name) if with_text else ""
    return Key(name, text, data["targets"], data["not_targets"], data["title_horizon"],
               data["source"])


def _key(comparator, value, low, high, year, unit) -> tuple:
    def number(x):
        return None if x is None or pd.isna(x) else round(float(x), 6)
    return (comparator, number(value), number(low), number(high),
            None if year is None or pd.isna(year) else int(year), unit_family(unit))


def _wanted(target: dict, year) -> tuple:
    return _key(target["comparator"], target["value"], target.get("low"), target.get("high"),
                year, target["unit"])


def _got(draft, year) -> tuple:
    return _key(draft.comparator, draft.value, draft.low, draft.high, year, draft.unit)


def test_there_are_unseen_texts_with_keys():
    assert KEYS, UNSEEN


def test_each_unseen_text_has_its_one_shot_figures():
    assert set(ONE_SHOT) == {p.name.removesuffix(".key.yml") for p in KEYS}


def test_each_key_has_the_hash_of_its_text():
    """Every key's text has a recorded hash (so a copy rebuilt from the key's source can be
    checked), and no hash is left without its key."""
    assert set(text_hashes()) == {p.name.replace(".key.yml", ".txt") for p in KEYS}
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in text_hashes().values())


@pytest.mark.parametrize("path", KEYS, ids=lambda p: p.name.removesuffix(".key.yml"))
def test_each_key_quotes_its_text(path):
    """The key's words (targets and numbers that are not targets) are in the text."""
    key = load_key(path)
    text = _squash(key.text)
    for entry in key.targets + key.not_targets:
        assert _squash(entry["words"]) in text, entry["words"]


@pytest.mark.parametrize("path", KEYS, ids=lambda p: p.name.removesuffix(".key.yml"))
def test_drafts_of_unseen_texts_measured(read, path):
    """Recall and precision are printed, not asserted: the one-shot figures on the unseen
    texts (ONE_SHOT, the honest measure), then the figures of the present rules, labelled
    as after rules were changed in view of these texts. Asserted: every drafted wording is
    verbatim, and the tallies are the key's and the draft's own counts."""
    key = load_key(path)
    draft = read(key.text)
    rows = draft.targets
    text = _squash(key.text)
    for piece in rows["piece"]:
        assert _squash(piece) in text

    def years(name):
        if name == "without_year":
            return [None] * len(key.targets)
        if name == "title_horizon":
            return [t["year"] if t["year"] is not None else key.title_horizon
                    for t in key.targets]
        return [t["year"] for t in key.targets]

    tallies = {}
    for name in ("strict", "without_year", "title_horizon"):
        wanted = [_wanted(t, y) for t, y in zip(key.targets, years(name), strict=True)]
        got = [_got(d, None if name == "without_year" else d.target_year)
               for d in rows.itertuples()]
        tallies[name] = Tally()
        tallies[name].add(wanted, got)
    strict, loose = tallies["strict"], tallies["without_year"]
    assert strict.total == loose.total == len(key.targets)
    assert strict.drafted == len(rows)
    assert 0 <= strict.found <= loose.found <= strict.total
    assert 0 <= strict.right <= loose.right <= strict.drafted

    goal = strict.meets(GOAL_RECALL, GOAL_PRECISION)
    one_shot = ONE_SHOT[key.name]
    print(f"\nDRAFT unseen={key.name} ONE-SHOT on unseen text (the honest measure, recorded): "
          f"{one_shot['as_scored']}; rescored with units: {one_shot['with_units']}"
          + (f"; with range bounds: {one_shot['with_bounds']}" if "with_bounds" in one_shot
             else "") + f"; {one_shot['title_horizon']}")
    print(f"DRAFT after-rule-changes={key.name} [{AFTER}] ({key.source['number']}) "
          f"targets={strict.total} drafts={strict.drafted}; "
          + "; ".join(tally.line(name) for name, tally in tallies.items())
          + f"; issue 25 goal (strict) {'met' if goal else 'NOT met'} ({AFTER})"
          + f"; heading read: {draft.decision.number} {draft.decision.date}")
    got = {_got(d, d.target_year) for d in rows.itertuples()}
    for t in key.targets:
        if _wanted(t, t["year"]) not in got:
            print(f"  missed [{t['clause']}] {t['comparator']} {t['value']} {t['unit']} "
                  f"{t['year']}: {t['words'][:90]}")
    wanted = {_wanted(t, t["year"]) for t in key.targets}
    for d in rows.itertuples():
        if _got(d, d.target_year) not in wanted:
            print(f"  not in key: {d.comparator} {d.value} {d.low}-{d.high} {d.unit} "
                  f"{d.target_year} ({d.year_from}): {_squash(d.piece)[:90]}")


MODES = ("strict", "without_year", "title_horizon")


def _one_shot_tallies(figures: str) -> dict[str, tuple[int, int, int, int]]:
    """(found, total, right, drafted) per mode of a recorded one-shot line."""
    return {mode: tuple(int(n) for n in match.groups())
            for mode, match in ((m, re.search(rf"{m} [\d.]+/[\d.]+ \((\d+)/(\d+), (\d+)/(\d+)\)",
                                              figures)) for m in MODES) if match}


def scored(name: str) -> str:
    """A text's one-shot figures by the fullest score recorded: with the range bounds where
    its key has a range, else with units; then by the title's horizon."""
    entry = ONE_SHOT[name]
    return f"{entry.get('with_bounds', entry['with_units'])}; {entry['title_horizon']}"


@pytest.mark.parametrize("name", sorted(ONE_SHOT))
def test_a_key_with_a_range_has_its_one_shot_scored_with_bounds(name):
    key = load_key(UNSEEN / f"{name}.key.yml", with_text=False)
    ranged = any(t["comparator"] == "range" for t in key.targets)
    assert ("with_bounds" in ONE_SHOT[name]) == ranged, name


@pytest.mark.parametrize("name", sorted(ONE_SHOT))
def test_each_one_shot_was_scored_against_its_key_as_it_stands(name):
    """A key edited after its one-shot would change what that one-shot measured: the number
    of targets the one-shot was scored against is the key's number of targets now."""
    key = load_key(UNSEEN / f"{name}.key.yml", with_text=False)
    tallies = _one_shot_tallies(scored(name))
    assert set(tallies) == set(MODES), name
    for mode, (found, total, right, drafted) in tallies.items():
        assert total == len(key.targets), (name, mode)
        assert 0 <= found <= total and 0 <= right <= drafted, (name, mode)


def test_one_shot_figures_pooled_by_round():
    """Printed, not asserted: the one-shot figures of each round pooled over its texts (the
    targets found over the targets of the keys, the right drafts over the drafts), and over
    all rounds, with the number of texts on which issue 25's goal (strict) was met in one
    shot."""
    rounds: dict[int, list[str]] = {}
    for name, entry in ONE_SHOT.items():
        rounds.setdefault(entry["round"], []).append(name)
    assert sorted(rounds) == list(range(1, len(rounds) + 1))

    def pooled(names):
        sums = {mode: [0, 0, 0, 0] for mode in MODES}
        met = 0
        for name in names:
            tallies = _one_shot_tallies(scored(name))
            for mode, counts in tallies.items():
                sums[mode] = [a + b for a, b in zip(sums[mode], counts, strict=True)]
            met += Tally(*tallies["strict"]).meets(GOAL_RECALL, GOAL_PRECISION)
        text = "; ".join(f"{mode} {Tally(*n).recall:.2f}/{Tally(*n).precision:.2f} "
                         f"({n[0]}/{n[1]}, {n[2]}/{n[3]})" for mode, n in sums.items())
        return f"texts={len(names)} goal met on {met}; {text}"

    for number, names in sorted(rounds.items()):
        print(f"\nDRAFT one-shot round={number} {pooled(names)}")
    for kind, names in sorted(_by_issuer(list(ONE_SHOT)).items()):
        print(f"\nDRAFT one-shot issuer={kind} {pooled(names)}")
    print(f"\nDRAFT one-shot all rounds {pooled(list(ONE_SHOT))}")


def _by_issuer(names: list[str]) -> dict[str, list[str]]:
    """The texts by their issuer's level, from the name (issuer, then number): a province's
    (its slug in the register opens the name: its People's Committee, a board of it), the
    Party's centre (the Politburo, the Central Committee, a Congress, a number "/TW"), or
    the State's centre (the Government, the Prime Minister, a ministry, the Assembly)."""
    slugs = tuple(f"{slug}-" for slug in
                  load_register(DATA / "reference" / "provinces.csv").provinces["slug"])
    kinds: dict[str, list[str]] = {}
    for name in names:
        party = re.search(r"^(bo-chinh-tri|trung-uong|dai-hoi)-|-(nq|kl)-tw-", name)
        kind = "province" if name.startswith(slugs) else "party" if party else "national"
        kinds.setdefault(kind, []).append(name)
    return kinds


def test_texts_are_told_apart_by_their_issuer():
    assert _by_issuer(["dong-thap-556-kh-ubnd-2025", "hai-phong-kkt-nam-hai-phong-2050",
                       "bo-chinh-tri-59-70-71-72-2025-tom-tat",
                       "trung-uong-36-nq-tw-2018-tom-tat", "chinh-phu-109-nq-cp-2026",
                       "bo-cong-thuong-2269-qd-bct-2025-tom-tat"]) == {
        "province": ["dong-thap-556-kh-ubnd-2025", "hai-phong-kkt-nam-hai-phong-2050"],
        "party": ["bo-chinh-tri-59-70-71-72-2025-tom-tat", "trung-uong-36-nq-tw-2018-tom-tat"],
        "national": ["chinh-phu-109-nq-cp-2026", "bo-cong-thuong-2269-qd-bct-2025-tom-tat"]}


def test_a_text_with_no_target_meets_the_goal_only_if_nothing_is_drafted():
    """A key may list no target (a master plan's planned figures are none): nothing is
    missed, and every draft is wrong."""
    assert Tally(0, 0, 0, 0).meets(GOAL_RECALL, GOAL_PRECISION)
    assert not Tally(0, 0, 0, 3).meets(GOAL_RECALL, GOAL_PRECISION)
    assert not Tally(0, 5, 0, 0).meets(GOAL_RECALL, GOAL_PRECISION)  # targets, none drafted
