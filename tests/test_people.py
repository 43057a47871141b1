"""People: real faces with gender and age (bundled models), bodies from a YOLO checkpoint, and
each face counted once, with the body around it."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from vidimo.imageio import load_image
from vidimo.models.device import Device
from vidimo.models.findings import Person
from vidimo.models.people.analyzer import PeopleAnalyzer, match_faces_to_bodies
from vidimo.models.people.faces import Face

CPU = Device("cpu")
#: Where the bundled face model finds Eileen Collins's face on the astronaut photo (512 × 512).
HER_FACE = (179, 83, 266, 170)


def test_a_real_face_gets_gender_and_age(photo_woman: Path):
    """Astronaut Eileen Collins (born 1956), photographed in her early forties: a woman of about
    forty. The model says 33 — «около тридцати», near enough; a man, or 60, would be wrong."""
    analyzer = PeopleAnalyzer(CPU)
    [person] = analyzer.analyze(load_image(photo_woman))
    assert person.gender == "female"
    assert 25 <= person.age <= 50
    x1, y1, x2, y2 = person.face_box
    assert abs(x1 - HER_FACE[0]) < 15 and abs(y1 - HER_FACE[1]) < 15 and abs(x2 - HER_FACE[2]) < 15
    assert person.box == person.face_box          # no body detector: the face is the person
    assert [m.name for m in analyzer.missing_models] == ["yolo-coco"]


def test_no_people_on_a_screen_of_text(settings_screen: Path):
    assert PeopleAnalyzer(CPU).analyze(load_image(settings_screen)) == []


def test_the_face_is_matched_to_the_body_around_it_so_nobody_is_counted_twice(monkeypatch, tiny_yolo: Path,
                                                                              photo_woman: Path):
    """End to end: the YOLO checkpoint loads from a local folder, its bodies (here: one around
    her, one of someone with the back turned) meet the real face found by the face model."""
    from vidimo.models.people.bodies import BodyDetector

    monkeypatch.setenv("VIDIMO_MODEL_YOLO_COCO", str(tiny_yolo))
    her_body, back_turned = (120, 40, 400, 512), (420, 100, 510, 500)
    seen: list[tuple[int, int]] = []

    def bodies(self, rgb: Image.Image):
        seen.append(rgb.size)
        return [(her_body, 0.91), (back_turned, 0.77)]

    monkeypatch.setattr(BodyDetector, "detect", bodies)
    analyzer = PeopleAnalyzer(CPU)
    people = analyzer.analyze(load_image(photo_woman))
    assert analyzer.missing_models == [] and seen == [(512, 512)]
    assert len(people) == 2
    her, other = people
    assert (her.box, her.gender, her.confidence) == (her_body, "female", 0.91)
    assert her.face_box is not None and abs(her.face_box[0] - HER_FACE[0]) < 15 and 25 <= her.age <= 50
    assert other == Person(back_turned, None, None, 0.77)


def test_faces_are_matched_to_bodies_so_nobody_is_counted_twice():
    faces = [Face((120, 40, 180, 100), "male", 40, 0.9), Face((620, 60, 660, 100), "female", 30, 0.9)]
    bodies = [((100, 20, 200, 400), 0.9), ((300, 30, 400, 420), 0.8)]   # second body: back to the camera
    people = match_faces_to_bodies(faces, bodies)
    assert people == [
        Person((100, 20, 200, 400), "male", 40, 0.9, face_box=(120, 40, 180, 100)),
        Person((300, 30, 400, 420), None, None, 0.8),
        Person((620, 60, 660, 100), "female", 30, 0.9, face_box=(620, 60, 660, 100)),
    ]


def test_a_face_below_the_chest_is_not_this_body_s():
    people = match_faces_to_bodies([Face((120, 350, 160, 390), "female", 5, 0.9)], [((100, 0, 200, 400), 0.9)])
    assert len(people) == 2


def test_body_detector_asks_for_sure_people_only_and_keeps_their_boxes_inside_the_image(monkeypatch,
                                                                                       tiny_yolo: Path):
    """The checkpoint loads; what ultralytics returns (its own ``Results``) becomes boxes in
    the image's pixels with rounded confidences, and only people (class 0) above 0.4 are asked for."""
    import torch
    from ultralytics.engine.results import Results

    from vidimo.models.people.bodies import MIN_CONFIDENCE, BodyDetector

    detector = BodyDetector(tiny_yolo / "yolo11n.pt", CPU)
    asked: dict = {}

    def predict(rgb: Image.Image, **options):
        asked.update(options)
        found = torch.tensor([[-12.0, 30.0, 150.5, 260.0, 0.8765, 0.0], [200.0, 10.0, 400.0, 250.0, 0.52, 0.0]])
        return [Results(np.zeros((240, 320, 3), np.uint8), path="", names={0: "person"}, boxes=found)]

    monkeypatch.setattr(detector._model, "predict", predict)
    found = detector.detect(Image.new("RGB", (320, 240), "white"))
    assert asked == {"classes": [0], "conf": MIN_CONFIDENCE} and MIN_CONFIDENCE == 0.4
    assert found == [((0, 30, 150, 240), 0.877), ((200, 10, 320, 240), 0.52)]
