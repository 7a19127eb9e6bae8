"""`sopgen import`: an office's existing SOP AP documents -> sources/<unit>/<sop>.yaml.

found.py holds what was read, printed.py the wordings documents print, docx.py and pdf.py
read Word documents and PDFs (flow.py the flow from their shapes), yaml_out.py writes the
sources with `# periksa:` beside every value that could not be read with confidence."""
