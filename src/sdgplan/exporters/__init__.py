"""Writers for plans and data in open formats."""
