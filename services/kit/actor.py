"""Who is acting: passed from the gateway into every service call that checks access."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["seeker", "enterprise", "admin"]


@dataclass(frozen=True)
class Actor:
    id: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"
