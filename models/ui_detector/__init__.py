"""Interface elements: our own YOLO detector, trained on rendered interfaces and shipped in resources/."""
