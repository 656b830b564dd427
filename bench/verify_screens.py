"""PNGs of the verification page in the admin window, in Kyrgyz and in Russian, for each verdict.

    python bench/verify_screens.py OUT_DIR [--size 1366x768]

Runs the real services on a temporary SQLite database: a candidate sits the test and gets a
protocol, an appeal is satisfied so that the protocol is reissued as ``…-v2``, and the page
checks, in the admin window signed in as an administrator: the v2 file (genuine), the v1 code
typed in lower case with spaces (superseded), the v2 file with its score rewritten (altered), a
code never issued (unknown), and the appeal protocol (genuine).  The protocols themselves are
written next to the PNGs, to be looked at with ``pdftoppm``.

Last line: ``verify screens: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pypdf import PdfWriter
from pypdf.generic import ContentStream, TextStringObject
from shooter import Shooter, start_admin_screens
from sqlalchemy import select

from kiosk.clock import FakeClock
from kiosk.domain.roles import Actor, Role
from kiosk.services.appeal_views import Attendance, Finding
from kiosk.services.demo import SETUP
from kiosk.services.verification import VerificationService
from kiosk.storage import models
from kiosk.ui.admin.window import AdminWindow
from protocols.verification import verification_code
from tests.helpers.competition import World, make_world
from translations import Translator

ADMIN = Actor("admin", frozenset({Role.ADMINISTRATOR}))
OPERATOR = Actor("operator", frozenset({Role.OPERATOR}))
CHAIR = Actor("chair", frozenset({Role.COMMISSION}))


def rewrite_score(pdf: bytes, old: str, new: str) -> bytes:
    """The PDF with the score's digits changed in its text, as a forger would."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    for operands, operator in content.operations:
        if operator == b"Tj" and isinstance(operands[0], str) and operands[0].startswith(old):
            operands[0] = TextStringObject(operands[0].replace(old, new))
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def satisfied_appeal(world: World, attempt_id: int) -> str:
    """File, hear and satisfy an appeal on the attempt; the appeal's number."""
    for login, name in (("chair", "Төрага Айгүл Осмонова"), ("member1", "Мүчө Бакыт Асанов")):
        world.kiosk.accounts.create_account(
            SETUP, login, name, frozenset({Role.COMMISSION}), "commission-2026"
        )
    with world.kiosk.sessions() as session:
        ids = dict(session.execute(select(models.Account.login, models.Account.id)).all())
    appeals = world.kiosk.appeals
    appeal_id = appeals.file_appeal(
        OPERATOR, attempt_id, "9-суроонун сүрөтү көрүнгөн жок"
    ).appeal_id
    appeals.compose_commission(
        ADMIN, chair=ids["chair"], members=[ids["member1"]], basis="Буйрук №7", appeal_id=appeal_id
    )
    appeals.open_hearing(
        CHAIR, appeal_id, [Attendance(ids["chair"], True), Attendance(ids["member1"], True)]
    )
    view = appeals.decide(CHAIR, appeal_id, [Finding(9, True, "Сүрөт жүктөлгөн эмес")], "Ката")
    return view.number


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs and the protocols; print the count and folder last."""
    out_dir, size = start_admin_screens(__doc__, argv, "1366x768")
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        world = make_world(f"sqlite:///{folder / 'kiosk.db'}", folder / "data", FakeClock())
        try:
            (code,) = world.seat(world.add("Үсөнбаева Гүлнара Өмүрбековна"))
            attempt_id = world.sit(code, right=5)
            first, first_path = world.kiosk.protocols.issue(attempt_id)
            first_pdf = first_path.read_bytes()
            appeal = satisfied_appeal(world, attempt_id)
            second, second_path = world.kiosk.protocols.issue(attempt_id)
            second_pdf = second_path.read_bytes()
            appeal_pdf = (
                world.kiosk.settings.archive_dir / "appeals" / f"appeal-{appeal}.pdf"
            ).read_bytes()
            for name, data in (
                ("protocol-v1.pdf", first_pdf),
                ("protocol-v2.pdf", second_pdf),
                ("appeal.pdf", appeal_pdf),
            ):
                (out_dir / name).write_bytes(data)
            altered = out_dir / "protocol-v2-altered.pdf"
            altered.write_bytes(rewrite_score(second_pdf, "6 / 10", "9 / 10"))
            typed_v1 = " ".join(
                verification_code_of(world, first).lower().replace("-", "")[i : i + 4]
                for i in range(0, 16, 4)
            )
            kiosk = world.kiosk
            verifier = VerificationService(kiosk.sessions, kiosk.clock, kiosk.keys)
            for language in ("ky", "ru"):
                window = AdminWindow(
                    kiosk.bank,
                    ADMIN,
                    Translator,
                    language,
                    verifier=verifier,
                    timezone=kiosk.settings.timezone,
                )
                window.resize(*size)
                window.show()
                window.show_page("verify")
                page = window.pages["verify"]
                shoot = Shooter(window, out_dir, f"verify-{language}")
                shoot("empty")
                page.check_file(second_path)
                shoot("genuine-file")
                page.code.setText(typed_v1)
                page.check_code()
                shoot("superseded-code")
                page.check_file(altered)
                shoot("altered-file")
                page.code.setText(verification_code(b"never issued" * 6))
                page.check_code()
                shoot("unknown-code")
                page.check_file(out_dir / "appeal.pdf")
                shoot("genuine-appeal-protocol")
                page.code.setText("12345")
                page.check_code()
                shoot("not-a-code")
                saved += shoot.saved
                window.close()
            print(f"protocols: {first}, {second}, appeal {appeal}")
        finally:
            world.kiosk.close()
    print(f"verify screens: png={len(saved)} dir={out_dir}")
    return 0


def verification_code_of(world: World, number: str) -> str:
    """The code printed on a registered document."""
    with world.kiosk.sessions() as session:
        code = session.scalar(
            select(models.ArchivedDocument.verification_code).where(
                models.ArchivedDocument.reference == number
            )
        )
    assert code is not None
    return code


if __name__ == "__main__":
    raise SystemExit(main())
