"""Shared by the match routes: wait until the matcher has seen the latest revision."""
from __future__ import annotations

from services.kit.errors import Unavailable

WAIT_SECONDS = 15.0


def wait_matcher(rt, kind: str, id_: str, revision: int) -> None:
    # a profile or vacancy saved a moment ago is still being embedded: wait for it rather
    # than answer with yesterday's matches
    if not rt.matcher.wait_for(kind, id_, revision, WAIT_SECONDS):
        raise Unavailable("still being processed, retry in a few seconds / 正在处理，请几秒后重试")
