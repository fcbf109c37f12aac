"""SDG target suggestions for a goal or strategy, offline: stemmed Norwegian and English
words, compounds split, BM25 over the bundled target and indicator texts."""
