"""What the explorer's map was sent, as the browser rebuilds it (tests share this reader).

The app sends its features by reference (:class:`spheremap.render.FeatureStore`): a feature
group holds ``{"ref":"<digest>"}`` where the feature was, and the browser fetches the file of
that name from the store beside the app. :func:`resolved` puts the files' text back in place.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The store of the checkout's app (``static/generated/features/``).
STORE = Path(__file__).resolve().parents[1] / "static" / "generated" / "features"


def resolved(feature_group: str | None, store: Path = STORE) -> str:
    """``feature_group`` with each ``{"ref":"<digest>"}`` replaced by the stored feature."""

    def stored(m: re.Match) -> str:
        return (store / f"{m.group(1)}.json").read_text(encoding="utf-8")

    return re.sub(r'\{"ref":"([0-9a-f]+)"\}', stored, feature_group or "")
