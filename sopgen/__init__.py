"""sopgen: official SOP AP books (Permenpan RB 35/2012) from plain-text YAML sources.

The pipeline, one module per stage:

    sources   the source tree on disk -> the files to read, with path safety checks
    load      YAML bytes -> nodes that remember file:line:col
    contract  the keys each file kind accepts (shared by validate, schema and docs)
    validate  nodes -> model + every diagnostic of the run
    model     frozen dataclasses: Pemda, Unit, Sop, Step, Decision, ...
    waktu     measurable durations ("1 - 2 hari", "tiga hari kerja") and their sums
    cli       the only module that parses arguments, prints and exits
"""

__version__ = "0.1.0"
