"""The public web: server-rendered pages and the open-data API over the same services as
the CLI (`create_app` in `app.py`)."""
