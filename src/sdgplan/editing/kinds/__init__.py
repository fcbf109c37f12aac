"""The kinds of editable objects (`editing/subjects.py`), one module each."""
