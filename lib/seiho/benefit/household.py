"""The household a benefit calculation reads: members, incomes, rent and place."""

import datetime as dt
from dataclasses import dataclass

# Income kinds. Earnings get the 勤労控除; occasional income is recognised
# only above the exempt amount; everything else is recognised in full after
# its necessary expenses.
EARNINGS = "就労収入"
OCCASIONAL = "臨時収入"
INCOME_KINDS = (EARNINGS, "年金", "手当", "仕送り", OCCASIONAL, "その他")

SCHOOLS = ("小学校", "中学校")


@dataclass(frozen=True)
class Income:
    """One monthly income of a member, in yen before any deduction."""

    kind: str
    amount: int
    expenses: int = 0  # 必要経費の実費: social insurance, commuting, and the like


@dataclass(frozen=True)
class Member:
    """One member of the household as the calculation needs them.

    Either ``birth_date`` is known, or ``age`` is given as it was on
    ``age_as_of``. The calculation rejects an age taken on another day than
    its age reference date.
    """

    name: str
    relationship: str = ""
    birth_date: dt.date | None = None
    age: int | None = None
    age_as_of: dt.date | None = None
    disability: str | None = None  # 障害者手帳等の区分, e.g. "身体障害者手帳 2級"
    pregnancy_months: int | None = None  # 妊娠月数 in the calculated month
    childbirth_date: dt.date | None = None
    formula_fed: bool = False  # 人工栄養のみ: the 産婦加算 runs for fewer months
    school: str | None = None  # 小学校 / 中学校 for the 教育扶助
    care_insurance_premium: int = 0  # 介護保険料, monthly
    new_job_since: dt.date | None = None  # 新規就労控除 starts from this month
    minor_deduction: bool = True  # False when the 未成年者控除 does not apply
    incomes: tuple[Income, ...] = ()


@dataclass(frozen=True)
class Household:
    """A household in its own home (居宅) and where it lives."""

    grade_area: str  # 級地, e.g. "1級地-1"
    prefecture: str
    members: tuple[Member, ...]
    housing_authority: str | None = None  # row of the 住宅扶助 limit table; the prefecture when empty
    rent: int = 0  # 家賃・間代, monthly
    started_on: dt.date | None = None  # 保護開始日
    single_parent: bool = False  # 父母の一方または両方が欠けた世帯 (母子加算)
    case_number: str | None = None

    @property
    def size(self) -> int:
        """Return the number of members (世帯人員)."""
        return len(self.members)
