"""Assessment of a plan against the SDGs and its indicators."""
