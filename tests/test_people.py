"""People: real faces with gender and age (bundled models), bodies from a YOLO checkpoint."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from vidimo.imageio import load_image
from vidimo.models.device import Device
from vidimo.models.findings import Person
from vidimo.models.people.analyzer import PeopleAnalyzer, match_faces_to_bodies
from vidimo.models.people.faces import Face

CPU = Device("cpu")


def test_a_real_face_gets_gender_and_age(photo_woman: Path):
    analyzer = PeopleAnalyzer(CPU)
    [person] = analyzer.analyze(load_image(photo_woman))
    assert person.gender == "female"
    assert 20 <= person.age <= 50
    x1, y1, x2, y2 = person.face_box
    assert 150 < x1 < 200 and 60 < y1 < 110 and 240 < x2 < 290   # her face, upper middle of the photo
    assert [m.name for m in analyzer.missing_models] == ["yolo-coco"]


def test_no_people_on_a_screen_of_text(settings_screen: Path):
    assert PeopleAnalyzer(CPU).analyze(load_image(settings_screen)) == []


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


def test_yolo_checkpoint_loads_from_a_local_folder(tiny_yolo: Path, monkeypatch, photo_grace_hopper: Path):
    """The body detector loads through ``YOLO(path)`` like the real COCO weights."""
    monkeypatch.setenv("VIDIMO_MODEL_YOLO_COCO", str(tiny_yolo))
    analyzer = PeopleAnalyzer(CPU)
    people = analyzer.analyze(load_image(photo_grace_hopper))
    assert analyzer.missing_models == []
    assert analyzer._bodies is not None
    assert all(isinstance(p, Person) for p in people)
    assert any(p.face_box is not None and p.age and p.age > 50 for p in people)


def test_body_detector_finds_nothing_on_a_blank_image(tiny_yolo: Path):
    from vidimo.models.people.bodies import BodyDetector

    detector = BodyDetector(tiny_yolo / "yolo11n.pt", CPU)
    found = detector.detect(Image.new("RGB", (320, 240), "white"))
    assert isinstance(found, list)
    for box, confidence in found:
        assert len(box) == 4 and 0.4 <= confidence <= 1.0
