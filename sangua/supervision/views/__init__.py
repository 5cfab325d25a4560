"""Supervision pages: the watches and ledger (``watches``) and the item pages (``items``)."""

from .items import (
    accept,
    assign,
    attach,
    attachment,
    close,
    create,
    decide,
    detail,
    evaluate,
    extension,
    feedback,
    instruct,
    return_item,
)
from .watches import export, ledger, people, projects, run_daily

__all__ = [
    "accept",
    "assign",
    "attach",
    "attachment",
    "close",
    "create",
    "decide",
    "detail",
    "evaluate",
    "export",
    "extension",
    "feedback",
    "instruct",
    "ledger",
    "people",
    "projects",
    "return_item",
    "run_daily",
]
