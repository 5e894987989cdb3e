"""envdash: environmental performance of cities, from official reports.

The data flows one way, one subpackage per stage; a module imports only from its own stage and the
stages before it (tests/test_import_direction.py): core → curation → store → analysis → present.
The command line (`__main__`), app.py and pages/ sit on top.
"""
