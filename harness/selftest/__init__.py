"""Proving the suite can fail: run it against fault-injected references and build the kill
matrix (fault → catching scenarios → killed?) and the check coverage (every check failed by at
least one fault). Runs the real CLI in subprocesses; imports the fault registry only for names.
"""
