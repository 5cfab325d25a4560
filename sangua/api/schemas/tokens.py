"""API tokens (接口令牌) as the API shows them: never the key, except once at creation."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from .common import Text


class TokenOwnerOut(Schema):
    username: str
    display_name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The key's first characters, to tell tokens apart.")
    user: TokenOwnerOut
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool


class TokenCreatedOut(TokenOut):
    key: str = Field(
        description="The secret key: shown this once, never stored. Send it as `Bearer <key>`."
    )


class TokenPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[TokenOut]


class TokenIn(Schema):
    name: Text = Field(min_length=1, max_length=64, description="What the token is for.")


class TokenFilterIn(Schema):
    managed: bool = Field(
        False,
        description=(
            "The key project office: the tokens of every account in its data scope instead of "
            "its own."
        ),
    )
    include_revoked: bool = False
