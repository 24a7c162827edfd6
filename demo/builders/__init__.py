"""The demo loader's builders, one per domain, run in order by `manage.py load_demo`."""
