"""`sopgen import`: an office's existing SOP AP documents -> sources/<unit>/<sop>.yaml.

found.py holds what was read, docx.py reads Word documents, yaml_out.py writes the
sources with `# periksa:` beside every value that could not be read with confidence."""
