"""Scene captions: Florence-2 in English, translated to Russian."""
