"""Editing by many people (issue 12): who may do what, drafts and publishing, history and
revert, versions against lost updates, API tokens. Services for the web, the API and the CLI;
no web imports."""
