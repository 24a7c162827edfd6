"""The points where apps above opportunities act on a deal's writes (crm.hooks)."""

from crm.hooks import Hook

# A deal was made or changed where its money counts: `changes` lists the (owner id, expected
# close date) it left, if any, and the one it is in now; `actor` made the change. The forecasts
# app recomputes the periods on both sides.
opportunity_changed = Hook("opportunity_changed")
