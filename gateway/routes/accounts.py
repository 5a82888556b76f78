"""POST /api/v1/accounts, POST /api/v1/tokens."""
from __future__ import annotations

from fastapi import APIRouter, Depends

from gateway.accounts import AccountIn, TokenIn
from gateway.deps import runtime

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/accounts", status_code=201)
def create_account(body: AccountIn, rt=Depends(runtime)) -> dict:
    return rt.accounts.create(body)


@router.post("/tokens")
def create_token(body: TokenIn, rt=Depends(runtime)) -> dict:
    return rt.accounts.issue_token(body)
