"""A case store with one real case for the web tests: three text-layer PDFs of sample p02 (no OCR needed),
registered and processed by the store's own functions, and three accounts. Built once per session and copied
for each test (a SQLite file and the originals folder), so every test starts from the same state."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.draft import Period

ROOT = Path(__file__).resolve().parents[1]
P02 = ROOT / "samples" / "packets" / "p02-standards"
TEXT_LAYER = ["DB31T1588.pdf", "GB_T_46012-2025.pdf", "公共信用信息报告.pdf"]
AS_OF, PERIOD = date(2026, 3, 31), Period(start=date(2025, 1, 1), end=date(2025, 12, 31))
PASSWORDS = {"zhang": "zhang-secret-2026", "li": "li-secret-2026!", "admin": "admin-secret-2026"}


@dataclass
class WebCase:
    root: Path
    case_id: str

    @property
    def url(self) -> str:
        return f"sqlite:///{self.root / 'cases.db'}"

    def open(self):
        from pipeline.store import open_store

        return open_store(self.url, self.root / "data")


def build_template(root: Path, packets: list[Path] | None = None) -> WebCase:
    from pipeline.store import accounts, open_store, work

    root.mkdir(parents=True, exist_ok=True)
    if packets is None:
        inbox = root / "inbox" / "p02-text"
        inbox.mkdir(parents=True)
        for name in TEXT_LAYER:
            shutil.copy(P02 / name, inbox / name)
        packets = [inbox]
    store = open_store(f"sqlite:///{root / 'cases.db'}", root / "data")
    case_id = None
    for packet in packets:
        out = work.register_packet(store, packet, as_of=AS_OF, period=PERIOD)
        done = work.process_case(store, out.case_id)
        assert done.error is None, done.error
        case_id = case_id or out.case_id
    accounts.create_user(store, "zhang", PASSWORDS["zhang"], role="reviewer", display_name="张三")
    accounts.create_user(store, "li", PASSWORDS["li"], role="checker", display_name="李四")
    accounts.create_user(store, "admin", PASSWORDS["admin"], role="admin", display_name="王管理")
    store.dispose()
    return WebCase(root, case_id)


def copy_of(template: WebCase, root: Path) -> WebCase:
    for name in ("cases.db", "cases.db-wal", "cases.db-shm"):
        if (template.root / name).exists():
            shutil.copy(template.root / name, root / name)
    shutil.copytree(template.root / "data", root / "data", dirs_exist_ok=True)
    return WebCase(root, template.case_id)
