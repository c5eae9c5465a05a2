#!/usr/bin/env bash
exec "${PYTHON3:-python3}" "$IMPGRAPH_SOURCE_DIR/tests/lint/header_docs.py"
