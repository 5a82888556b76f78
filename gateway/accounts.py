"""Accounts and bearer tokens (seekers and enterprises; admins use HUILIU_ADMIN_TOKEN).

Passwords are hashed with scrypt; tokens are random and stored only as their SHA-256.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select

from services.kit.actor import Actor
from services.kit.errors import Unauthorized
from services.kit.store.db import Database
from services.kit.store.models import AccountRow, TokenRow
from services.kit.text import clean


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["seeker", "enterprise"]
    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=8, max_length=200)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        v = clean(v)
        if not v:
            raise ValueError("must not be blank")
        return v


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account_id: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


def _hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def _check_password(password: str, stored: str) -> bool:
    try:
        _, salt_hex, _ = stored.split("$")
    except ValueError:
        return False
    return hmac.compare_digest(_hash_password(password, bytes.fromhex(salt_hex)), stored)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountService:
    def __init__(self, db: Database, admin_token: str) -> None:
        self.db = db
        self.admin_token = admin_token

    def create(self, data: AccountIn) -> dict:
        now = datetime.now(UTC)
        token = secrets.token_urlsafe(32)
        row = AccountRow(id=uuid.uuid4().hex, role=data.role, name=data.name, password_hash=_hash_password(data.password), created_at=now)
        with self.db.session() as s:
            s.add(row)
            s.add(TokenRow(token_hash=_token_hash(token), account_id=row.id, created_at=now))
        return {"id": row.id, "role": row.role, "name": row.name, "token": token}

    def issue_token(self, data: TokenIn) -> dict:
        with self.db.session() as s:
            row = s.get(AccountRow, data.account_id)
            if row is None or not _check_password(data.password, row.password_hash):
                raise Unauthorized("wrong account id or password / 账号或密码错误")
            token = secrets.token_urlsafe(32)
            s.add(TokenRow(token_hash=_token_hash(token), account_id=row.id, created_at=datetime.now(UTC)))
        return {"token": token}

    def authenticate(self, token: str) -> Actor:
        if hmac.compare_digest(token, self.admin_token):
            return Actor(id="admin", role="admin")
        with self.db.session() as s:
            found = s.execute(
                select(AccountRow.id, AccountRow.role).join(TokenRow, TokenRow.account_id == AccountRow.id)
                .where(TokenRow.token_hash == _token_hash(token))
            ).first()
        if found is None:
            raise Unauthorized("invalid or expired token / 令牌无效")
        return Actor(id=found.id, role=found.role)

    def name_of(self, account_id: str) -> str | None:
        with self.db.session() as s:
            row = s.get(AccountRow, account_id)
            return row.name if row else None
