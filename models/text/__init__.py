"""Reading text on screenshots and photos: engines, preprocessing and reading order."""
