"""`soanthao serve`: a local web editor over the spec files of one folder.

The files on disk stay the truth: pages read and write the same specs the command line uses,
through the same library functions (load, validate, render, next, import, extract).
"""
