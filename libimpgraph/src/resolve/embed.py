"""Regenerates probe_script.c from probe.py: `python3 embed.py` in this directory.

unit.probe checks that the embedded copy matches probe.py byte for byte.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def c_string_lines(text):
    for line in text.splitlines(True):
        escaped = line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        yield '    "%s"\n' % escaped


def main():
    with open(os.path.join(HERE, "probe.py"), encoding="utf-8") as f:
        text = f.read()
    if not text.isascii():
        raise SystemExit("probe.py must be ASCII")
    out = [
        "/* Generated from probe.py by embed.py; do not edit. */\n",
        '#include "resolve/resolve_internal.h"\n',
        "\n",
        "static const char probe_script[] =\n",
    ]
    out.extend(c_string_lines(text))
    out.append("    ;\n\nconst char *ipg_probe_script(void) { return probe_script; }\n")
    with open(os.path.join(HERE, "probe_script.c"), "w", encoding="utf-8") as f:
        f.writelines(out)


if __name__ == "__main__":
    main()
