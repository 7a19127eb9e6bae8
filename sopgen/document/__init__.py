"""Stage 3, the documents: one SOP (identity page and flowchart pages) and a unit's whole
book (cover, decree, daftar isi, SOPs, forms) as .docx, from the docxtpl templates."""

import os
from pathlib import Path

# the Word templates, shipped inside the package; SOPGEN_TEMPLATES points at an office's own.
# Here rather than in render: a build with nothing to do needs the path, not Word's libraries
TEMPLATES = Path(os.environ.get("SOPGEN_TEMPLATES", Path(__file__).resolve().parents[1] / "templates"))
