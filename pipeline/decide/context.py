"""What every rule receives: the policy as of the review date, the declaration period and the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.draft import Citation, Period
from models.facts import DocumentFacts


@dataclass
class Context:
    policy: object  # pipeline.policy.Policy
    as_of: date
    period: Period
    ledger_granted_yuan: int = 0  # what this organisation was already granted in the same year
    ledger_evidence: str | None = None
    credit_report_max_age_days: int = 92

    def param(self, name: str):
        """The parameter's value in force on the review date (with its .citation).

        Outside the policy's term (Art. 27) the review date has no values; the check `policy_in_force` fails
        and the applicant is ineligible, and the other rules read the values of the nearest day in force so
        they can still say what they found instead of raising.
        """
        start, end = self.policy.in_force
        return self.policy.param(name, min(max(self.as_of, start), end))

    def value(self, name: str):
        return self.param(name).value

    def cite(self, article: int, clause: int | None = None) -> Citation:
        return self.policy.citation_for(article, clause)


@dataclass
class Applicant:
    """Who applies, as the identity documents say."""

    kind: str  # organization | individual
    name: str | None = None
    uscc: str | None = None
    address: str | None = None
    evidence: list = field(default_factory=list)
    facts: list[DocumentFacts] = field(default_factory=list)  # the identity documents
    codes: object | None = None  # applicant.CodeAgreement: which documents print the credit code
    id_number: str | None = None  # an individual's full ID number, in memory only (never in the draft)
    id_masked: str | None = None  # as the draft shows it: 310228********2416
    employer: str | None = None  # an individual's 工作单位
