"""The record type of a forecast's page: reps, managers and administrators have forecast
pages at all (the model permission); which forecasts, their grants say."""

from crm.records import RecordType
from forecasts import selectors

FORECAST = RecordType(
    "forecast", load=selectors.forecast_for_page, permission="forecasts.view_salesforecast"
)
