"""Finding the windows of a screenshot: their frames, which one is in front, and their titles."""
