"""A competition's rule numbers, stored with it so that an old protocol reprints under its rules.

The defaults are those of the regulation in force and of practice (``shared/facts.md``); every
one can differ per competition, because the rules have changed several times since 2022.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from kiosk.domain.scoring import threshold_points


@dataclass(frozen=True)
class CompetitionRules:
    """The numbers the regulation's clauses refer to, for one competition."""

    #: cl. 22: the threshold as a share of the questions; compared in whole points, rounded up.
    threshold_share: Fraction = Fraction(6, 10)
    #: cl. 33: minutes after the candidate's test ends during which an appeal may be filed.
    appeal_window_min: int = 60
    #: cl. 29: the additional test has at most this share of the main test's questions …
    tie_break_share: Fraction = Fraction(1, 3)
    #: … and is held within this many days of the main test.
    tie_break_days: int = 2
    #: cl. 28: months before a candidate below the threshold may take part again.
    reentry_ban_months: int = 12
    #: cl. 39: years the protocols and competition documents are kept.
    documents_retention_years: int = 5
    #: cl. 36: years the technical commission's materials are kept.
    commission_retention_years: int = 1

    def threshold_for(self, question_count: int) -> int:
        """The threshold in whole points for a test of ``question_count`` one-point questions."""
        return threshold_points(question_count, self.threshold_share)
