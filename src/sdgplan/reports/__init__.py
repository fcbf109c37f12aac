"""Renderings of plans and assessments: terminal text now, HTML and PDF reports later."""
