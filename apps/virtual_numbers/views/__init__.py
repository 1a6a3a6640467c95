"""The numbers screens: list, search and purchase, detail and settings, routing."""

from .numbers import number_detail, number_edit, number_list
from .purchase import available, purchase_confirm
from .reorder import reorder_operators
from .routing import add_operator, remove_operator

__all__ = [
    "add_operator",
    "available",
    "number_detail",
    "number_edit",
    "number_list",
    "purchase_confirm",
    "remove_operator",
    "reorder_operators",
]
