"""Write records: ``review-records fmt`` (the house style of front matter) and
``review-records new`` (a review folder listing every question).

May import everything below the front ends; never prints (``cli`` does).
"""

from __future__ import annotations
