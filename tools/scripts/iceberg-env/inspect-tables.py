"""Reads Iceberg tables through PyIceberg, independently of DuckDB, and prints what it finds as one JSON object.

Usage: .venv/bin/python inspect-tables.py '<json>' with {"uri", "s3Endpoint", "region", "accessKeyId",
"secretAccessKey", "tables": ["namespace.table", ...]}. Per table: the row count of a full scan (data files minus
deletes, read with PyArrow), the schema, the partition spec and the snapshots.
"""

import json
import sys

from pyiceberg.catalog.rest import RestCatalog


def describe(table):
    schema = table.schema()
    spec = table.spec()
    return {
        "location": table.location(),
        "formatVersion": table.metadata.format_version,
        "rows": table.scan().to_arrow().num_rows,
        "columns": [{"name": f.name, "type": str(f.field_type)} for f in schema.fields],
        "partitionSpec": [
            {"name": f.name, "transform": str(f.transform), "source": schema.find_column_name(f.source_id)}
            for f in spec.fields
        ],
        "currentSnapshotId": str(table.metadata.current_snapshot_id) if table.metadata.current_snapshot_id else None,
        "snapshots": [
            {
                "id": str(s.snapshot_id),
                "parentId": str(s.parent_snapshot_id) if s.parent_snapshot_id else None,
                "operation": s.summary.operation.value if s.summary else None,
                "addedRecords": int(s.summary.get("added-records", "0")) if s.summary else 0,
                "totalRecords": int(s.summary.get("total-records", "0")) if s.summary else 0,
            }
            for s in table.snapshots()
        ],
    }


def main():
    request = json.loads(sys.argv[1])
    catalog = RestCatalog(
        "instalake",
        uri=request["uri"],
        **{
            "s3.endpoint": request["s3Endpoint"],
            "s3.region": request["region"],
            "s3.access-key-id": request["accessKeyId"],
            "s3.secret-access-key": request["secretAccessKey"],
        },
    )
    print(json.dumps({name: describe(catalog.load_table(name)) for name in request["tables"]}))


if __name__ == "__main__":
    main()
