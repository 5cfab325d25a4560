"""Regions (行政区) as the API shows them."""

from __future__ import annotations

from ninja import Field, Schema


class RegionOut(Schema):
    code: str = Field(description="Official administrative code, e.g. 331102.")
    name: str
    level: str = Field(description="city, district (also counties) or province.")
    parent: str | None = Field(description="The parent region's code; null at the top.")
    depth: int = Field(description="0 for a top region, 1 for its children, and so on.")
