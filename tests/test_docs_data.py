"""The examples of docs/harvesting.md on Web Annotations and the dataset are what the archive gives."""

import csv
import io
import json
import re
import shlex
import zipfile
from pathlib import Path

from django.core.management import call_command

from archive.dataset import TABLES

PAGE = (Path(__file__).resolve().parent.parent / "docs" / "harvesting.md").read_text()
SECTION_DATASET = PAGE[PAGE.index("## The dataset") :]


def test_the_documented_annotation_is_the_first_of_record_2(client, seeds):
    documented = json.loads(re.search(r"```json\n(.*?)```", PAGE, re.S).group(1))
    served = json.loads(client.get("/documents/2/annotations.jsonld").content)["items"][0]
    served = json.loads(json.dumps(served).replace("http://testserver", "https://plenum.example"))
    # Entity numbers depend on the order of imports: the documented one is a person's address.
    assert re.fullmatch(r"https://plenum.example/persons/\d+/", documented["body"]["source"])
    assert re.fullmatch(r"https://plenum.example/persons/\d+/", served["body"].pop("source"))
    documented["body"].pop("source")
    assert documented == served


def test_the_documented_command_builds_the_documented_files(tmp_path, seeds):
    line = re.search(r"```sh\n(python manage.py .*?)\n```", SECTION_DATASET).group(1)
    name, *args = shlex.split(line)[3:]
    call_command("export_dataset", str(tmp_path / name), *args, stdout=io.StringIO())
    documented = {
        file: [column.strip() for column in columns.split(",")]
        for file, columns in re.findall(r"^\| `([a-z_]+\.csv)` \| (.*?) \|$", SECTION_DATASET, re.M)
    }
    assert documented == {table.name: table.columns for table in TABLES}
    with zipfile.ZipFile(tmp_path / name) as dataset:
        for file, columns in documented.items():
            with dataset.open(file) as raw:
                assert next(csv.reader(io.TextIOWrapper(raw, encoding="utf-8"))) == columns
        pages = [row[1] for row in csv.reader(io.TextIOWrapper(dataset.open("documents.csv"), encoding="utf-8"))]
        assert pages[1] == "https://plenum.example/documents/1/"
