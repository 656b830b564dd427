"""What checking a document answers: the verdict, why, and what to compare with the paper.

Plain records, with no database behind them, so that the admin window's verification page and
the ``kiosk protocol verify`` command can both show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from translations import N_


class Verdict(StrEnum):
    """The four answers of a check, in the order of the command's exit codes (0-3)."""

    #: Issued by this installation exactly so, and the newest version of it.
    GENUINE = "genuine"
    #: Issued exactly so, but a later version replaces it (an appeal changed the result).
    SUPERSEDED = "superseded"
    #: It claims to be a document of this installation, but is not what was issued.
    ALTERED = "altered"
    #: Nothing in it (or the code) is known here.
    UNKNOWN = "unknown"

    @property
    def exit_code(self) -> int:
        """0 genuine, 1 superseded, 2 altered, 3 unknown."""
        return list(Verdict).index(self)


class Reason(StrEnum):
    """Why the verdict is what it is; each has its own sentence on screen and in the terminal."""

    #: The file is byte for byte the one issued, and its record's signature checks out.
    FILE_MATCHES = "file_matches"
    #: The code belongs to an issued document whose record's signature checks out.
    CODE_MATCHES = "code_matches"
    #: The file carries the QR payload or code of an issued document, but other bytes.
    FILE_DIFFERS = "file_differs"
    #: The file carries a payload signed by this installation that no record knows.
    SIGNED_UNREGISTERED = "signed_unregistered"
    #: The file carries a verification mark that this installation did not sign (a document
    #: of another installation, or a made-up one); nothing here vouches for it.
    FOREIGN_PAYLOAD = "foreign_payload"
    #: The register's record does not carry the installation's signature: it was changed or
    #: planted in the database.
    RECORD_FORGED = "record_forged"
    #: The file is registered, but was issued before documents were signed.
    UNSIGNED = "unsigned"
    #: The file carries nothing this installation made (or is no PDF at all).
    NOT_RECOGNISED = "not_recognised"
    #: No document was issued with this code.
    CODE_NOT_FOUND = "code_not_found"
    #: What was typed cannot be a verification code.
    CODE_MALFORMED = "code_malformed"


@dataclass(frozen=True)
class DocumentFacts:
    """What a person compares with the paper, read from the database (not from the file)."""

    number: str
    #: ``testing_protocol``, ``appeal_protocol``, … (``archived_documents.kind``).
    kind: str
    issued_at: datetime
    candidate_name: str | None = None
    #: The score the document states (for an appeal protocol: after the appeal).
    score: int | None = None
    max_score: int | None = None
    threshold: int | None = None
    meets: bool | None = None
    #: An appeal protocol's score before the appeal.
    previous_score: int | None = None
    #: An appeal protocol's decision: ``satisfied`` or ``rejected``.
    decision: str | None = None
    #: A testing protocol's version (1 for the first issue).
    version: int | None = None
    #: The verification code printed on the document.
    code: str | None = None


@dataclass(frozen=True)
class Verification:
    """The answer to one check."""

    verdict: Verdict
    reason: Reason
    #: The document the file or code names (None when nothing is known of it).
    document: DocumentFacts | None = None
    #: The newest version that replaces it (SUPERSEDED only).
    superseded_by: str | None = None
    #: The number the file claims, when no record of it exists.
    claimed_number: str | None = None

    @property
    def exit_code(self) -> int:
        """The ``kiosk protocol verify`` exit code: 0 genuine, 1 superseded, 2 altered, 3
        unknown."""
        return self.verdict.exit_code


#: The verdict in a few words: the large line on the verification page and the command's first
#: word.  (Catalogue messages: the page translates them, the command prints the English.)
VERDICT_WORDS: Mapping[Verdict, str] = {
    Verdict.GENUINE: N_("Genuine"),
    Verdict.SUPERSEDED: N_("Superseded by a later version"),
    Verdict.ALTERED: N_("Altered"),
    Verdict.UNKNOWN: N_("Unknown"),
}

#: Why, in a sentence.
REASON_TEXTS: Mapping[Reason, str] = {
    Reason.FILE_MATCHES: N_(
        "The file is exactly the document this installation issued, and its signature checks out."
    ),
    Reason.CODE_MATCHES: N_(
        "The code belongs to a document this installation issued, and its signature checks out. "
        "Compare the paper with the details below."
    ),
    Reason.FILE_DIFFERS: N_(
        "The file carries the verification mark of a document this installation issued, "
        "but its content is not what was issued."
    ),
    Reason.SIGNED_UNREGISTERED: N_(
        "The file carries a verification mark this installation signed, but the archive "
        "register has no record of it: nobody can vouch for this file."
    ),
    Reason.RECORD_FORGED: N_(
        "The archive register's record of this document does not carry this installation's "
        "signature: the record was changed or planted in the database."
    ),
    Reason.UNSIGNED: N_(
        "The file is in the archive register, but it was issued without a signature: "
        "nobody can vouch for it."
    ),
    Reason.NOT_RECOGNISED: N_("Nothing in this file was issued by this installation."),
    Reason.FOREIGN_PAYLOAD: N_(
        "The file carries a verification mark that this installation did not sign."
    ),
    Reason.CODE_NOT_FOUND: N_("No document was issued with this code."),
    Reason.CODE_MALFORMED: N_(
        "This is not a verification code: a code has 16 letters and digits, "
        "like 7K3M-9QXT-2RHA-M4PZ."
    ),
}

#: The later version that replaces a superseded document.
REPLACED_BY = N_("It is replaced by No. {number}; ask for that version.")

#: The kinds of verifiable documents, as a person calls them.
KIND_NAMES: Mapping[str, str] = {
    "testing_protocol": N_("Testing protocol"),
    "appeal_protocol": N_("Appeal protocol"),
}
