#!/usr/bin/env python3
"""schema-check.py SCHEMA FILE...: every FILE must validate against the
scenario schema (scenarios/schema.json), so the schema editors use accepts
what the loader accepts, format 2 included. Exits 77 (skipped) without the
jsonschema module, 1 if a file does not validate."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed (apt-get install python3-jsonschema): skipped")
    sys.exit(77)

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
bad = 0
for path in sys.argv[2:]:
    for err in validator.iter_errors(json.load(open(path, encoding="utf-8"))):
        where = "/".join(str(p) for p in err.absolute_path)
        print(f"{path}: /{where}: {err.message}")
        bad += 1
# a use of a template takes no effects of its own: the schema must say so
use_with_effects = {"use": "sergeant", "observe": ["IND-A"]}
choice = schema["definitions"]["node"]["properties"]["choices"]["items"]
if jsonschema.Draft7Validator({"definitions": schema["definitions"], **choice}).is_valid(
        use_with_effects):
    print("the schema accepts a use of a template with effects of its own")
    bad += 1
sys.exit(1 if bad else 0)
